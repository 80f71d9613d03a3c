/** The prepared statements of the reading store (SQL kept in one place). */
import type Database from 'better-sqlite3';

export function prepareReadingStatements(db: Database.Database) {
  return {
    insertSeries: db.prepare('INSERT INTO series (sensor) VALUES (?)'),
    insertHead: db.prepare('INSERT INTO reading_head (series_id, window_start, n, data) VALUES (?, ?, ?, ?)'),
    headData: db.prepare('SELECT data FROM reading_head WHERE series_id = ? AND window_start = ? ORDER BY id').pluck(),
    deleteHeads: db.prepare('DELETE FROM reading_head WHERE series_id = ? AND window_start = ?'),
    chunkData: db.prepare('SELECT data FROM reading_chunk WHERE series_id = ? AND window_start = ?').pluck(),
    upsertChunk: db.prepare(
      `INSERT INTO reading_chunk (series_id, window_start, n, t_min, t_max, v_min, v_max, v_sum, minutes, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (series_id, window_start) DO UPDATE SET n = excluded.n, t_min = excluded.t_min,
         t_max = excluded.t_max, v_min = excluded.v_min, v_max = excluded.v_max, v_sum = excluded.v_sum,
         minutes = excluded.minutes, data = excluded.data`,
    ),
    chunkWindows: db
      .prepare(
        'SELECT window_start FROM reading_chunk WHERE series_id = ? AND window_start >= ? AND window_start < ? ORDER BY window_start',
      )
      .pluck(),
    chunkStats: db.prepare(
      `SELECT window_start, n, t_min, t_max, v_min, v_max, v_sum FROM reading_chunk
       WHERE series_id = ? AND window_start >= ? AND window_start < ? ORDER BY window_start`,
    ),
    chunkMinutes: db.prepare(
      `SELECT window_start, n, t_min, t_max, v_min, v_max, v_sum, minutes FROM reading_chunk
       WHERE series_id = ? AND window_start >= ? AND window_start < ? ORDER BY window_start`,
    ),
    chunkBounds: db.prepare('SELECT MIN(t_min) AS lo, MAX(t_max) AS hi FROM reading_chunk WHERE series_id = ?'),
    maxChunkWindow: db.prepare('SELECT MAX(window_start) FROM reading_chunk WHERE series_id = ?').pluck(),
  };
}

export type ReadingStatements = ReturnType<typeof prepareReadingStatements>;
