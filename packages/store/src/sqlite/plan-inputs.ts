/**
 * The maintenance plan's inputs in SQLite (migration 8): spare parts with stock, technicians, maintenance windows
 * and preventive plans. The metadata store delegates to this. Records are JSON documents beside the columns that
 * queries filter by; a part's stock lives in its own column so that a decrement is one atomic UPDATE.
 */
import type { MaintenanceWindow, PreventivePlan, SparePart, Technician } from '@prognos/core';
import type Database from 'better-sqlite3';
import type { WindowQuery } from '../ports';
import type { Row } from './metadata-rows';

const parse = <T>(r: Row): T => JSON.parse(r.data as string) as T;
const part = (r: Row): SparePart => ({ ...parse<SparePart>(r), stock: r.stock as number });

export class SqlitePlanInputs {
  private readonly q;
  constructor(
    db: Database.Database,
    private readonly check: () => void,
  ) {
    const upsert = (table: string, cols: string[]) =>
      db.prepare(
        `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${cols
           .slice(1)
           .map((c) => `${c} = excluded.${c}`)
           .join(', ')}`,
      );
    this.q = {
      part: upsert('spare_parts', ['id', 'stock', 'data']),
      parts: db.prepare('SELECT * FROM spare_parts ORDER BY id'),
      onePart: db.prepare('SELECT * FROM spare_parts WHERE id = ?'),
      // Stock cannot go below zero: logging more than the store holds means the count was already off.
      adjust: db.prepare('UPDATE spare_parts SET stock = MAX(0, stock + ?) WHERE id = ?'),
      deletePart: db.prepare('DELETE FROM spare_parts WHERE id = ?'),
      technician: upsert('technicians', ['id', 'data']),
      technicians: db.prepare('SELECT data FROM technicians ORDER BY id'),
      deleteTechnician: db.prepare('DELETE FROM technicians WHERE id = ?'),
      window: upsert('maintenance_windows', ['id', 'start_at', 'end_at', 'data']),
      windows: db.prepare(
        'SELECT data FROM maintenance_windows WHERE end_at > ? AND start_at < ? ORDER BY start_at, id',
      ),
      deleteWindow: db.prepare('DELETE FROM maintenance_windows WHERE id = ?'),
      plan: upsert('preventive_plans', ['id', 'asset_id', 'data']),
      plans: db.prepare('SELECT data FROM preventive_plans ORDER BY id'),
      assetPlans: db.prepare('SELECT data FROM preventive_plans WHERE asset_id = ? ORDER BY id'),
      onePlan: db.prepare('SELECT data FROM preventive_plans WHERE id = ?'),
      deletePlan: db.prepare('DELETE FROM preventive_plans WHERE id = ?'),
    };
  }

  upsertSparePart(p: SparePart): void {
    this.check();
    this.q.part.run(p.id, p.stock, JSON.stringify(p));
  }
  listSpareParts(): SparePart[] {
    this.check();
    return (this.q.parts.all() as Row[]).map(part);
  }
  getSparePart(id: string): SparePart | undefined {
    this.check();
    const r = this.q.onePart.get(id) as Row | undefined;
    return r && part(r);
  }
  adjustSparePartStock(id: string, delta: number): SparePart | undefined {
    this.check();
    if (this.q.adjust.run(delta, id).changes === 0) return undefined;
    return this.getSparePart(id);
  }
  deleteSparePart(id: string): boolean {
    this.check();
    return this.q.deletePart.run(id).changes > 0;
  }

  upsertTechnician(t: Technician): void {
    this.check();
    this.q.technician.run(t.id, JSON.stringify(t));
  }
  listTechnicians(): Technician[] {
    this.check();
    return (this.q.technicians.all() as Row[]).map((r) => parse<Technician>(r));
  }
  deleteTechnician(id: string): boolean {
    this.check();
    return this.q.deleteTechnician.run(id).changes > 0;
  }

  upsertMaintenanceWindow(w: MaintenanceWindow): void {
    this.check();
    this.q.window.run(w.id, w.start, w.end, JSON.stringify(w));
  }
  listMaintenanceWindows(q: WindowQuery = {}): MaintenanceWindow[] {
    this.check();
    const rows = this.q.windows.all(q.from ?? Number.MIN_SAFE_INTEGER, q.to ?? Number.MAX_SAFE_INTEGER) as Row[];
    return rows.map((r) => parse<MaintenanceWindow>(r));
  }
  deleteMaintenanceWindow(id: string): boolean {
    this.check();
    return this.q.deleteWindow.run(id).changes > 0;
  }

  upsertPreventivePlan(p: PreventivePlan): void {
    this.check();
    this.q.plan.run(p.id, p.assetId, JSON.stringify(p));
  }
  listPreventivePlans(assetId?: string): PreventivePlan[] {
    this.check();
    const rows = (assetId === undefined ? this.q.plans.all() : this.q.assetPlans.all(assetId)) as Row[];
    return rows.map((r) => parse<PreventivePlan>(r));
  }
  getPreventivePlan(id: string): PreventivePlan | undefined {
    this.check();
    const r = this.q.onePlan.get(id) as Row | undefined;
    return r && parse<PreventivePlan>(r);
  }
  deletePreventivePlan(id: string): boolean {
    this.check();
    return this.q.deletePlan.run(id).changes > 0;
  }
}
