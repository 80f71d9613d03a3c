import type { Sensor } from '@prognos/core';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, api } from './api';
import type { BrowseItem, ConfigError, ConnectorEntry } from './api-types';
import { BrowseTree } from './browse-tree';
import {
  buildConfig,
  checkDraft,
  configErrors,
  connectionConfig,
  type Draft,
  type DraftKind,
  emptyDraft,
  errorsByField,
  type TagSelection,
} from './connector-draft';
import { CommonFields, FieldErrors, ModbusForm, OpcuaForm } from './connector-fields';
import {
  type DecodedRegister,
  decodeAt,
  FUNCTION_AREA,
  type ModbusFunction,
  parseRange,
  registerMap,
  type ScanRange,
  scanPath,
} from './modbus-decode';
import { ModbusScan } from './modbus-scan';
import { ErrorState } from './state-views';
import { guessSensor, TagMapping } from './tag-mapping';
import { useNow } from './use-async';
import { useLiveBrowse } from './use-live-browse';

/** Live values are refreshed this often while the panel is open. */
const PREVIEW_MS = 2000;

const KINDS: { id: DraftKind; label: string }[] = [
  { id: 'opcua', label: 'OPC UA' },
  { id: 'modbus', label: 'Modbus TCP' },
];

/**
 * Discovery with live preview: connect to a device that is not saved yet, browse (OPC UA) or scan (Modbus) it with
 * values refreshing every 2 s, tick tags, map each to an asset's sensor, and save the entry. The server validates it
 * and its errors land next to the field they name.
 */
