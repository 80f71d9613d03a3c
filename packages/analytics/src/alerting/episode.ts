import type { Alert, AlertSeverity, SensorContribution } from '@prognos/core';

/** Consecutive windows above the threshold (score > 1) before an episode opens: one noisy window is not a fault. */
export const DEFAULT_PERSISTENCE = 3;
/**
 * Hysteresis: an open episode closes only after `clearWindows` consecutive windows below `clearBelow`
 * (a lower level than the opening threshold, as in a Schmitt trigger), so a score hovering around 1.0 cannot
 * open and close alerts over and over (ISA-18.2 alarm deadband / off-delay).
 */
export const DEFAULT_CLEAR_BELOW = 0.7;
export const DEFAULT_CLEAR_WINDOWS = 30;
/**
 * An episode that closed on its own and comes back within this time is the same fault (a growing fault's score
 * dips below the clear level at light load or between machining programs): its alert is re-opened, not a new one
 * raised, so one fault is one alert — not a storm.
 */
export const DEFAULT_REOPEN_WITHIN_MS = 12 * 3_600_000;
/** Score at which an episode escalates from warning to critical (three times the alert threshold). */
export const DEFAULT_CRITICAL_AT = 3;

export interface EpisodeOptions {
  persistence?: number;
  clearBelow?: number;
  clearWindows?: number;
  criticalAt?: number;
  reopenWithinMs?: number;
}

export type AlertChange = 'opened' | 'updated' | 'closed';

/** What describe() is told to produce the alert's title and explanation. */
export interface EpisodeContext {
  contributions: SensorContribution[];
  score: number;
  peakScore: number;
  severity: AlertSeverity;
  startedAt: number;
  /** End of the latest abnormal window. */
  lastAbnormalAt: number;
  closedAt?: number;
}

export interface AlertEpisodesOptions extends EpisodeOptions {
  assetId: string;
  newId?: () => string;
  describe: (ctx: EpisodeContext) => { title: string; explanation: string };
}

/** One scored window. */
export interface ScoredWindow {
  start: number;
  end: number;
  score: number;
  contributions: SensorContribution[];
}

/**
 * Turns a stream of scored windows into alert episodes: exactly one Alert per episode, opened after
 * `persistence` consecutive windows above 1.0, updated on every window while it lasts (score, peak,
 * contributions and explanation of the latest abnormal window, updatedAt), escalated to critical once the score
 * exceeds `criticalAt` (never de-escalated within an episode), and closed after `clearWindows` consecutive
 * windows below `clearBelow`. Windows not scored (asset stopped, data missing) are simply not passed in: they
 * neither count towards opening nor towards closing.
 */
export class AlertEpisodes {
  private readonly persistence: number;
  private readonly clearBelow: number;
  private readonly clearWindows: number;
  private readonly criticalAt: number;
  private readonly newId: () => string;
  private readonly assetId: string;
  private readonly describe: AlertEpisodesOptions['describe'];
  /** Consecutive windows above 1 while no episode is open, with the run's start and peak. */
  private run = { count: 0, start: 0, peak: 0 };
  private below = 0;
  private alert: Alert | undefined;
  private lastAbnormalAt = 0;
  /** The last episode that closed on its own (not by a person), for re-opening. */
  private lastClosed: Alert | undefined;
  private readonly reopenWithinMs: number;

  constructor(opts: AlertEpisodesOptions) {
    this.persistence = opts.persistence ?? DEFAULT_PERSISTENCE;
    this.clearBelow = opts.clearBelow ?? DEFAULT_CLEAR_BELOW;
    this.clearWindows = opts.clearWindows ?? DEFAULT_CLEAR_WINDOWS;
    this.criticalAt = opts.criticalAt ?? DEFAULT_CRITICAL_AT;
    this.reopenWithinMs = opts.reopenWithinMs ?? DEFAULT_REOPEN_WITHIN_MS;
    this.newId = opts.newId ?? (() => globalThis.crypto.randomUUID());
    this.assetId = opts.assetId;
    this.describe = opts.describe;
    if (!(this.persistence >= 1 && this.clearWindows >= 1))
      throw new RangeError('persistence and clearWindows must be ≥ 1');
    if (!(this.clearBelow > 0 && this.clearBelow <= 1)) throw new RangeError('clearBelow must be in (0, 1]');
  }

