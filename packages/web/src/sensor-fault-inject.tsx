import { type FormEvent, useId, useState } from 'react';
import { api, errorMessage } from './api';
import type { SensorFaultKind } from './api-types';

const KINDS: { id: SensorFaultKind; label: string }[] = [
  { id: 'stuck', label: 'Stuck (value frozen)' },
  { id: 'spike', label: 'Spikes' },
  { id: 'bias', label: 'Bias (constant offset)' },
  { id: 'drift', label: 'Drift (calibration creeps)' },
  { id: 'dropout', label: 'Dropout (no data)' },
  { id: 'noise', label: 'Extra noise' },
  { id: 'unit_change', label: 'Unit changed upstream' },
  { id: 'clock_skew', label: 'Clock skew' },
];

/**
 * Demo only (the simulator must be running): makes one simulated instrument lie while its machine stays healthy,
 * so the data-quality checks, and not the machine alarms, should react.
 */
export function SensorFaultInject({
  sensors,
  onInjected,
}: {
  sensors: { id: string; name: string }[];
  onInjected?: () => void;
}) {
  const uid = useId();
  const [sensorId, setSensorId] = useState('');
  const [kind, setKind] = useState<SensorFaultKind>('stuck');
  const [minutes, setMinutes] = useState('10');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const chosen = sensorId || sensors[0]?.id || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    const m = Number(minutes);
    setBusy(true);
    setResult(undefined);
    try {
      await api.injectSensorFault({
        sensorId: chosen,
        kind,
        durationMinutes: minutes.trim() && Number.isFinite(m) && m > 0 ? m : undefined,
      });
      setResult({
        ok: true,
        text: `Injected “${kind.replace('_', ' ')}” on ${chosen}. Watch its row turn amber or red.`,
      });
      onInjected?.();
    } catch (err) {
      setResult({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="card demo-panel" data-testid="sensor-fault-inject">
      <summary>
        <span className="sb-chip">Simulator</span> Inject a sensor fault
        <span className="muted small"> · the instrument lies, the machine is fine</span>
      </summary>
      <form className="inline-form demo-form" onSubmit={submit}>
        <div className="field">
          <label className="field-label" htmlFor={`${uid}-sensor`}>
            Sensor
          </label>
          <select id={`${uid}-sensor`} className="input" value={chosen} onChange={(e) => setSensorId(e.target.value)}>
            {sensors.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.id})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${uid}-kind`}>
            Fault
          </label>
          <select
            id={`${uid}-kind`}
            className="input"
            value={kind}
            onChange={(e) => setKind(e.target.value as SensorFaultKind)}
          >
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-narrow">
          <label className="field-label" htmlFor={`${uid}-min`}>
            Minutes
          </label>
          <input
            id={`${uid}-min`}
            className="input"
            type="number"
            min="0.5"
            step="0.5"
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
            title="Leave empty: lasts until the simulator restarts"
          />
        </div>
        <button type="submit" className="btn" disabled={busy || !chosen}>
          {busy ? 'Injecting…' : 'Inject'}
        </button>
      </form>
      {result && (
        <p className={result.ok ? 'demo-result' : 'action-error'} role="status">
          {result.text}
        </p>
      )}
    </details>
  );
}
