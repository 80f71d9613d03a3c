import { useState } from 'react';
import { api } from './api';
import type { WaveformEntry } from './api-types';
import { fmtFullTime, fmtTime } from './format';
import { ErrorState, Loading } from './state-views';
import { useAsync } from './use-async';
import { FrequencyChart, markerColor } from './waveform-chart';

const LIMIT = 10;

/** ISO 10816-3 zone → the app's status tones (A/B acceptable, C plan a remedy, D damage likely). */
const ZONE_TONE: Record<string, string> = { A: 'ok', B: 'ok', C: 'watch', D: 'alarm' };
const FINDING_LABEL: Record<string, string> = {
  inner_race: 'Inner race',
  outer_race: 'Outer race',
  ball: 'Ball',
  none: 'No defect line',
};

function SnapshotRow({ w, selected, onSelect }: { w: WaveformEntry; selected: boolean; onSelect: () => void }) {
  const s = w.summary;
  const finding = s.diagnosis?.finding;
  return (
    <li>
      <button
        type="button"
        className={`wf-row${selected ? ' selected' : ''}`}
        aria-pressed={selected}
        onClick={onSelect}
        data-testid="waveform-row"
        data-id={w.id}
        data-finding={finding ?? ''}
      >
        <span className="wf-time" title={fmtFullTime(w.ts)}>
          {fmtTime(w.ts)}
        </span>
        <span className="wf-vel">{s.velocityRmsMmS.toFixed(2)} mm/s</span>
        <span className={`wf-zone tone-${ZONE_TONE[s.isoZone] ?? 'unknown'}`} title="ISO 10816-3 zone">
          {s.isoZone}
        </span>
        <span className={`wf-finding${finding && finding !== 'none' ? ' fault' : ''}`}>
          {finding ? FINDING_LABEL[finding] : 'No bearing data'}
        </span>
        {s.diagnosis && <span className="wf-text muted small">{s.diagnosis.text}</span>}
      </button>
    </li>
  );
}

function SnapshotDetail({ id }: { id: string }) {
  const d = useAsync(`waveform:${id}`, () => api.waveform(id));
  if (d.error) return <ErrorState error={d.error} onRetry={d.reload} title="Could not load the snapshot" />;
  const w = d.data;
  if (!w) return <Loading label="Analysing snapshot…" />;
  const s = w.summary;
  // The raw spectrum is shown to fs/2, where only the shaft harmonics are legible; defect lines go on the envelope.
  const shaft = w.markers.filter((m) => m.label.endsWith('×') && !m.label.includes('B'));
  return (
    <div className="wf-detail" data-testid="waveform-detail" data-id={w.id}>
      <div className="wf-facts">
        <span>
          {w.samples.toLocaleString()} samples at {w.sampleRateHz.toLocaleString()} Hz
        </span>
        <span>
          r.m.s. {s.rms.toFixed(3)} g · peak {s.peak.toFixed(2)} g · crest {s.crestFactor.toFixed(1)} · kurtosis{' '}
          {s.kurtosis.toFixed(1)}
        </span>
        {w.meta.shaftHz !== undefined && <span>shaft {w.meta.shaftHz} Hz</span>}
      </div>
      <figure className="wf-figure">
        <figcaption>
          Spectrum <span className="muted small">(g; shaded: envelope demodulation band)</span>
        </figcaption>
        <FrequencyChart
          series={w.spectrum}
          markers={shaft}
          band={s.envelopeBand}
          chartKey={`spectrum:${w.id}`}
          testId="waveform-spectrum"
        />
      </figure>
      <figure className="wf-figure">
        <figcaption>
          Envelope spectrum{' '}
          <span className="muted small">
            (band {Math.round(s.envelopeBand[0])}–{Math.round(s.envelopeBand[1])} Hz; highest line{' '}
            {s.envelopePeak.freq.toFixed(1)} Hz)
          </span>
        </figcaption>
        <FrequencyChart
          series={w.envelope}
          markers={w.markers}
          chartKey={`envelope:${w.id}`}
          testId="waveform-envelope"
        />
      </figure>
      {w.markers.length > 0 && (
        <ul className="wf-markers" data-testid="waveform-markers" aria-label="Fault frequencies">
          {w.markers.map((m) => (
            <li key={m.label} data-label={m.label} style={{ borderColor: markerColor(m.label) }}>
              <strong style={{ color: markerColor(m.label) }}>{m.label}</strong> {m.freq.toFixed(1)} Hz
            </li>
          ))}
        </ul>
      )}
      {s.diagnosis && (
        <p className="wf-diagnosis" data-testid="waveform-diagnosis" data-finding={s.diagnosis.finding}>
          <strong>{FINDING_LABEL[s.diagnosis.finding]}:</strong> {s.diagnosis.text}
        </p>
      )}
    </div>
  );
}

/** A vibration sensor's latest waveform snapshots; the selected one as spectrum and envelope spectrum. */
export function WaveformSnapshots({ sensorId }: { sensorId: string }) {
  const list = useAsync(`waveforms:${sensorId}`, () => api.waveforms(sensorId, LIMIT));
  const [picked, setPicked] = useState<string | undefined>();
  const rows = list.data ?? [];
  const selected = rows.find((w) => w.id === picked)?.id ?? rows[0]?.id;
  return (
    <section className="card wf-section" data-testid="waveform-snapshots">
      <div className="section-head">
        <h2>
          Waveform snapshots <span className="count">{rows.length}</span>
        </h2>
        <button type="button" className="btn" onClick={list.reload}>
          Refresh
        </button>
      </div>
      {list.error !== undefined && (
        <ErrorState error={list.error} onRetry={list.reload} title="Could not load the snapshots" />
      )}
      {list.data === undefined && list.error === undefined && <Loading label="Loading snapshots…" />}
      {list.data !== undefined && rows.length === 0 && (
        <p className="muted" data-testid="waveform-empty">
          No snapshots yet. Post raw samples to <code>POST /api/sensors/{sensorId}/waveforms</code>.
        </p>
      )}
      {rows.length > 0 && (
        <ul className="wf-list">
          {rows.map((w) => (
            <SnapshotRow key={w.id} w={w} selected={w.id === selected} onSelect={() => setPicked(w.id)} />
          ))}
        </ul>
      )}
      {selected && <SnapshotDetail id={selected} />}
    </section>
  );
}
