/*
 * The plant's rhythm, as pure functions of *process* time (UTC): production demand from a three-shift
 * pattern with a quieter weekend, and the daily ambient temperature cycle of a factory hall.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Shift changes are not instantaneous: demand ramps over half an hour after each boundary. */
const RAMP_MS = 30 * 60_000;

/** Day of week, 0 = Sunday (1970-01-01 was a Thursday). */
function dayOfWeek(ms: number): number {
  return (((Math.floor(ms / DAY) + 4) % 7) + 7) % 7;
}

/** Demand level of the shift in force at ms (no ramp). */
function shiftLevel(ms: number): number {
  const dow = dayOfWeek(ms);
  const h = (((ms % DAY) + DAY) % DAY) / HOUR;
  if (dow === 0) return 0.45; // Sunday: utilities only
  if (dow === 6) return h >= 6 && h < 14 ? 0.75 : 0.45; // Saturday: one morning shift
  if (h >= 6 && h < 14) return 0.9; // morning shift
  if (h >= 14 && h < 22) return 0.8; // afternoon shift
  return 0.5; // night shift
}

/** Production demand 0..1 at process time ms. Shift boundaries are on whole hours (06, 14, 22). */
export function demandAt(ms: number): number {
  const sinceHour = ((ms % HOUR) + HOUR) % HOUR;
  const now = shiftLevel(ms);
  if (sinceHour >= RAMP_MS) return now;
  const before = shiftLevel(ms - sinceHour - 1);
  return before + (now - before) * (sinceHour / RAMP_MS);
}

/** Mean hall temperature (°C) at process time ms: 20 °C ± 4 K, warmest at 15:00, coolest at 03:00. */
export function ambientBaseAt(ms: number): number {
  const h = (((ms % DAY) + DAY) % DAY) / HOUR;
  return 20 + 4 * Math.cos((2 * Math.PI * (h - 15)) / 24);
}

/**
 * Ornstein–Uhlenbeck step solved exactly over dt (Gillespie 1996), so a random walk sampled every hour has
 * the same statistics as one sampled every second.
 */
export function ouStep(x: number, dtS: number, tauS: number, sigma: number, z: number): number {
  const a = Math.exp(-dtS / tauS);
  return x * a + sigma * Math.sqrt(1 - a * a) * z;
}
