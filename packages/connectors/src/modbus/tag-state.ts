import { GOOD, makeQuality, QualityReason, type Reading } from '@prognos/core';
import type { TagHealth } from '../contract';
import type { ModbusRegister } from './config';
import { shortestFloat32 } from './decode';
import { tagOf } from './tags';

/** Staleness threshold in expected intervals (the connector contract: no update for 3× expectedIntervalMs). */
const STALE_FACTOR = 3;

/** Runtime state of one configured register: conversion, deadband, and per-tag health. */
export class TagState {
  readonly tag: string;
  readonly sensor: string;
  readonly expectedIntervalMs: number;
  lastValueAt?: number;
  lastValue?: number;
  lastQuality?: number;
  errors = 0;
  stale = false;
  private emitted?: { value: number; quality: number };
  private watchFrom: number;

  constructor(
    readonly register: ModbusRegister,
    groupIntervalMs: number,
    now: number,
  ) {
    this.tag = tagOf(register);
    this.sensor = register.sensor;
    this.expectedIntervalMs = register.expectedIntervalMs ?? groupIntervalMs;
    this.watchFrom = now;
  }

  /** Restarts the staleness clock (at start). */
  resetWatch(now: number): void {
    this.watchFrom = now;
  }

  /**
   * A raw value read at ts. Returns the reading to emit, or undefined when the deadband suppresses it
   * (changes of quality are always emitted). A non-finite raw value (float NaN/Inf: the usual "no measurement"
   * marker of devices) is a bad SENSOR_FAILURE reading.
   */
  good(raw: number, ts: number): Reading | undefined {
    if (!Number.isFinite(raw)) return this.bad(makeQuality('bad', QualityReason.SENSOR_FAILURE), ts);
    const r = this.register;
    let value = r.type === 'float32' ? shortestFloat32(raw) : raw;
    if ((r.scale !== undefined && r.scale !== 1) || (r.offset !== undefined && r.offset !== 0)) {
      value = roundSignificant(value * (r.scale ?? 1) + (r.offset ?? 0), 12);
    }
    this.lastValueAt = ts;
    this.lastValue = value;
    this.lastQuality = GOOD;
    const prev = this.emitted;
    const deadband = r.deadband ?? 0;
    if (prev && prev.quality === GOOD && deadband > 0 && Math.abs(value - prev.value) <= deadband) return undefined;
    this.emitted = { value, quality: GOOD };
    return { sensor: this.sensor, ts, value, quality: GOOD };
  }

  /**
   * The tag could not be read at ts. Emitted once per change of quality (a repeat carries no news), with the last
   * known value, since a Reading needs a finite number and bad readings are kept flagged, never dropped.
   */
  bad(quality: number, ts: number, countError = true): Reading | undefined {
    if (countError) this.errors++;
    this.lastQuality = quality;
    if (this.emitted?.quality === quality) return undefined;
    const value = this.lastValue ?? 0;
    this.emitted = { value, quality };
    return { sensor: this.sensor, ts, value, quality };
  }

  /** Updates the stale flag; returns the transition, if any. */
  checkStale(now: number): 'stale' | 'recovered' | undefined {
    // Only good values count as updates: a tag that keeps failing goes stale too.
    const last = Math.max(this.lastValueAt ?? this.watchFrom, this.watchFrom);
    const stale = now - last > STALE_FACTOR * this.expectedIntervalMs;
    if (stale === this.stale) return undefined;
    this.stale = stale;
    return stale ? 'stale' : 'recovered';
  }

  health(): TagHealth {
    return {
      tag: this.tag,
      sensor: this.sensor,
      ...(this.lastValueAt !== undefined ? { lastValueAt: this.lastValueAt } : {}),
      ...(this.lastValue !== undefined ? { lastValue: this.lastValue } : {}),
      ...(this.lastQuality !== undefined ? { lastQuality: this.lastQuality } : {}),
      errors: this.errors,
      stale: this.stale,
    };
  }
}

function roundSignificant(x: number, digits: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(digits));
}
