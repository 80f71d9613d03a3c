import { useMemo } from 'react';
import { fmtBrowseValue } from './connector-format';
import { LiveNote } from './live-note';
import {
  type ByteWordOrder,
  type DecodedRegister,
  decodeRange,
  FUNCTION_AREA,
  hexWord,
  isRawWords,
  type ModbusFunction,
  type ModbusType,
  registerAddress,
  registerMap,
  type ScanRange,
  TYPE_WORDS,
} from './modbus-decode';
import { ErrorState, Loading } from './state-views';
import type { LiveBrowse } from './use-live-browse';

/**
 * The Modicon reference numbers device manuals list registers by: 1-based, prefixed 4 (holding) or 3 (input),
 * five digits up to 9999 and six beyond.
 */
function reference(fn: ModbusFunction, address: number): string {
  const short = address < 9999;
  return String((fn === 3 ? (short ? 40001 : 400001) : short ? 30001 : 300001) + address);
}

/**
 * A scanned register range, decoded in the browser with the chosen type and word order (see modbus-decode), so
 * flipping the word order shows at once which reading is plausible. Rows tick to map them.
 */
export function ModbusScan({
  browse,
  fn,
  range,
  type,
  order,
  selected,
  onToggle,
  now,
}: {
  browse: LiveBrowse;
  fn: ModbusFunction;
  range: ScanRange;
  type: ModbusType;
  order: ByteWordOrder;
  selected?: Set<string>;
  onToggle?: (row: DecodedRegister) => void;
  now: number;
}) {
  const items = browse.items;
  const raw = items ? isRawWords(items) : true;
  const rows = useMemo(
    () =>
      items && raw
        ? decodeRange(registerMap(items), range, type, order)
        : // values the server already decoded: shown as they are
          (items ?? []).map((i) => ({
            address: registerAddress(i.tag) ?? 0,
            words: [],
            value: typeof i.value === 'number' ? i.value : undefined,
          })),
    [items, raw, range, type, order],
  );
  const area = FUNCTION_AREA[fn];

  return (
    <div className="browse" data-testid="browse-results" data-path={browse.path ?? ''}>
      <div className="browse-head">
        <span className="strong">
          {area === 'holding' ? 'Holding' : 'Input'} registers {range.start}–{range.end}
          <span className="muted">
            {' '}
            ·{' '}
            {raw
              ? `read as ${type}${TYPE_WORDS[type] > 1 || order.startsWith('B') || order.startsWith('D') ? ` ${order}` : ''}`
              : 'as decoded by the server'}
          </span>
        </span>
        <LiveNote browse={browse} now={now} />
      </div>
      {!items ? (
        browse.loading ? (
          <Loading label="Scanning…" />
        ) : browse.error !== undefined ? (
          <ErrorState error={browse.error} title="Could not scan" onRetry={() => browse.navigate(browse.path)} />
        ) : null
      ) : rows.length === 0 ? (
        <p className="muted small browse-empty">The device returned no registers in this range.</p>
      ) : (
        <div className="browse-scroll">
          <table className="browse-table">
            <thead>
              <tr>
                {onToggle && <th className="check-col" aria-label="Map" />}
                <th>Address</th>
                <th>Reference</th>
                <th>Raw</th>
                <th className="num">Value</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const key = `${fn}:${r.address}`;
                const checked = selected?.has(key) ?? false;
                const missing = r.value === undefined;
                return (
                  <tr
                    key={key}
                    data-testid="browse-item"
                    data-tag={`${area}:${r.address}`}
                    data-value={missing ? '' : String(r.value)}
                    className={checked ? 'is-selected' : undefined}
                  >
                    {onToggle && (
                      <td className="check-col">
                        <input
                          type="checkbox"
                          checked={checked}
                          disabled={missing && !checked}
                          onChange={() => onToggle(r)}
                          aria-label={`Map register ${r.address}`}
                        />
                      </td>
                    )}
                    <td className="mono">{r.address}</td>
                    <td className="mono muted small">{reference(fn, r.address)}</td>
                    <td className="mono muted small">{r.words.map(hexWord).join(' ')}</td>
                    <td className={`num strong ${Number.isNaN(r.value) ? 'muted' : ''}`}>
                      {missing ? <span className="muted">not read</span> : fmtBrowseValue(r.value)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
