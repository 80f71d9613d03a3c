/**
 * The capacity left while jobs are placed one by one: each technician's busy intervals and hours per window and
 * per day, and the parts drawn from stock before their restock. `earliestSlot` finds the earliest start of a job in
 * one window that keeps every hard constraint.
 */
import { dayOf, nextDayStart } from './rules';
import type { JobSpec, PlanProblem, TechSpec } from './spec';

export interface Slot {
  start: number;
  end: number;
  techs: TechSpec[];
}

export class Calendar {
  /** Per technician: flat [start, end, start, end, …], sorted by start. */
  private readonly busy: number[][];
  /** Booked ms per technician and window, and per technician and plant day (from the day of `now`). */
  private readonly windowUse: Float64Array;
  private readonly dayUse: Float64Array;
  private readonly partUse: Float64Array;
  private readonly windowCount: number;
  private readonly firstDay: number;
  private readonly dayCount: number;
  /** Scratch buffer of candidate start times, reused across calls. */
  private readonly cand: number[] = [];

  get now(): number {
    return this.problem.input.now;
  }

  constructor(private readonly problem: PlanProblem) {
    this.busy = problem.techs.map(() => []);
    this.partUse = new Float64Array(problem.partCount);
    const { input } = problem;
    this.windowCount = input.windows.length;
    this.firstDay = dayOf(input, input.now);
    let last = input.now;
    for (const w of input.windows) last = Math.max(last, w.end);
    this.dayCount = dayOf(input, last) - this.firstDay + 1;
    this.windowUse = new Float64Array(problem.techs.length * this.windowCount);
    this.dayUse = new Float64Array(problem.techs.length * this.dayCount);
  }

  /** The earliest feasible slot of `job` in its window number `k`, or undefined. */
  earliestSlot(job: JobSpec, k: number, ignoreParts = false): Slot | undefined {
    const { input } = this.problem;
    const win = job.windows[k];
    if (!win) return undefined;
    const lo = Math.max(win.w.start, input.now);
    const hi = win.w.end - job.d;
    if (lo > hi) return undefined;
    const first = this.slotAt(job, win.idx, lo, ignoreParts);
    if (first) return first;
    // Feasibility only changes where a technician becomes free, a new day starts or a part is restocked. The
    // candidates are few: an insertion sort into a reused buffer beats allocating and sorting (inner loop).
    const cand = this.cand;
    let n = 0;
    const push = (t: number) => {
      let k = n++;
      while (k > 0 && (cand[k - 1] as number) > t) {
        cand[k] = cand[k - 1] as number;
        k--;
      }
      cand[k] = t;
    };
    for (const t of job.qualified) {
      const b = this.busy[t.idx] as number[];
      for (let i = firstEndAfter(b, lo); i < b.length && (b[i] as number) <= hi; i += 2) push(b[i] as number);
    }
    for (let t = nextDayStart(input, lo); t <= hi; t = nextDayStart(input, t)) push(t);
    for (const p of job.parts) if (p.restock > lo && p.restock <= hi) push(p.restock);
    let prev = lo;
    for (let c = 0; c < n; c++) {
      const start = cand[c] as number;
      if (start === prev) continue;
      prev = start;
      const slot = this.slotAt(job, win.idx, start, ignoreParts);
      if (slot) return slot;
    }
    return undefined;
  }

  private slotAt(job: JobSpec, windowIdx: number, start: number, ignoreParts: boolean): Slot | undefined {
    if (!ignoreParts && !this.partsOk(job, start)) return undefined;
    const techs = this.freeTechs(job, windowIdx, start);
    return techs ? { start, end: start + job.d, techs } : undefined;
  }

  private partsOk(job: JobSpec, start: number): boolean {
    for (const p of job.parts) {
      if (start < p.restock && (this.partUse[p.idx] as number) + p.qty > p.stock) return false;
    }
    return true;
  }

  private freeTechs(job: JobSpec, windowIdx: number, start: number): TechSpec[] | undefined {
    const end = start + job.d;
    const day = dayOf(this.problem.input, start) - this.firstDay;
    // Specialists first (keep versatile people free), then the least loaded that day, then a stable order:
    // `qualified` is sorted by skills and index, so picking the least-loaded of each skill count keeps that order.
    const picked: TechSpec[] = [];
    let pickedUse: number[] | undefined;
    for (const t of job.qualified) {
      if ((this.windowUse[t.idx * this.windowCount + windowIdx] as number) + job.d > t.cap) continue;
      const used = this.dayUse[t.idx * this.dayCount + day] as number;
      if (used + job.d > t.cap) continue;
      if (!isFree(this.busy[t.idx] as number[], start, end)) continue;
      if (picked.length === job.crew) {
        // Full crew already: a later technician can only replace one with as many skills and more hours that day.
        const last = picked[picked.length - 1] as TechSpec;
        const lastUse = (pickedUse as number[])[picked.length - 1] as number;
        if (last.skills < t.skills || lastUse <= used) continue;
        picked.pop();
        (pickedUse as number[]).pop();
      }
      // Insert keeping (skills, used, position in `qualified`) order.
      pickedUse ??= [];
      let k = picked.length;
      while (k > 0) {
        const p = picked[k - 1] as TechSpec;
        const u = pickedUse[k - 1] as number;
        if (p.skills < t.skills || (p.skills === t.skills && u <= used)) break;
        k--;
      }
      picked.splice(k, 0, t);
      pickedUse.splice(k, 0, used);
    }
    return picked.length === job.crew ? picked : undefined;
  }

  /** Books the slot in window number `k` of the job. */
  book(job: JobSpec, k: number, slot: Slot): void {
    const win = job.windows[k];
    if (!win) return;
    const day = dayOf(this.problem.input, slot.start) - this.firstDay;
    for (const t of slot.techs) {
      const wk = t.idx * this.windowCount + win.idx;
      this.windowUse[wk] = (this.windowUse[wk] as number) + job.d;
      const dk = t.idx * this.dayCount + day;
      this.dayUse[dk] = (this.dayUse[dk] as number) + job.d;
      insertInterval(this.busy[t.idx] as number[], slot.start, slot.end);
    }
    for (const p of job.parts)
      if (slot.start < p.restock) this.partUse[p.idx] = (this.partUse[p.idx] as number) + p.qty;
  }
}

/** Index (odd) of the first interval end after t; busy intervals do not overlap, so their ends are sorted too. */
function firstEndAfter(b: number[], t: number): number {
  let lo = 0;
  let hi = b.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((b[2 * mid + 1] as number) > t) hi = mid;
    else lo = mid + 1;
  }
  return 2 * lo + 1;
}

function isFree(b: number[], start: number, end: number): boolean {
  for (let i = firstEndAfter(b, start) - 1; i < b.length; i += 2) {
    const s = b[i] as number;
    if (s >= end) return true;
    if ((b[i + 1] as number) > start) return false;
  }
  return true;
}

function insertInterval(b: number[], start: number, end: number): void {
  let i = 0;
  while (i < b.length && (b[i] as number) < start) i += 2;
  b.splice(i, 0, start, end);
}
