/**
 * Know-how on PostgreSQL: the findings of work orders in knowledge_entries (maintenance-ddl.ts) with a weighted
 * tsvector, searched with the same observable behaviour as the embedded FTS5 index (sqlite/knowledge-store.ts):
 * every word must match, a trailing * matches a prefix, English stems ("realign" finds "realigned"), query syntax is
 * only ever words, hits are ranked by FTS5's bm25 with the same column weights (so the same order and ranks), the
 * snippet is made as FTS5 makes it (knowledge-snippet.ts), and an empty query lists the newest findings.
 */
import type { KnowledgeHit, KnowledgeQuery, WorkOrderDetail } from '@prognos/core';
import type pg from 'pg';
import {
  knowledgeEntry,
  knowledgeEntryValues,
  knowledgeLimit,
  type SearchTerm,
  searchTerms,
  splitWords,
  toKnowledgeHit,
} from '../../sqlite/knowledge-store';
import type { Row } from '../../sqlite/metadata-rows';
import { knowledgeSnippet } from './knowledge-snippet';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * bm25 as FTS5 computes it (fts5_aux.c, fts5Bm25Function) with the embedded store's column weights: for each query
 * word, idf × f × (k1 + 1) / (f + k1 × (1 − b + b × words / average words)), where f is the word's weighted
 * frequency in the entry (each occurrence counts its column's weight: root cause 10, action taken 5, title 2,
 * notes 1) and idf = ln((entries − entries with the word + 0.5) / (entries with the word + 0.5)), at least 1e-6.
 * FTS5 returns it negated (lower is better); the hit's rank is the sum itself, as the embedded store reports it.
 */
const BM25_K1 = 1.2;
const BM25_B = 0.75;
const LABEL_WEIGHT = "CASE label WHEN 'A' THEN 10 WHEN 'B' THEN 5 WHEN 'C' THEN 2 ELSE 1 END";

/**
 * A word as both indexes compare it: without diacritics (SQLite's unicode61 tokenizer removes them by default), so
 * "cafe" finds "café" and the other way round. One word stays one word, so positions keep matching the text.
 */
function fold(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}

/** Text as to_tsvector gets it: its words (letters and digits only), folded, one space apart. */
const indexText = (text: string) => splitWords(text).map(fold).join(' ');

/**
 * Puts the work order's findings in the index or takes it out when it has none; runs in the caller's transaction
 * (the one that saves the work order). The text is cut into words as the query is (letters and digits only) before
 * PostgreSQL's parser sees it, so that "shim/foot" or "1.5" are words of their own as in SQLite, not one token.
 */
export async function indexKnowledge(c: Queryable, wo: WorkOrderDetail): Promise<void> {
  await c.query('DELETE FROM knowledge_entries WHERE work_order_id = $1', [wo.id]);
  const e = knowledgeEntry(wo);
  if (e === undefined) return;
  await c.query(
    `INSERT INTO knowledge_entries
       (work_order_id, asset_id, failure_mode_id, completed_at, title, root_cause, action_taken, notes, words,
        document)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
       setweight(to_tsvector('knowledge_search', $10), 'A') || setweight(to_tsvector('knowledge_search', $11), 'B')
       || setweight(to_tsvector('knowledge_search', $12), 'C') || setweight(to_tsvector('knowledge_search', $13), 'D'))`,
    [
      ...knowledgeEntryValues(e),
      [e.rootCause, e.actionTaken, e.title, e.notes].reduce((n, text) => n + splitWords(text).length, 0),
      indexText(e.rootCause),
      indexText(e.actionTaken),
      indexText(e.title),
      indexText(e.notes),
    ],
  );
}

/** A to_tsquery text that needs all the words; each word folded and quoted, a prefix word marked :*. */
function tsQuery(terms: readonly SearchTerm[]): string {
  // Words are letters and digits only (searchTerms); quoting still keeps any of them a plain lexeme.
  return terms.map((t) => `'${fold(t.word).replace(/['\\]/g, '\\$&')}'${t.prefix ? ':*' : ''}`).join(' & ');
}

