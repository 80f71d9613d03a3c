import {
  type CheckResult,
  PlantQualityMonitor,
  type SensorChecker,
  type SensorCheckerOptions,
} from '@prognos/analytics';
import { QualityReason, type Reading, type Sensor } from '@prognos/core';
import { worseQuality } from './trust';

/** Told about every check, so that sensor states can follow the stream (QualityService). */
export type CheckObserver = (
  sensor: Sensor,
  result: CheckResult,
  stored: Reading,
  incomingQuality: number,
  now: number,
) => void;

/** What IngestService needs from the quality checks: judge each batch before it is stored. */
export interface IngestQualityGate {
  /**
   * Returns the readings to store: the same readings, each with the worse of its incoming and its computed
   * quality, plus copies of earlier readings whose verdict was revised (same sensor and ts: the store replaces).
   */
  apply(readings: Reading[], now: number): Reading[];
  sensorsChanged(sensors: readonly Sensor[]): void;
}

interface Tracked {
  sensor: Sensor;
  checker: SensorChecker;
  /** The last in-order reading as stored: what an amend re-judges. */
  last?: { ts: number; value: number; quality: number };
}

/** A sensor definition change that invalidates what its checks have learnt. */
function sameDefinition(a: Sensor, b: Sensor): boolean {
  return a.min === b.min && a.max === b.max && a.unit === b.unit && a.sampleRateHz === b.sampleRateHz;
}

/**
 * One SensorChecker per known sensor, applied to every batch on its way to the store. A reading is flagged,
 * never dropped: its quality becomes the worse of what the source said and what the checks say. Checkers are
 * created on a sensor's first reading and replaced when its range, unit or rate changes.
 */
export class ReadingChecks implements IngestQualityGate {
  private readonly defs = new Map<string, Sensor>();
  private readonly tracked = new Map<string, Tracked>();
  private readonly resolution = new Map<string, number>();
  /**
   * The plant-level checks: per-sensor checkers plus what only the plant knows — whether each asset runs (a
   * stopped machine reads flat and quiet) and whether a jump was shared by the machine's other sensors (then it is
   * the process, not a spike).
   */
  readonly monitor: PlantQualityMonitor;

  constructor(
    private readonly opts: {
      observer?: CheckObserver;
      checker?: Omit<SensorCheckerOptions, 'resolution'>;
      /** Process ms per wall ms (the demo simulator runs faster than real time), default 1. */
      timeScale?: number;
    } = {},
  ) {
    const timeScale = opts.timeScale ?? 1;
    // Frames of one process minute, but never shorter than a second of wall time (the demo's sample period).
    this.monitor = new PlantQualityMonitor([], { checker: opts.checker, timeScale, frameMs: this.frameMs });
  }

  /**
   * Learns the virtual sensors (calibration drift) from healthy history: the readings are replayed, in time
   * order, through a monitor of the same frame and time scale as the live one, which records its frames; the
   * models learnt from them go to the live monitor. Yields to the event loop between chunks. Returns how many.
   */
  /** Wall ms per frame of the plant-level checks (one process minute, at least a second). */
  get frameMs(): number {
    return Math.max(1000, 60_000 / (this.opts.timeScale ?? 1));
  }

  /**
   * Wall ms per frame for history recorded at `historyTimeScale` process ms per wall ms (one process minute, at
   * least a second).
   */
  historyFrameMs(historyTimeScale = this.opts.timeScale ?? 1): number {
    return Math.max(1000, 60_000 / historyTimeScale);
  }

