import { DEFAULT_FAILURE_MODES, INSTRUMENT_MODES } from '@prognos/maintenance';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FailureLibrary } from './failure-library';

describe('FailureLibrary.seed', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = openSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => store.close());

  it('stores the whole default library once, instrument modes included', async () => {
    const lib = new FailureLibrary(store.metadata);
    expect(await lib.seed()).toBe(DEFAULT_FAILURE_MODES.length);
    expect(await lib.seed()).toBe(0);
    for (const fm of INSTRUMENT_MODES) expect(await store.metadata.getFailureMode(fm.id)).toEqual(fm);
  });

  it('adds modes the defaults gained to a library seeded by an older version, keeping edits', async () => {
    const old = DEFAULT_FAILURE_MODES.filter((m) => !INSTRUMENT_MODES.includes(m));
    for (const fm of old) await store.metadata.saveFailureMode(fm);
    await store.metadata.saveFailureMode({ ...old[0]!, name: 'edited' });
    // the record an older version left: a count, no ids
    await store.metadata.setSetting('maintenance:failure-modes-seeded', JSON.stringify({ at: 1, modes: old.length }));
    expect(await new FailureLibrary(store.metadata).seed()).toBe(INSTRUMENT_MODES.length);
    expect((await store.metadata.getFailureMode(old[0]!.id))?.name).toBe('edited');
    expect((await store.metadata.listFailureModes('centrifugal_pump')).some((m) => m.id === 'instrument-drift')).toBe(
      true,
    );
  });
});
