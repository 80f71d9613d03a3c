import { useRef } from 'react';
import type uPlot from 'uplot';
import type { FrequencySeries } from './api-types';
import { AXIS_STROKE, CHART_FONT, GRID_STROKE, useUPlot, valueAxis } from './chart-core';

export interface FrequencyMarker {
  label: string;
  freq: number;
}

/** Marker colour by family: each defect and its harmonic share one colour, so a 2× line reads as the same fault. */
export function markerColor(label: string): string {
  if (label.includes('BPFO')) return '#dc2626';
  if (label.includes('BPFI')) return '#7c3aed';
  if (label.includes('BSF')) return '#d97706';
  if (label === 'FTF') return '#0891b2';
  return '#475569';
}

const fmtHz = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : `${Math.round(v)}`);

/** Vertical dashed lines with labels, staggered over three rows so neighbouring lines stay readable on a phone. */
function drawMarkers(u: uPlot, markers: readonly FrequencyMarker[], band?: [number, number]): void {
  const { left, top, width, height } = u.bbox;
  const ctx = u.ctx;
  const px = devicePixelRatio || 1;
  ctx.save();
  if (band) {
    const x0 = Math.max(left, u.valToPos(band[0], 'x', true));
    const x1 = Math.min(left + width, u.valToPos(band[1], 'x', true));
    if (x1 > x0) {
      ctx.fillStyle = 'rgba(37, 99, 235, 0.08)';
      ctx.fillRect(x0, top, x1 - x0, height);
    }
  }
  ctx.font = `${10 * px}px Inter, system-ui, sans-serif`;
  ctx.textAlign = 'center';
  // Right edge of the last label in each row: a label goes in the first row where it does not overlap, and is
  // left out (the line stays; the list under the chart names it) when none has room.
  const rowEnd = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const m of [...markers].sort((a, b) => a.freq - b.freq)) {
    const x = u.valToPos(m.freq, 'x', true);
    if (!Number.isFinite(x) || x < left || x > left + width) continue;
    const color = markerColor(m.label);
    ctx.strokeStyle = color;
    ctx.lineWidth = px;
    ctx.setLineDash([4 * px, 3 * px]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.setLineDash([]);
    const half = ctx.measureText(m.label).width / 2;
    const cx = Math.min(left + width - half, Math.max(left + half, x));
    const row = rowEnd.findIndex((end) => end + 3 * px <= cx - half);
    if (row < 0) continue;
    rowEnd[row] = cx + half;
    ctx.fillStyle = color;
    ctx.fillText(m.label, cx, top + (10 + 11 * row) * px);
  }
  ctx.restore();
}

/**
 * An amplitude spectrum (x in Hz) with fault-frequency markers; rebuilt when `chartKey` changes (a new snapshot),
 * sized to its container.
 */
export function FrequencyChart({
  series,
  markers,
  band,
  chartKey,
  testId,
  height = 200,
}: {
  series: FrequencySeries;
  markers: readonly FrequencyMarker[];
  band?: [number, number];
  chartKey: string;
  testId: string;
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  useUPlot(
    el,
    (width): uPlot.Options => ({
      width,
      height,
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { show: false } },
      scales: { x: { time: false } },
      axes: [
        {
          stroke: AXIS_STROKE,
          font: CHART_FONT,
          grid: { stroke: GRID_STROKE, width: 1 },
          ticks: { stroke: GRID_STROKE, width: 1 },
          values: (_u, vals) => vals.map(fmtHz),
          label: 'Hz',
          labelSize: 14,
          labelFont: CHART_FONT,
        },
        valueAxis({ size: 56, values: (_u, vals) => vals.map((v) => v.toPrecision(2)) }),
      ],
      series: [{}, { stroke: '#2563eb', width: 1, points: { show: false } }],
      hooks: { draw: [(u) => drawMarkers(u, markers, band)] },
    }),
    [series.freq, series.amplitude],
    chartKey,
  );
  return (
    <div
      className="waveform-chart"
      ref={el}
      data-testid={testId}
      data-points={series.freq.length}
      data-markers={markers.map((m) => m.label).join(',')}
    />
  );
}