/** Best matches first (bm25, higher is better); without words, the newest findings with rank 0. */
export async function searchKnowledge(db: Queryable, q: KnowledgeQuery): Promise<KnowledgeHit[]> {
  const limit = knowledgeLimit(q);
  const terms = q.q === undefined ? [] : searchTerms(q.q);
  // Words typed but nothing searchable in them (e.g. only "***"): no hits rather than everything.
  if (q.q !== undefined && q.q.trim() !== '' && terms.length === 0) return [];
  const params: unknown[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (q.assetId !== undefined) where.push(`k.asset_id = ${param(q.assetId)}`);
  if (q.failureModeId !== undefined) where.push(`k.failure_mode_id = ${param(q.failureModeId)}`);
  if (q.assetType !== undefined) where.push(`a.type = ${param(q.assetType)}`);
  const columns = `k.work_order_id, k.asset_id, k.failure_mode_id, k.completed_at, k.title, k.root_cause,
    k.action_taken, a.name AS asset_name, a.type AS asset_type, w.data AS data`;
  const from = `knowledge_entries k
    LEFT JOIN assets a ON a.id = k.asset_id
    LEFT JOIN work_order_details w ON w.id = k.work_order_id`;
  // SQLite sorts NULL first ascending, so last descending; a re-indexed entry counts as the newest write.
  const newest = (t: string) => `${t}.completed_at DESC NULLS LAST, ${t}.seq DESC`;

  if (terms.length === 0) {
    const sql = `SELECT ${columns}, substr(k.root_cause, 1, 200) AS snippet FROM ${from}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${newest('k')} LIMIT ${param(limit)}`;
    return (await db.query(sql, params)).rows.map((r: Row) =>
      toKnowledgeHit(r, 0, (r.data ?? undefined) as WorkOrderDetail | undefined),
    );
  }

  const query = param(tsQuery(terms));
  const folded = param(terms.map((t) => fold(t.word)));
  const wordQueries = param(terms.map((t) => tsQuery([t])));
  const prefixes = param(terms.map((t) => t.prefix));
  where.unshift(`k.document @@ to_tsquery('knowledge_search', ${query})`);
  // term: each query word's lexeme (the stem of the word alone; none for a word too long to index) and the number
  // of entries that hold it; stats: entries and their average length. Both over the whole index, as in FTS5.
  const sql = `
    WITH stats AS (
      SELECT count(*)::float8 AS entries, coalesce(avg(words), 0)::float8 AS avg_words FROM knowledge_entries
    ),
    term AS (
      SELECT u.i, (tsvector_to_array(to_tsvector('knowledge_search', u.word)))[1] AS lexeme,
             u.prefix, greatest(ln((s.entries - h.n + 0.5) / (h.n + 0.5)), 1e-6) AS idf
        FROM unnest(${folded}::text[], ${wordQueries}::text[], ${prefixes}::boolean[])
             WITH ORDINALITY AS u(word, query, prefix, i)
       CROSS JOIN stats s
       CROSS JOIN LATERAL (
         SELECT count(*)::float8 AS n FROM knowledge_entries e
          WHERE e.document @@ to_tsquery('knowledge_search', u.query)
       ) h
    )
    SELECT ${columns}, k.notes, k.document::text AS document,
           (SELECT array_agg(t.lexeme ORDER BY t.i) FROM term t) AS lexemes,
           (SELECT coalesce(sum(t.idf * f.f * ${BM25_K1 + 1}
                      / (f.f + ${BM25_K1} * (${1 - BM25_B} + ${BM25_B} * k.words / nullif(s.avg_words, 0)))), 0)
              FROM term t
             CROSS JOIN LATERAL (
               SELECT coalesce(sum(${LABEL_WEIGHT}), 0)::float8 AS f
                 FROM unnest(k.document) AS d(lexeme, positions, weights), unnest(d.weights) AS label
                WHERE d.lexeme = t.lexeme OR (t.prefix AND starts_with(d.lexeme, t.lexeme))
             ) f) AS score
      FROM ${from}
     CROSS JOIN stats s
     WHERE ${where.join(' AND ')}
     ORDER BY score DESC, ${newest('k')}
     LIMIT ${param(limit)}`;
  return (await db.query(sql, params)).rows.map((r: Row) => {
    const lexemes = r.lexemes as (string | null)[];
    const snippet = knowledgeSnippet(
      {
        title: r.title as string,
        rootCause: r.root_cause as string,
        actionTaken: r.action_taken as string,
        notes: r.notes as string,
      },
      r.document as string,
      terms.map((t, i) => (lexemes[i] == null ? undefined : { lexeme: lexemes[i], prefix: t.prefix })),
    );
    return toKnowledgeHit({ ...r, snippet }, r.score as number, (r.data ?? undefined) as WorkOrderDetail | undefined);
  });
}
