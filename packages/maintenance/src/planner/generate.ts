/**
 * A generated planning case for the bench and the tests: a plant of lines with assets, a crew with skills, two
 * shifts a working day plus planned stops per line (weekly) and per asset (changeovers), spare parts with stock and
 * lead times, and open work orders whose risk, due date, size, crew, stop need and parts vary like a real backlog
 * (a few urgent predictive jobs with early due dates, many routine preventive ones). Deterministic for a seed.
 */
import { type Criticality, Rng, type WorkOrderDetail } from '@prognos/core';
import { DAY_MS, HOUR_MS } from './rules';
import type { PlanInput } from './types';

const SKILLS = ['mechanical', 'electrical', 'instrumentation', 'process'];
/** Monday 2027-01-04 00:00 UTC: a fixed start so a seed replays the same case. */
const START = Date.UTC(2027, 0, 4);
const CRIT_WEIGHT: Record<Criticality, number> = { A: 3, B: 2, C: 1 };

export interface PlanningCaseOptions {
  workOrders?: number;
  technicians?: number;
  skills?: number;
  days?: number;
}

export function generatePlanningCase(seed: number, opts: PlanningCaseOptions = {}): PlanInput {
  const rng = new Rng(`planner-${seed}`);
  const nWo = opts.workOrders ?? 240;
  const nTech = opts.technicians ?? 20;
  const nSkill = Math.max(1, opts.skills ?? 4);
  const days = opts.days ?? 14;
  const skills = Array.from({ length: nSkill }, (_, i) => SKILLS[i] ?? `skill-${i + 1}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
  const now = START;

  const lines = Array.from({ length: Math.max(2, Math.round(nWo / 40)) }, (_, i) => `line-${i + 1}`);
  const assetLines: Record<string, string> = {};
  const assets: { id: string; crit: Criticality }[] = [];
  for (const line of lines) {
    for (let a = 1; a <= 8; a++) {
      const id = `${line}-asset-${a}`;
      assetLines[id] = line;
      assets.push({ id, crit: pick(['A', 'B', 'B', 'C', 'C'] as const) });
    }
  }

  // Each technician has a main skill (round robin, so every skill is covered) and often a second one.
  const technicians = Array.from({ length: nTech }, (_, i) => {
    const main = skills[i % nSkill] as string;
    const second = rng.next() < 0.4 ? pick(skills) : main;
    return { id: `tech-${i + 1}`, name: `Technician ${i + 1}`, skills: [...new Set([main, second])], hoursPerShift: 8 };
  });

  const windows: PlanInput['windows'][number][] = [];
  for (let d = 0; d < days; d++) {
    const day = now + d * DAY_MS;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    windows.push({
      id: `shift-${d + 1}-early`,
      start: day + 6 * HOUR_MS,
      end: day + 14 * HOUR_MS,
      assets: [],
      kind: 'shift',
    });
    windows.push({
      id: `shift-${d + 1}-late`,
      start: day + 14 * HOUR_MS,
      end: day + 22 * HOUR_MS,
      assets: [],
      kind: 'shift',
    });
  }
  // One planned stop per line and week (a 10 h weekday stop or a 12 h Saturday stop), and a 4 h changeover stop on
  // about half the assets.
  lines.forEach((line, li) => {
    for (let week = 0; week * 7 < days; week++) {
      const saturday = rng.next() < 0.4;
      const offset = saturday ? 5 : (li + week) % 5;
      if (week * 7 + offset >= days) continue;
      const start = now + (week * 7 + offset) * DAY_MS + 6 * HOUR_MS;
      const len = saturday ? 12 : 10;
      windows.push({
        id: `stop-${line}-w${week + 1}`,
        start,
        end: start + len * HOUR_MS,
        assets: [line],
        kind: 'planned_stop',
      });
    }
  });
  for (const a of assets) {
    if (rng.next() < 0.5) continue;
    const d = Math.floor(rng.next() * days);
    const start = now + d * DAY_MS + (rng.next() < 0.5 ? 6 : 14) * HOUR_MS;
    windows.push({ id: `stop-${a.id}`, start, end: start + 4 * HOUR_MS, assets: [a.id], kind: 'planned_stop' });
  }

  const parts = Array.from({ length: 30 }, (_, i) => ({
    id: `part-${i + 1}`,
    name: `Spare part ${i + 1}`,
    stock: Math.floor(rng.next() * 4),
    leadTimeDays: 1 + Math.floor(rng.next() * 14),
    unitCost: Math.round(50 + rng.next() * 2000),
  }));

  const workOrders: WorkOrderDetail[] = [];
  for (let i = 0; i < nWo; i++) {
    const asset = pick(assets);
    const type = pick(['predictive', 'predictive', 'preventive', 'preventive', 'preventive', 'corrective'] as const);
    const p = type === 'preventive' ? rng.range(0.01, 0.1) : rng.range(0.05, 0.6);
    const consequence = Math.round(2000 * Math.exp(rng.normal()));
    const value = p * consequence * CRIT_WEIGHT[asset.crit];
    const hours = type === 'preventive' ? pick([1, 1, 2, 2, 3, 4]) : pick([2, 3, 4, 4, 6, 8]);
    const dueDays = type === 'preventive' ? rng.range(2, days + 4) : rng.range(-1, days / 2);
    const priority = value > 1500 ? 'urgent' : value > 600 ? 'high' : value > 150 ? 'medium' : 'low';
    const used = rng.next() < 0.35 ? [{ partId: pick(parts).id, quantity: rng.next() < 0.8 ? 1 : 2 }] : [];
    workOrders.push({
      id: `WO-${String(i + 1).padStart(4, '0')}`,
      assetId: asset.id,
      title: `${type} job ${i + 1} on ${asset.id}`,
      description: '',
      status: rng.next() < 0.1 ? 'in_progress' : 'open',
      priority,
      risk: {
        failureProbability: p,
        consequence,
        criticality: asset.crit,
        value,
        reason: `P(failure) ${p.toFixed(2)} × consequence ${consequence} × criticality ${asset.crit}`,
      },
      createdAt: now - Math.floor(rng.next() * 10) * DAY_MS,
      dueAt: now + Math.round(dueDays * 24) * HOUR_MS,
      type,
      skill: pick(skills),
      estimatedHours: hours,
      needsStop: type === 'preventive' ? rng.next() < 0.15 : rng.next() < 0.85,
      crew: rng.next() < 0.15 ? 2 : 1,
      procedure: [],
      stepResults: [],
      parts: used,
      labour: [],
    });
  }
  return { now, workOrders, technicians, windows, parts, assetLines };
}
