/**
 * The demo plant's maintenance organisation, so that the plan has something real to show: a crew of six across
 * the four trades, day shifts on weekdays, a weekly planned stop per line, and a few preventive plans (one due at
 * once, others coming due within days). Times are UTC (the demo site's time zone).
 */
import type { MaintenanceWindow, PreventivePlan, Technician } from '@prognos/core';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEMO_TECHNICIANS: readonly Technician[] = [
  { id: 'T-01', name: 'Anna Berg', skills: ['mechanical'], hoursPerShift: 7.5 },
  { id: 'T-02', name: 'Jonas Keller', skills: ['mechanical', 'process'], hoursPerShift: 7.5 },
  { id: 'T-03', name: 'Mira Novak', skills: ['electrical'], hoursPerShift: 7.5 },
  { id: 'T-04', name: 'Luis Ortega', skills: ['electrical', 'instrumentation'], hoursPerShift: 7.5 },
  { id: 'T-05', name: 'Sara Lind', skills: ['instrumentation'], hoursPerShift: 7.5 },
  { id: 'T-06', name: 'Tom Becker', skills: ['process', 'mechanical'], hoursPerShift: 7.5 },
];

/** Weekly planned stop per line: weekday (0 = Sunday) and hours (UTC); the utilities stop on Saturday. */
const STOPS: readonly { line: string; weekday: number; from: number; to: number }[] = [
  { line: 'L-EXTR', weekday: 2, from: 6, to: 14 },
  { line: 'L-PACK', weekday: 3, from: 6, to: 14 },
  { line: 'L-MACH', weekday: 4, from: 6, to: 12 },
  { line: 'L-UTIL', weekday: 6, from: 6, to: 14 },
];
/** The day shift on weekdays, 07:00–15:30 UTC: work that needs no stop (inspections, lubrication on the run). */
const SHIFT = { from: 7, to: 15.5 };

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Day shifts and planned stops that start on the `days` days from the day of `from` (UTC), by start. */
export function demoWindows(from: number, days = 14): MaintenanceWindow[] {
  const out: MaintenanceWindow[] = [];
  const day0 = Math.floor(from / DAY) * DAY;
  for (let d = 0; d < days; d++) {
    const day = day0 + d * DAY;
    const weekday = new Date(day).getUTCDay();
    if (weekday >= 1 && weekday <= 5) {
      out.push({
        id: `SHIFT-${isoDay(day)}`,
        start: day + SHIFT.from * HOUR,
        end: day + SHIFT.to * HOUR,
        assets: [],
        kind: 'shift',
      });
    }
    for (const s of STOPS) {
      if (s.weekday !== weekday) continue;
      out.push({
        id: `STOP-${s.line}-${isoDay(day)}`,
        start: day + s.from * HOUR,
        end: day + s.to * HOUR,
        assets: [s.line],
        kind: 'planned_stop',
      });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
}

/** Preventive plans of the demo assets, as last done relative to `now`. */
export function demoPreventivePlans(now: number): PreventivePlan[] {
  return [
    {
      id: 'PM-F501-BELT',
      assetId: 'F-501',
      title: 'Check and re-tension the fan drive belts',
      trigger: { kind: 'calendar', everyDays: 30 },
      procedure: [
        { text: 'Lock out and tag out the fan motor', safety: true },
        { text: 'Check belt deflection at mid-span; re-tension to the drive label' },
        { text: 'Check sheave alignment with a straight edge' },
      ],
      skill: 'mechanical',
      estimatedHours: 1,
      lastDoneAt: now - 31 * DAY,
    },
    {
      id: 'PM-C301-FILTER',
      assetId: 'C-301',
      title: 'Replace the compressor intake air filter',
      trigger: { kind: 'calendar', everyDays: 90 },
      procedure: [
        { text: 'Stop and depressurise the compressor', safety: true },
        { text: 'Replace the intake filter' },
      ],
      skill: 'mechanical',
      estimatedHours: 0.5,
      lastDoneAt: now - 88 * DAY,
    },
    {
      id: 'PM-P101-GREASE',
      assetId: 'P-101',
      title: 'Re-grease the pump bearings',
      trigger: { kind: 'run_hours', everyHours: 500 },
      procedure: [{ text: 'Grease both bearings with the specified quantity; do not over-grease' }],
      skill: 'mechanical',
      estimatedHours: 0.5,
      lastDoneAt: now - 21 * DAY,
      runHours: 480,
    },
    {
      id: 'PM-M201-IR',
      assetId: 'M-201',
      title: 'Thermographic inspection of the motor terminal box',
      trigger: { kind: 'calendar', everyDays: 180 },
      procedure: [{ text: 'Infrared scan of the terminal box under load; record the hottest connection' }],
      skill: 'electrical',
      estimatedHours: 1,
      lastDoneAt: now - 60 * DAY,
    },
  ];
}
