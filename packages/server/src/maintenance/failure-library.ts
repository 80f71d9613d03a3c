/** The failure-mode library (FMEA) in the metadata store, seeded once with the default library. */
import { type FailureMode, PrognosError } from '@prognos/core';
import { DEFAULT_FAILURE_MODES, validateFailureMode } from '@prognos/maintenance';
import type { MetadataStore } from '@prognos/store';

/**
 * The ids of the default modes already stored once: a library someone has edited is never re-seeded over, and a mode
 * the defaults gained since (the instrument modes) is added on the next start.
 */
const SEEDED_KEY = 'maintenance:failure-modes-seeded';

export class FailureLibrary {
  constructor(private readonly metadata: MetadataStore) {}

  /** Stores the default modes not stored before; returns how many were added. */
  async seed(): Promise<number> {
    const raw = await this.metadata.getSetting(SEEDED_KEY);
    // A record of an older version names no ids: every mode stored then is still there (modes cannot be deleted).
    const seeded = new Set<string>(raw ? ((JSON.parse(raw) as { ids?: string[] }).ids ?? []) : []);
    let added = 0;
    for (const fm of DEFAULT_FAILURE_MODES) {
      if (seeded.has(fm.id)) continue;
      seeded.add(fm.id);
      if (await this.metadata.getFailureMode(fm.id)) continue;
      await this.metadata.saveFailureMode(fm);
      added++;
    }
    if (added > 0 || !raw)
      await this.metadata.setSetting(SEEDED_KEY, JSON.stringify({ at: Date.now(), modes: added, ids: [...seeded] }));
    return added;
  }

  list(assetType?: string): Promise<FailureMode[]> {
    return this.metadata.listFailureModes(assetType);
  }

  async get(id: string): Promise<FailureMode> {
    const fm = await this.metadata.getFailureMode(id);
    if (!fm) throw new PrognosError('FAILURE_MODE_NOT_FOUND', [id]);
    return fm;
  }

  /** Creates or replaces a mode; the body is checked field by field (400 FAILURE_MODE_INVALID naming the field). */
  async put(id: string, body: FailureMode): Promise<FailureMode> {
    if (body.id !== id)
      throw new PrognosError('FAILURE_MODE_INVALID', ['id', `must equal the id in the path ("${id}")`]);
    const fm = checked(body);
    await this.metadata.saveFailureMode(fm);
    return fm;
  }
}

/** The checked mode; the first problem names its field in the error, every problem is in its details. */
function checked(body: FailureMode): FailureMode {
  const result = validateFailureMode(body);
  if (result.ok) return result.value;
  // Each error reads "<field path> <what is wrong>" (e.g. "symptoms[2].direction must be 'up' or 'down'").
  const first = result.errors[0] ?? 'body is not a failure mode';
  const space = first.indexOf(' ');
  const field = space > 0 ? first.slice(0, space) : 'body';
  const problem = space > 0 ? first.slice(space + 1) : first;
  return fail(field, problem, result.errors);
}

function fail(field: string, problem: string, errors: string[]): never {
  throw new PrognosError('FAILURE_MODE_INVALID', [field, problem], { field, errors });
}
