const CANDIDATES = [',', ';', '\t', '|'] as const;

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === d) n++;
  }
  return n;
}

/**
 * Guesses the delimiter from the first lines: the candidate that appears the same, non-zero number of times on
 * every sampled line (outside quotes), preferring the most frequent; "," when nothing fits.
 */
export function detectCsvDelimiter(head: string): string {
  const lines = head
    .split(/\r?\n/)
    .slice(0, 11)
    .filter((l) => l.trim() !== '');
  // the last line of a chunk may be cut off
  if (lines.length > 2) lines.pop();
  let best: string = ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.every((c) => c === first);
    const score = (consistent ? 1000 : 0) + first;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}
