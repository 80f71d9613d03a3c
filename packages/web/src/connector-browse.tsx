import { useState } from 'react';
import { api } from './api';
import type { ConnectorConfig } from './api-types';
import { BrowseTree } from './browse-tree';
import {
  type ByteWordOrder,
  type ModbusFunction,
  type ModbusType,
  parseRange,
  type ScanRange,
  scanPath,
} from './modbus-decode';
import { ModbusScan } from './modbus-scan';
import { useNow } from './use-async';
import { useLiveBrowse } from './use-live-browse';

/** The registers a saved Modbus connector polls, as a first scan range (the first 100 holding registers if none). */
function configuredRange(config: ConnectorConfig): { fn: ModbusFunction; range: string } {
  const groups = Array.isArray(config.pollGroups) ? (config.pollGroups as { registers?: unknown }[]) : [];
  const regs = groups
    .flatMap((g) => (Array.isArray(g.registers) ? (g.registers as { function?: unknown; address?: unknown }[]) : []))
    .filter((r) => (r.function === 3 || r.function === 4) && typeof r.address === 'number');
  const fn = (regs[0]?.function as ModbusFunction | undefined) ?? 3;
  const addrs = regs.filter((r) => r.function === fn).map((r) => r.address as number);
  if (addrs.length === 0) return { fn, range: '0-99' };
  const start = Math.min(...addrs);
  return { fn, range: `${start}-${Math.min(65535, Math.max(...addrs) + 1, start + 999)}` };
}

/** Live view of a saved connector's device: the OPC UA address space, or a Modbus register range. */
export function ConnectorBrowse({ config }: { config: ConnectorConfig }) {
  const browse = useLiveBrowse(2000);
  const now = useNow(1000);
  const initial = configuredRange(config);
  const [fn, setFn] = useState<ModbusFunction>(initial.fn);
  const [rangeText, setRangeText] = useState(initial.range);
  const [read, setRead] = useState('uint16');
  const [type, order] = read.split(':') as [ModbusType, ByteWordOrder | undefined];
  const [scan, setScan] = useState<{ fn: ModbusFunction; range: ScanRange; session: number } | null>(null);
  const [problem, setProblem] = useState('');
  const fetch = (p?: string) => api.browseConnector(config.id, p);

  if (config.kind === 'opcua') {
    if (!browse.active) {
      return (
        <button type="button" className="btn btn-ghost" onClick={() => browse.open(fetch)}>
          Browse device
        </button>
      );
    }
    return (
      <>
        <div>
          <button type="button" className="btn btn-ghost" onClick={browse.close}>
            Close browser
          </button>
        </div>
        <BrowseTree browse={browse} rootLabel="Objects" now={now} />
      </>
    );
  }

  const start = () => {
    const r = parseRange(rangeText);
    if (typeof r === 'string') return setProblem(r);
    setProblem('');
    setScan((s) => ({ fn, range: r, session: (s?.session ?? 0) + 1 }));
    browse.open(fetch, scanPath(fn, r));
  };
  return (
    <>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <select
          className="input"
          value={fn}
          aria-label="Register table"
          onChange={(e) => setFn(Number(e.target.value) as ModbusFunction)}
        >
          <option value={3}>Holding registers</option>
          <option value={4}>Input registers</option>
        </select>
        <input
          className="input mono range-input"
          value={rangeText}
          aria-label="Register range"
          onChange={(e) => setRangeText(e.target.value)}
        />
        <select className="input" value={read} aria-label="Read as" onChange={(e) => setRead(e.target.value)}>
          <option value="uint16">uint16</option>
          <option value="int16">int16</option>
          <option value="int32:ABCD">int32 ABCD</option>
          <option value="uint32:ABCD">uint32 ABCD</option>
          <option value="float32:ABCD">float32 ABCD</option>
          <option value="float32:CDAB">float32 CDAB</option>
          <option value="float32:BADC">float32 BADC</option>
          <option value="float32:DCBA">float32 DCBA</option>
          <option value="float64:ABCD">float64 ABCD</option>
        </select>
        <button type="submit" className="btn btn-ghost">
          Scan device
        </button>
        {browse.active && (
          <button type="button" className="btn btn-ghost" onClick={browse.close}>
            Stop
          </button>
        )}
        {problem && <span className="field-error">{problem}</span>}
      </form>
      {browse.active && scan && (
        <ModbusScan
          key={scan.session}
          browse={browse}
          fn={scan.fn}
          range={scan.range}
          type={type}
          order={order ?? 'ABCD'}
          now={now}
        />
      )}
    </>
  );
}
