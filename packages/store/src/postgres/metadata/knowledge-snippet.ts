/**
 * The know-how snippet on PostgreSQL, made as SQLite FTS5's snippet() makes it (fts5_aux.c, fts5SnippetFunction)
 * so that both stores show the same text: of the columns of an entry, the one with the best window of nToken
 * words is chosen (a query word found scores 1000 the first time and 1 after that; windows that start a sentence
 * score 100 more, 120 at the very start), the window is centred on its matches within the column, every matched
 * word is put between « and », and … marks a cut at either end.
 *
 * Which words matched comes from PostgreSQL: the entry's tsvector (knowledge_entries.document) holds each word's
 * lexeme at its position, and the query words' lexemes come from the same text search configuration. Both were made from the text cut
 * into words as sqlite/knowledge-store.ts splitWords cuts it, so word n of a column here is position n there.
 */
import { splitWords } from '../../sqlite/knowledge-store';

/** One matched word: which query word (phrase) it matched and its position in the column (0-based). */
interface Instance {
  phrase: number;
  pos: number;
}

/** A query word's lexeme; prefix: it matches the lexemes that start with it. */
export interface QueryLexeme {
  lexeme: string;
  prefix: boolean;
}

/** The columns of an entry in FTS5 column order (title, root cause, action taken, notes) with their labels. */
export interface SnippetColumns {
  title: string;
  rootCause: string;
  actionTaken: string;
  notes: string;
}

/** Labels of the columns in the tsvector, in the order indexKnowledge concatenates them. */
const LABEL_ORDER = ['A', 'B', 'C', 'D'] as const;
const LABEL_OF = { rootCause: 'A', actionTaken: 'B', title: 'C', notes: 'D' } as const;
const FTS_COLUMN_ORDER = ['title', 'rootCause', 'actionTaken', 'notes'] as const;

function unquote(s: string): string {
  return s.replace(/''/g, "'").replace(/\\(.)/g, '$1');
}

/** Lexeme → positions (1-based, across the concatenated columns) with their label, from a tsvector's text. */
function parseTsvector(text: string): Map<string, { pos: number; label: string }[]> {
  const out = new Map<string, { pos: number; label: string }[]>();
  for (const m of text.matchAll(/'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?/g)) {
    const positions = (m[2] ?? '').split(',').filter((p) => p !== '');
    out.set(
      unquote(m[1]!),
      positions.map((p) => {
        const label = /[A-D]$/.test(p) ? p.slice(-1) : 'D';
        return { pos: Number.parseInt(p, 10), label };
      }),
    );
  }
  return out;
}

/**
 * The matched words of each column: a word matches a query word whose lexeme equals its own (or starts it, for
 * a prefix word); a word matching two query words is an instance of each, as in FTS5.
 */
function instancesByColumn(
  columns: SnippetColumns,
  document: string,
  query: readonly (QueryLexeme | undefined)[],
): Record<keyof SnippetColumns, Instance[]> {
  // Positions of a column are shifted by the words of the columns before it in the concatenation.
  const shift: Record<string, number> = {};
  let words = 0;
  for (const label of LABEL_ORDER) {
    shift[label] = words;
    const key = (Object.keys(LABEL_OF) as (keyof SnippetColumns)[]).find((k) => LABEL_OF[k] === label)!;
    words += splitWords(columns[key]).length;
  }
  const out: Record<keyof SnippetColumns, Instance[]> = { title: [], rootCause: [], actionTaken: [], notes: [] };
  const byLabel = { A: out.rootCause, B: out.actionTaken, C: out.title, D: out.notes } as Record<string, Instance[]>;
  for (const [lexeme, positions] of parseTsvector(document)) {
    query.forEach((q, phrase) => {
      if (q === undefined || !(q.prefix ? lexeme.startsWith(q.lexeme) : lexeme === q.lexeme)) return;
      for (const { pos, label } of positions) byLabel[label]?.push({ phrase, pos: pos - 1 - shift[label]! });
    });
  }
  for (const list of Object.values(out)) list.sort((a, b) => a.pos - b.pos || a.phrase - b.phrase);
  return out;
}

/** Word boundaries of a text: [start, end) character offsets of each run of letters and digits. */
function tokens(text: string): [number, number][] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => [m.index, m.index + m[0].length]);
}

