import { quoteIdent } from '../migrations';

/**
 * INSERT … ON CONFLICT DO UPDATE with values $1…$n in column order: the first `keyColumns` columns are the conflict
 * target, every other column is replaced. Column names come from code, never from input; they are quoted (alerts
 * has a column named "similar", a keyword).
 */
export function upsertSql(table: string, columns: readonly string[], keyColumns = 1): string {
  const cols = columns.map(quoteIdent);
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})
    ON CONFLICT (${cols.slice(0, keyColumns).join(', ')}) DO UPDATE SET ${cols
      .slice(keyColumns)
      .map((c) => `${c} = EXCLUDED.${c}`)
      .join(', ')}`;
}