  /**
   * `historyTimeScale`: process ms per wall ms of the history (default: the live one). The demo's history is
   * back-filled at real speed (1) and then runs 360× faster: framed at the live scale, six hours of history would
   * be 21,600 one-second frames taken for 15 process days (and took 23 s of blocked event loop to learn from).
   */
  async learnVirtualSensors(
    readings: readonly Reading[],
    sensors: readonly Sensor[],
    historyTimeScale = this.opts.timeScale ?? 1,
  ): Promise<number> {
    const timeScale = historyTimeScale;
    const frameMs = this.historyFrameMs(historyTimeScale);
    const sorted = [...readings].sort((a, b) => a.ts - b.ts);
    const span = sorted.length > 0 ? (sorted.at(-1) as Reading).ts - (sorted[0] as Reading).ts : 0;
    const offline = new PlantQualityMonitor(sensors, {
      // The history comes as one mean per frame and sensor: a 1 Hz sensor then reads once a minute, which the gap
      // check would flag on every reading (and a flagged frame is not learnt from).
      checker: { ...this.opts.checker, gap: false },
      timeScale,
      frameMs,
      recordFrames: Math.ceil(span / frameMs) + 2,
    });
    for (let i = 0; i < sorted.length; i++) {
      const r = sorted[i] as Reading;
      offline.check(r, r.ts);
      if (i % 50_000 === 49_999) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setImmediate(resolve));
    const n = offline.trainDrift();
    this.monitor.setVirtualSensors(offline.virtualSensors());
    return n;
  }

  sensorsChanged(sensors: readonly Sensor[]): void {
    for (const s of sensors) this.upsert(s);
  }

  upsert(sensor: Sensor): void {
    const prev = this.defs.get(sensor.id);
    this.defs.set(sensor.id, sensor);
    const t = this.tracked.get(sensor.id);
    if (!t) return;
    if (prev && sameDefinition(prev, sensor)) t.sensor = sensor;
    else this.tracked.delete(sensor.id);
  }

  sensor(id: string): Sensor | undefined {
    return this.defs.get(id);
  }
  sensors(): IterableIterator<Sensor> {
    return this.defs.values();
  }

  /** Sets the smallest meaningful step of a sensor (e.g. estimated from history); takes effect on a new checker. */
  setResolution(id: string, resolution: number): void {
    this.resolution.set(id, resolution);
    this.tracked.delete(id);
  }

  /** The sensor's checker, created if the sensor is known and has none yet. */
  checker(id: string): SensorChecker | undefined {
    return this.track(id)?.checker;
  }

  /** The sensor's checker if it has one (it has sent a reading or was primed since its definition last changed). */
  existing(id: string): SensorChecker | undefined {
    return this.tracked.get(id)?.checker;
  }

  private track(id: string): Tracked | undefined {
    let t = this.tracked.get(id);
    if (t) return t;
    const sensor = this.defs.get(id);
    if (!sensor) return undefined;
    t = { sensor, checker: this.monitor.upsertSensor(sensor, this.resolution.get(id)) };
    this.tracked.set(id, t);
    return t;
  }

  apply(readings: Reading[], now: number): Reading[] {
    let out = readings;
    const extra: Reading[] = [];
    /** Where each sensor's last in-order reading sits in this batch (an amend of it is made in place). */
    const pos = new Map<string, number>();
    const observer = this.opts.observer;
    for (let i = 0; i < readings.length; i++) {
      const r = readings[i] as Reading;
      const t = this.track(r.sensor);
      if (!t) continue;
      const res = this.monitor.check(r, now) ?? t.checker.check(r, now);
      const quality = worseQuality(r.quality, res.quality);
      let stored = r;
      if (quality !== r.quality) {
        if (out === readings) out = readings.slice();
        stored = { sensor: r.sensor, ts: r.ts, value: r.value, quality };
        out[i] = stored;
      }
      if (res.amend) {
        const prev = t.last;
        if (prev && prev.ts === res.amend.ts) {
          const q = worseQuality(prev.quality, res.amend.quality);
          if (q !== prev.quality) {
            prev.quality = q;
            const revised = { sensor: r.sensor, ts: prev.ts, value: prev.value, quality: q };
            const j = pos.get(r.sensor);
            if (j !== undefined && (out[j] as Reading).ts === prev.ts) {
              if (out === readings) out = readings.slice();
              out[j] = revised;
            } else extra.push(revised);
          }
        }
      }
      // Only readings that went through the value checks can be amended later (the checker's own rule).
      if (!res.reasons.includes(QualityReason.TIMESTAMP)) {
        t.last = { ts: r.ts, value: r.value, quality };
        pos.set(r.sensor, i);
      }
      observer?.(t.sensor, res, stored, r.quality, now);
    }
    return extra.length > 0 ? out.concat(extra) : out;
  }
}