/** Positions of the words that start a sentence: the first, and those after a '.' or ':' and white space. */
function sentenceStarts(text: string, toks: readonly [number, number][]): number[] {
  const starts: number[] = toks.length > 0 ? [0] : [];
  for (let i = 1; i < toks.length; i++) {
    const start = toks[i]![0];
    let j = start - 1;
    while (j >= 0 && ' \t\n\r'.includes(text[j]!)) j--;
    if (j !== start - 1 && j >= 0 && (text[j] === '.' || text[j] === ':')) starts.push(i);
  }
  return starts;
}

/** fts5SnippetScore: the score of the window [pos, pos + nToken) and where to start it to centre its matches. */
function windowScore(instances: readonly Instance[], pos: number, nToken: number, nDoc: number) {
  const seen = new Set<number>();
  let score = 0;
  let first = -1;
  let last = 0;
  for (const inst of instances) {
    if (inst.pos < pos || inst.pos >= pos + nToken) continue;
    score += seen.has(inst.phrase) ? 1 : 1000;
    seen.add(inst.phrase);
    if (first < 0) first = inst.pos;
    last = inst.pos + 1;
  }
  let start = first - Math.trunc((nToken - (last - first)) / 2);
  if (start + nToken > nDoc) start = nDoc - nToken;
  if (start < 0) start = 0;
  return { score, start };
}

/**
 * The snippet of an entry for a query: columns in FTS5 order, the entry's tsvector text and the lexeme of each
 * query word (undefined for a word without one).
 */
export function knowledgeSnippet(
  columns: SnippetColumns,
  document: string,
  query: readonly (QueryLexeme | undefined)[],
  nToken = 24,
): string {
  const instances = instancesByColumn(columns, document, query);
  let best = { score: 0, column: FTS_COLUMN_ORDER[0] as keyof SnippetColumns, start: 0 };
  for (const column of FTS_COLUMN_ORDER) {
    const text = columns[column];
    const toks = tokens(text);
    const nDoc = toks.length;
    const starts = sentenceStarts(text, toks);
    for (const inst of instances[column]) {
      const w = windowScore(instances[column], inst.pos, nToken, nDoc);
      if (w.score > best.score) best = { score: w.score, column, start: w.start };
      // A window that starts at the sentence holding the match reads better: it wins unless it loses matches.
      if (starts.length > 0 && nDoc > nToken) {
        let j = 0;
        while (j < starts.length - 1 && starts[j + 1]! <= inst.pos) j++;
        const sentence = starts[j]!;
        if (sentence < inst.pos) {
          const score = windowScore(instances[column], sentence, nToken, nDoc).score + (sentence === 0 ? 120 : 100);
          if (score > best.score) best = { score, column, start: sentence };
        }
      }
    }
  }
  return highlight(columns[best.column], instances[best.column], best.start, nToken);
}

/** The words [start, start + nToken) of the text with the matched ones marked, … where the text is cut. */
function highlight(text: string, instances: readonly Instance[], start: number, nToken: number): string {
  const toks = tokens(text);
  const end = start + nToken - 1;
  const matched = new Set(instances.map((i) => i.pos));
  let out = start > 0 ? '…' : '';
  let offset = start > 0 && start < toks.length ? toks[start]![0] : 0;
  for (let i = start; i <= end && i < toks.length; i++) {
    if (!matched.has(i)) continue;
    const [s, e] = toks[i]!;
    out += `${text.slice(offset, s)}«${text.slice(s, e)}»`;
    offset = e;
  }
  if (end >= toks.length - 1) return out + text.slice(offset);
  return `${out}${text.slice(offset, toks[end]![1])}…`;
}