  /**
   * Resumes an episode that was open before a restart (an alert loaded from the store), so that it is updated
   * and closed instead of a second alert being opened for the same episode. Closed alerts are ignored.
   */
  resume(alert: Alert): void {
    if (alert.state === 'closed' || alert.assetId !== this.assetId) return;
    this.alert = { ...alert };
    this.lastAbnormalAt = alert.updatedAt;
    this.below = 0;
    this.run = { count: 0, start: 0, peak: 0 };
  }

  /** Forgets the open episode (it was closed by a person); a new one opens only after `persistence` windows. */
  reset(): void {
    this.alert = undefined;
    this.lastClosed = undefined;
    this.below = 0;
    this.run = { count: 0, start: 0, peak: 0 };
  }

  /** The open episode's alert, if any. */
  active(): Alert | undefined {
    return this.alert;
  }

  update(w: ScoredWindow): { alert: Alert; change: AlertChange } | undefined {
    const abnormal = w.score > 1;
    if (!this.alert) {
      if (!abnormal) {
        this.run = { count: 0, start: 0, peak: 0 };
        return undefined;
      }
      if (this.run.count === 0) this.run.start = w.start;
      this.run.count++;
      this.run.peak = Math.max(this.run.peak, w.score);
      if (this.run.count < this.persistence) return undefined;
      this.lastAbnormalAt = w.end;
      this.below = 0;
      const prev = this.lastClosed;
      if (
        prev?.closedAt !== undefined &&
        this.reopenWithinMs > 0 &&
        this.run.start - prev.closedAt <= this.reopenWithinMs
      ) {
        // The same fault back again: re-open its alert (same id), with the latest evidence.
        const peakScore = Math.max(prev.peakScore, this.run.peak);
        const severity: AlertSeverity =
          prev.severity === 'critical' || this.run.peak > this.criticalAt ? 'critical' : 'warning';
        const { closedAt: _closed, ...open } = prev;
        this.alert = {
          ...open,
          state: 'open',
          severity,
          contributions: w.contributions,
          score: w.score,
          peakScore,
          updatedAt: w.end,
          ...this.describe({
            contributions: w.contributions,
            score: w.score,
            peakScore,
            severity,
            startedAt: prev.startedAt,
            lastAbnormalAt: w.end,
          }),
        };
        this.lastClosed = undefined;
        this.run = { count: 0, start: 0, peak: 0 };
        return { alert: { ...this.alert }, change: 'updated' };
      }
      const severity: AlertSeverity = this.run.peak > this.criticalAt ? 'critical' : 'warning';
      const text = this.describe({
        contributions: w.contributions,
        score: w.score,
        peakScore: this.run.peak,
        severity,
        startedAt: this.run.start,
        lastAbnormalAt: w.end,
      });
      this.alert = {
        id: this.newId(),
        assetId: this.assetId,
        kind: 'anomaly',
        severity,
        state: 'open',
        ...text,
        contributions: w.contributions,
        score: w.score,
        peakScore: this.run.peak,
        startedAt: this.run.start,
        updatedAt: w.end,
      };
      this.run = { count: 0, start: 0, peak: 0 };
      return { alert: { ...this.alert }, change: 'opened' };
    }

    const a = this.alert;
    const peakScore = Math.max(a.peakScore, w.score);
    const severity: AlertSeverity = a.severity === 'critical' || w.score > this.criticalAt ? 'critical' : a.severity;
    this.below = w.score < this.clearBelow ? this.below + 1 : 0;
    const closing = this.below >= this.clearWindows;
    let next: Alert = { ...a, score: w.score, peakScore, severity, updatedAt: w.end };
    if (abnormal) {
      // Contributions and explanation follow the latest abnormal window: a window back inside the normal band
      // would "explain" nothing.
      this.lastAbnormalAt = w.end;
      next = { ...next, contributions: w.contributions };
    }
    if (closing) next = { ...next, state: 'closed', closedAt: w.end };
    if (abnormal || closing || severity !== a.severity) {
      next = {
        ...next,
        ...this.describe({
          contributions: next.contributions,
          score: w.score,
          peakScore,
          severity,
          startedAt: a.startedAt,
          lastAbnormalAt: this.lastAbnormalAt,
          ...(closing ? { closedAt: w.end } : {}),
        }),
      };
    }
    this.alert = closing ? undefined : next;
    if (closing) {
      this.below = 0;
      this.lastClosed = next;
    }
    return { alert: { ...next }, change: closing ? 'closed' : 'updated' };
  }
}
