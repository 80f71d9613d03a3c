/** A plain-text table with aligned columns (numbers right-aligned), for terminal output. */
export function formatTable(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [head, ...rows].map((r) => r.map((c) => String(c)));
  const width = head.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const numeric = head.map((_, j) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.]+( %)?$/.test(String(r[j]))));
  const line = (r: string[]) =>
    r
      .map((c, j) => (numeric[j] ? c.padStart(width[j] as number) : c.padEnd(width[j] as number)))
      .join('  ')
      .trimEnd();
  return [line(cells[0] as string[]), width.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}
