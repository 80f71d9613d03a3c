/**
 * First-start seeding of the plan's inputs: the default spare-parts list always, and for the demo plant its crew,
 * two weeks of windows (topped up on later starts) and a few preventive plans. A settings flag records each seeding,
 * so that what a user deletes later does not come back.
 */
import type { MaintenanceWindow, PreventivePlan, SparePart, Technician } from '@prognos/core';
import type { MetadataStore } from '@prognos/store';

export const SEEDED_PARTS = 'seeded.spare-parts';
export const SEEDED_DEMO_CREW = 'seeded.demo-crew';

export interface DemoCrew {
  technicians: readonly Technician[];
  /** Windows starting on the `days` days from the day of `from`. */
  windows: (from: number, days: number) => MaintenanceWindow[];
  preventivePlans: (now: number) => PreventivePlan[];
}

export async function seedPlanInputs(
  metadata: MetadataStore,
  opts: { parts: readonly SparePart[]; demo?: DemoCrew; now: number },
): Promise<{ parts: number; technicians: number; windows: number; plans: number }> {
  const added = { parts: 0, technicians: 0, windows: 0, plans: 0 };
  if (!(await metadata.getSetting(SEEDED_PARTS))) {
    const known = new Set((await metadata.listSpareParts()).map((p) => p.id));
    for (const p of opts.parts) {
      if (known.has(p.id)) continue;
      await metadata.upsertSparePart(p);
      added.parts++;
    }
    await metadata.setSetting(SEEDED_PARTS, String(opts.now));
  }
  const demo = opts.demo;
  if (!demo) return added;
  if (!(await metadata.getSetting(SEEDED_DEMO_CREW))) {
    for (const t of demo.technicians) await metadata.upsertTechnician(t);
    for (const p of demo.preventivePlans(opts.now)) await metadata.upsertPreventivePlan(p);
    for (const w of demo.windows(opts.now, 14)) await metadata.upsertMaintenanceWindow(w);
    added.technicians = demo.technicians.length;
    added.plans = demo.preventivePlans(opts.now).length;
    added.windows = demo.windows(opts.now, 14).length;
    await metadata.setSetting(SEEDED_DEMO_CREW, String(opts.now));
    return added;
  }
  // A later start keeps two weeks ahead: windows after the last one planned are added.
  const existing = await metadata.listMaintenanceWindows();
  const lastEnd = Math.max(opts.now, ...existing.map((w) => w.end));
  for (const w of demo.windows(opts.now, 14)) {
    if (w.start < lastEnd) continue;
    await metadata.upsertMaintenanceWindow(w);
    added.windows++;
  }
  return added;
}
