/**
 * Know-how in SQLite (migration 9): the findings of work orders in an FTS5 index. The metadata store calls index()
 * on every saveWorkOrderDetail, so the index never lags the work orders.
 */
import type { KnowledgeHit, KnowledgeQuery, WorkOrderDetail } from '@prognos/core';
import type Database from 'better-sqlite3';
import type { Row } from './metadata-rows';

/** Default and largest number of hits one search returns. */
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 200;

/** The number of hits a query asks for, within 1..MAX_LIMIT. */
export function knowledgeLimit(q: KnowledgeQuery): number {
  return Math.min(Math.max(Math.floor(q.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
}

/** One word of a search; prefix: it ended in * and matches the words that start with it. */
export interface SearchTerm {
  word: string;
  prefix: boolean;
}

/**
 * The words of what a person typed, letters and digits only: every store's tokenizer splits on everything else,
 * so "re-tightened" is two words and query syntax (quotes, operators, column filters) is never more than words.
 */
export function searchTerms(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const raw of text.split(/\s+/)) {
    const prefix = raw.endsWith('*');
    for (const word of splitWords(raw)) terms.push({ word, prefix: false });
    if (prefix && terms.length > 0) terms[terms.length - 1]!.prefix = true;
  }
  return terms;
}

/** Runs of letters and digits (the unit both full-text indexes search by). */
export function splitWords(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/**
 * Turns what a person typed into an FTS5 query that cannot break out of plain word matching: every word becomes a
 * quoted string (quotes inside doubled), so FTS operators (AND, OR, NOT, NEAR, column filters, parentheses) are
 * searched as words. A trailing * stays a prefix match. Words are joined by spaces, which FTS5 reads as AND.
 * Returns undefined when nothing searchable is left (only punctuation, say).
 */
export function toFtsQuery(text: string): string | undefined {
  const terms = searchTerms(text).map((t) => `"${t.word.replaceAll('"', '""')}"${t.prefix ? '*' : ''}`);
  return terms.length === 0 ? undefined : terms.join(' ');
}

/** Hands-on minutes of the repair: the labour hours summed; undefined when none were booked. */
export function repairMinutes(wo: WorkOrderDetail): number | undefined {
  const hours = wo.labour.reduce((sum, l) => sum + l.hours, 0);
  return hours > 0 ? Math.round(hours * 60) : undefined;
}

/** Who did the job: the technician with the most booked hours, else the assignee. */
export function leadTechnician(wo: WorkOrderDetail): string | undefined {
  const byTech = new Map<string, number>();
  for (const l of wo.labour) byTech.set(l.technician, (byTech.get(l.technician) ?? 0) + l.hours);
  let best: string | undefined;
  for (const [tech, hours] of byTech) if (best === undefined || hours > (byTech.get(best) ?? 0)) best = tech;
  return best ?? wo.assignee;
}

export class SqliteKnowledge {
  private readonly q;
  constructor(
    private readonly db: Database.Database,
    private readonly check: () => void,
  ) {
    this.q = {
      remove: db.prepare('DELETE FROM knowledge_fts WHERE work_order_id = ?'),
      insert: db.prepare(
        `INSERT INTO knowledge_fts
           (work_order_id, asset_id, failure_mode_id, completed_at, title, root_cause, action_taken, notes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      count: db.prepare('SELECT count(*) AS n FROM knowledge_fts'),
      // Only the records that have findings: an empty index is checked on every open, so keep that cheap.
      withFindings: db.prepare(
        "SELECT data FROM work_order_details WHERE json_extract(data, '$.findings') IS NOT NULL",
      ),
    };
    this.backfill();
  }

  /**
   * A database that had work orders before migration 9 starts with an empty index: fill it once from the stored
   * work orders, so findings recorded earlier are searchable too.
   */
  private backfill(): void {
    if ((this.q.count.get() as { n: number }).n > 0) return;
    const withFindings = (this.q.withFindings.all() as Row[])
      .map((r) => JSON.parse(r.data as string) as WorkOrderDetail)
      .filter((wo) => knowledgeEntry(wo) !== undefined);
    if (withFindings.length === 0) return;
    this.db.transaction(() => {
      for (const wo of withFindings) this.write(wo);
    })();
  }

  /** Puts the work order's findings in the index (or takes it out when it has none). */
  index(wo: WorkOrderDetail): void {
    this.check();
    this.db.transaction(() => {
      this.q.remove.run(wo.id);
      this.write(wo);
    })();
  }

  private write(wo: WorkOrderDetail): void {
    const e = knowledgeEntry(wo);
    if (e === undefined) return;
    this.q.insert.run(...knowledgeEntryValues(e));
  }

  /**
   * All words must match (prefix with a trailing *), best first by bm25 (root cause and action weigh most). An
   * empty q lists the newest findings. assetType filters through the assets table.
   */
  search(q: KnowledgeQuery): KnowledgeHit[] {
    this.check();
    const limit = knowledgeLimit(q);
    const match = q.q === undefined ? undefined : toFtsQuery(q.q);
    // Words typed but nothing searchable in them (e.g. only "***"): no hits rather than everything.
    if (q.q !== undefined && q.q.trim() !== '' && match === undefined) return [];
    const where: string[] = [];
    const params: unknown[] = [];
    if (match !== undefined) {
      where.push('knowledge_fts MATCH ?');
      params.push(match);
    }
    if (q.assetId !== undefined) {
      where.push('k.asset_id = ?');
      params.push(q.assetId);
    }
    if (q.failureModeId !== undefined) {
      where.push('k.failure_mode_id = ?');
      params.push(q.failureModeId);
    }
    if (q.assetType !== undefined) {
      where.push('a.type = ?');
      params.push(q.assetType);
    }
    // Column weights follow the table: ids (unindexed) 0, title 2, root cause 10, action 5, notes 1.
    const rank = match === undefined ? '0' : 'bm25(knowledge_fts, 0, 0, 0, 0, 2.0, 10.0, 5.0, 1.0)';
    // Snippet from whichever text column matched best; -1 lets FTS5 pick it.
    const snippet =
      match === undefined ? 'substr(k.root_cause, 1, 200)' : "snippet(knowledge_fts, -1, '«', '»', '…', 24)";
    const sql = `
      SELECT k.work_order_id, k.asset_id, k.failure_mode_id, k.completed_at, k.title, k.root_cause, k.action_taken,
             ${snippet} AS snippet, ${rank} AS score, a.name AS asset_name, a.type AS asset_type,
             w.data AS data
        FROM knowledge_fts k
        LEFT JOIN assets a ON a.id = k.asset_id
        LEFT JOIN work_order_details w ON w.id = k.work_order_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${match === undefined ? 'k.completed_at DESC, k.rowid DESC' : 'score, k.completed_at DESC'}
       LIMIT ?`;
    params.push(limit);
    const rows = this.db.prepare(sql).all(...params) as Row[];
    return rows.map((r) =>
      // bm25 is lower-is-better (negative); flip it so higher means more relevant, as the contract says.
      toKnowledgeHit(
        r,
        r.score === 0 ? 0 : -(r.score as number),
        r.data == null ? undefined : JSON.parse(r.data as string),
      ),
    );
  }
}

/** What the know-how index holds of one work order: its findings and the text around them. */
export interface KnowledgeEntry {
  workOrderId: string;
  assetId: string;
  failureModeId?: string;
  completedAt?: number;
  title: string;
  rootCause: string;
  actionTaken: string;
  /** What else the technician wrote: the step notes and the job description, one per line. */
  notes: string;
}

/** The work order's entry in the index; undefined when it has no findings (no root cause and no action). */
export function knowledgeEntry(wo: WorkOrderDetail): KnowledgeEntry | undefined {
  const f = wo.findings;
  if (f === undefined || (f.rootCause.trim() === '' && f.actionTaken.trim() === '')) return undefined;
  const notes = [...wo.stepResults.map((s) => s.note ?? ''), wo.description].filter((n) => n.trim() !== '').join('\n');
  const failureModeId = f.failureModeId ?? wo.failureModeId;
  return {
    workOrderId: wo.id,
    assetId: wo.assetId,
    ...(failureModeId !== undefined ? { failureModeId } : {}),
    ...(wo.completedAt !== undefined ? { completedAt: wo.completedAt } : {}),
    title: wo.title,
    rootCause: f.rootCause,
    actionTaken: f.actionTaken,
    notes,
  };
}

/**
 * The entry's values in the column order both indexes store them: work_order_id, asset_id, failure_mode_id,
 * completed_at, title, root_cause, action_taken, notes.
 */
export function knowledgeEntryValues(e: KnowledgeEntry): unknown[] {
  return [
    e.workOrderId,
    e.assetId,
    e.failureModeId ?? null,
    e.completedAt ?? null,
    e.title,
    e.rootCause,
    e.actionTaken,
    e.notes,
  ];
}

/**
 * A search hit from an index row (columns work_order_id, asset_id, failure_mode_id, completed_at, title,
 * root_cause, action_taken, snippet, asset_name, asset_type), its relevance (higher is better) and the stored work
 * order, which gives the repair time and the technician.
 */
export function toKnowledgeHit(r: Row, rank: number, wo: WorkOrderDetail | undefined): KnowledgeHit {
  const hit: KnowledgeHit = {
    workOrderId: r.work_order_id as string,
    assetId: r.asset_id as string,
    title: r.title as string,
    rootCause: r.root_cause as string,
    actionTaken: r.action_taken as string,
    snippet: (r.snippet as string | null) ?? '',
    rank,
  };
  if (r.asset_name !== null && r.asset_name !== undefined) hit.assetName = r.asset_name as string;
  if (r.asset_type !== null && r.asset_type !== undefined) hit.assetType = r.asset_type as string;
  if (r.failure_mode_id !== null && r.failure_mode_id !== undefined) hit.failureModeId = r.failure_mode_id as string;
  if (r.completed_at !== null && r.completed_at !== undefined) hit.completedAt = r.completed_at as number;
  if (wo !== undefined) {
    const minutes = repairMinutes(wo);
    if (minutes !== undefined) hit.repairMinutes = minutes;
    const tech = leadTechnician(wo);
    if (tech !== undefined) hit.technician = tech;
  }
  return hit;
}