export function ConnectorAdd({
  taken,
  assets,
  sensors,
  sensorsError,
  onSaved,
  onCancel,
}: {
  taken: Set<string>;
  assets: { id: string; name: string }[];
  sensors: Sensor[] | undefined;
  sensorsError: unknown;
  onSaved: (entry: ConnectorEntry) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => emptyDraft('opcua', taken));
  const [errors, setErrors] = useState<ConfigError[]>([]);
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);
  const [session, setSession] = useState(0);
  const [scan, setScan] = useState<{ fn: ModbusFunction; range: ScanRange } | null>(null);
  const [lastAsset, setLastAsset] = useState('');
  const browse = useLiveBrowse(PREVIEW_MS);
  const now = useNow(1000);

  // The latest value seen for every browsed tag, so a ticked tag keeps a live value after browsing elsewhere.
  const [seen, setSeen] = useState<ReadonlyMap<string, BrowseItem>>(() => new Map());
  const [words, setWords] = useState<Record<ModbusFunction, ReadonlyMap<number, number>>>(() => ({
    3: new Map(),
    4: new Map(),
  }));
  const items = browse.items;
  useEffect(() => {
    if (!items) return;
    if (draft.kind === 'opcua') {
      setSeen((prev) => new Map([...prev, ...items.map((i) => [i.tag, i] as const)]));
    } else if (scan) {
      setWords((prev) => ({ ...prev, [scan.fn]: new Map([...prev[scan.fn], ...registerMap(items)]) }));
    }
  }, [items, draft.kind, scan]);

  const byField = errorsByField(draft.kind, errors);
  const sensorById = useMemo(() => new Map((sensors ?? []).map((s) => [s.id, s])), [sensors]);
  const sensorsByAsset = useMemo(() => {
    const m = new Map<string, Sensor[]>();
    for (const s of sensors ?? []) m.set(s.assetId, [...(m.get(s.assetId) ?? []), s]);
    return m;
  }, [sensors]);
  const selectedKeys = useMemo(() => new Set(draft.selections.map((s) => s.key)), [draft.selections]);

  const patch = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));
  const setSelections = (f: (s: TagSelection[]) => TagSelection[]) => {
    setDraft((d) => ({ ...d, selections: f(d.selections) }));
    // error paths index into the tag list: once it changes they would point at the wrong rows
    setErrors((e) => e.filter((x) => !/tags|registers/.test(x.path)));
  };

  const switchKind = (kind: DraftKind) => {
    if (kind === draft.kind) return;
    browse.close();
    setScan(null);
    setErrors([]);
    setDraft((d) => ({ ...emptyDraft(kind, taken), name: d.name }));
  };

  const startBrowse = () => {
    const errs = checkDraft(draft, { forPreview: true });
    let range: ScanRange | string | undefined;
    if (draft.kind === 'modbus') {
      range = parseRange(draft.modbus.range);
      if (typeof range === 'string') errs.push({ path: '/range', message: range });
    }
    setErrors(errs);
    if (errs.length) return;
    const config = connectionConfig(draft);
    const fetch = async (p?: string) => {
      try {
        return await api.previewConnector(config, p);
      } catch (e) {
        // the server names the connection field it rejects: show it there, not only in the browse panel
        if (e instanceof ApiError && e.code === 'CONFIG_INVALID') setErrors(configErrors(e.details));
        throw e;
      }
    };
    setSession((s) => s + 1);
    if (draft.kind === 'modbus' && range && typeof range !== 'string') {
      setScan({ fn: draft.modbus.fn, range });
      browse.open(fetch, scanPath(draft.modbus.fn, range));
    } else {
      browse.open(fetch, undefined);
    }
  };

  // a new tag starts on the asset last picked: tags of one machine are usually ticked together
  const newSelection = (key: string, tag: string, name: string): TagSelection => ({
    key,
    tag,
    name,
    assetId: lastAsset,
    sensor: guessSensor(name, sensorsByAsset.get(lastAsset) ?? []),
    scale: '',
    offset: '',
  });

  const toggleNode = (item: BrowseItem) =>
    setSelections((list) =>
      list.some((s) => s.key === item.tag)
        ? list.filter((s) => s.key !== item.tag)
        : [...list, newSelection(item.tag, item.tag, item.name || item.tag)],
    );

  const toggleRegister = (r: DecodedRegister) => {
    if (!scan) return;
    const key = `${scan.fn}:${r.address}`;
    const { type, order } = draft.modbus;
    setSelections((list) =>
      list.some((s) => s.key === key)
        ? list.filter((s) => s.key !== key)
        : [
            ...list,
            {
              ...newSelection(key, `${FUNCTION_AREA[scan.fn]}:${r.address}`, `Register ${r.address}`),
              modbus: { fn: scan.fn, address: r.address, type, order },
            },
          ],
    );
  };

  const liveValue = (s: TagSelection): unknown => {
    if (s.modbus) return decodeAt(words[s.modbus.fn], s.modbus.address, s.modbus.type, s.modbus.order);
    return seen.get(s.tag)?.value;
  };

  const save = async () => {
    const errs = checkDraft(draft);
    setErrors(errs);
    setSaveError(undefined);
    if (errs.length) return;
    setSaving(true);
    try {
      const entry = await api.saveConnector(buildConfig(draft));
      browse.close();
      onSaved(entry);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'CONFIG_INVALID' || e.status === 422)) {
        const list = configErrors(e.details);
        setErrors(list.length ? list : [{ path: '', message: e.message }]);
      } else {
        setSaveError(e);
      }
    } finally {
      setSaving(false);
    }
  };

  // errors no field shows: the entry as a whole, or a tag row that no longer exists
  const general = [...byField.entries()]
    .filter(([f]) => f === '' || (f.startsWith('tag:') && Number(f.split(':')[1]) >= draft.selections.length))
    .flatMap(([, e]) => e);

  return (
    <section className="card add-panel" data-testid="connector-add" data-kind={draft.kind}>
      <div className="add-head">
        <h2>Add connector</h2>
        <div className="segmented" role="tablist" aria-label="Protocol">
          {KINDS.map((k) => (
            <button
              key={k.id}
              type="button"
              role="tab"
              aria-selected={draft.kind === k.id}
              className={draft.kind === k.id ? 'active' : ''}
              data-kind={k.id}
              onClick={() => switchKind(k.id)}
            >
              {k.label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>

      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          startBrowse();
        }}
      >
        <CommonFields draft={draft} errors={byField} taken={taken} onChange={patch} />
        {draft.kind === 'opcua' ? (
          <OpcuaForm
            fields={draft.opcua}
            errors={byField}
            onChange={(p) => setDraft((d) => ({ ...d, opcua: { ...d.opcua, ...p } }))}
          />
        ) : (
          <ModbusForm
            fields={draft.modbus}
            errors={byField}
            onChange={(p) => setDraft((d) => ({ ...d, modbus: { ...d.modbus, ...p } }))}
          />
        )}
        <div className="form-actions">
          <button type="submit" className="btn" data-testid="connector-browse" disabled={browse.loading && !items}>
            {draft.kind === 'opcua' ? 'Browse' : 'Scan'}
          </button>
          {browse.active && (
            <button type="button" className="btn btn-ghost" onClick={() => browse.close()}>
              Stop preview
            </button>
          )}
          <span className="muted small">
            {draft.kind === 'opcua'
              ? 'Connects with these settings and lists the Objects folder; nothing is saved yet.'
              : 'Reads the registers once every 2 s; nothing is written to the device or saved yet.'}
          </span>
        </div>
      </form>

      {browse.active &&
        (draft.kind === 'opcua' ? (
          <BrowseTree
            key={session}
            browse={browse}
            rootLabel="Objects"
            selected={selectedKeys}
            onToggle={toggleNode}
            now={now}
          />
        ) : (
          scan && (
            <ModbusScan
              key={session}
              browse={browse}
              fn={scan.fn}
              range={scan.range}
              type={draft.modbus.type}
              order={draft.modbus.order}
              selected={selectedKeys}
              onToggle={toggleRegister}
              now={now}
            />
          )
        ))}

      <h3 className="section-label">
        Map tags to sensors <span className="count">{draft.selections.length}</span>
      </h3>
      {sensorsError !== undefined && (
        <p className="action-error">Could not load the sensor list; type sensor ids instead.</p>
      )}
      {assets.length === 0 && (
        <p className="muted small">No assets yet: register assets and their sensors before mapping tags to them.</p>
      )}
      <TagMapping
        selections={draft.selections}
        assets={assets}
        sensorsByAsset={sensorsByAsset}
        sensorById={sensorById}
        sensorsLoaded={sensors !== undefined}
        liveValue={liveValue}
        errors={byField}
        onChange={(i, p) => {
          if (p.assetId) setLastAsset(p.assetId);
          setDraft((d) => ({ ...d, selections: d.selections.map((s, k) => (k === i ? { ...s, ...p } : s)) }));
        }}
        onRemove={(i) => setSelections((list) => list.filter((_, k) => k !== i))}
      />

      {general.length > 0 && (
        <div className="form-problems" data-testid="config-errors">
          <div className="strong">Fix before saving:</div>
          <ul>
            {general.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: messages may repeat
              <li key={i}>
                {e.path && <code className="muted">{e.path}</code>} <FieldErrors errors={[e]} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {saveError !== undefined && <ErrorState error={saveError} title="Could not save the connector" />}

      <div className="add-foot">
        <button type="button" className="btn" data-testid="connector-save" disabled={saving} onClick={save}>
          {saving ? 'Saving…' : 'Save connector'}
        </button>
        <span className="muted small">
          {draft.selections.length} {draft.selections.length === 1 ? 'tag' : 'tags'} mapped · starts collecting as soon
          as it is saved
        </span>
      </div>
    </section>
  );
}
