import type { Sensor } from '@prognos/core';
import type { ConfigError } from './api-types';
import type { TagSelection } from './connector-draft';
import { FieldErrors } from './connector-fields';
import { fmtBrowseValue } from './connector-format';
import { fmtValue } from './format';

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The sensor a tag most likely feeds: the only one on the asset whose name or id ends with the tag's name. */
export function guessSensor(tagName: string, sensors: Sensor[]): string {
  const n = norm(tagName);
  if (n.length < 2) return '';
  const hits = sensors.filter((s) => norm(s.name) === n || norm(s.id).endsWith(n));
  return hits.length === 1 ? (hits[0]?.id ?? '') : '';
}

function numOr(text: string, fallback: number): number {
  const t = text.trim();
  const v = Number(t);
  return t === '' || !Number.isFinite(v) ? fallback : v;
}

export function TagMapping({
  selections,
  assets,
  sensorsByAsset,
  sensorById,
  sensorsLoaded,
  liveValue,
  errors,
  onChange,
  onRemove,
}: {
  selections: TagSelection[];
  assets: { id: string; name: string }[];
  sensorsByAsset: Map<string, Sensor[]>;
  sensorById: Map<string, Sensor>;
  /** False when /api/sensors failed: the sensor is then typed in rather than picked. */
  sensorsLoaded: boolean;
  liveValue: (s: TagSelection) => unknown;
  errors: Map<string, ConfigError[]>;
  onChange: (i: number, patch: Partial<TagSelection>) => void;
  onRemove: (i: number) => void;
}) {
  if (selections.length === 0) {
    return <p className="muted small">Tick tags in the list above to map them to sensors.</p>;
  }
  return (
    <div className="browse-scroll">
      <table className="map-table" data-testid="tag-mapping">
        <thead>
          <tr>
            <th>Device tag</th>
            <th className="num">Live value</th>
            <th>Asset</th>
            <th>Sensor</th>
            <th>Scale</th>
            <th>Offset</th>
            <th aria-label="Remove" />
          </tr>
        </thead>
        <tbody>
          {selections.map((s, i) => {
            const raw = liveValue(s);
            const sensor = sensorById.get(s.sensor);
            const onAsset = sensorsByAsset.get(s.assetId) ?? [];
            const converted =
              typeof raw === 'number' && sensor
                ? fmtValue(raw * numOr(s.scale, 1) + numOr(s.offset, 0), sensor.unit)
                : undefined;
            const rowErrors = errors.get(`tag:${i}`);
            return (
              <tr
                key={s.key}
                data-testid="mapping-row"
                data-tag={s.tag}
                className={rowErrors ? 'has-error' : undefined}
              >
                <td>
                  <div className="strong">{s.name}</div>
                  <div className="mono muted small tag-cell" title={s.tag}>
                    {s.tag}
                    {s.modbus && ` · ${s.modbus.type} ${s.modbus.order}`}
                  </div>
                  <FieldErrors errors={rowErrors} />
                </td>
                <td className="num">
                  <div className="strong">{fmtBrowseValue(raw)}</div>
                  {converted && <div className="muted small">→ {converted}</div>}
                </td>
                <td>
                  <select
                    className="input"
                    value={s.assetId}
                    aria-label={`Asset for ${s.name}`}
                    onChange={(e) => {
                      const assetId = e.target.value;
                      const keep = sensorById.get(s.sensor)?.assetId === assetId;
                      onChange(i, {
                        assetId,
                        sensor: keep ? s.sensor : guessSensor(s.name, sensorsByAsset.get(assetId) ?? []),
                      });
                    }}
                  >
                    <option value="">Choose asset…</option>
                    {assets.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name} ({a.id})
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {sensorsLoaded ? (
                    <select
                      className="input"
                      name={`sensor-${i}`}
                      value={s.sensor}
                      aria-label={`Sensor for ${s.name}`}
                      disabled={!s.assetId}
                      onChange={(e) => onChange(i, { sensor: e.target.value })}
                    >
                      <option value="">
                        {s.assetId && onAsset.length === 0 ? 'No sensors on this asset' : 'Choose sensor…'}
                      </option>
                      {onAsset.map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.name} · {x.unit} ({x.id})
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      className="input mono"
                      name={`sensor-${i}`}
                      value={s.sensor}
                      placeholder="Sensor id, e.g. P-101.VIB-DE"
                      aria-label={`Sensor for ${s.name}`}
                      onChange={(e) => onChange(i, { sensor: e.target.value.trim() })}
                    />
                  )}
                  <FieldErrors errors={errors.get(`tag:${i}:sensor`)} />
                </td>
                <td className="num-input">
                  <input
                    className="input mono"
                    inputMode="decimal"
                    value={s.scale}
                    placeholder="1"
                    aria-label={`Scale for ${s.name}`}
                    onChange={(e) => onChange(i, { scale: e.target.value })}
                  />
                  <FieldErrors errors={errors.get(`tag:${i}:scale`)} />
                </td>
                <td className="num-input">
                  <input
                    className="input mono"
                    inputMode="decimal"
                    value={s.offset}
                    placeholder="0"
                    aria-label={`Offset for ${s.name}`}
                    onChange={(e) => onChange(i, { offset: e.target.value })}
                  />
                  <FieldErrors errors={errors.get(`tag:${i}:offset`)} />
                </td>
                <td>
                  <button
                    type="button"
                    className="icon-btn"
                    title="Remove this tag"
                    aria-label={`Remove ${s.name}`}
                    onClick={() => onRemove(i)}
                  >
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
