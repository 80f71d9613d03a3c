/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015):
 * delay = random(0, min(max, base · 2^attempt)). Jitter spreads reconnect storms when many devices drop at once.
 */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** Lower bound so a reconnect never spins (ms). */
  minMs?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  constructor(private readonly opts: BackoffOptions = {}) {}
  next(): number {
    const base = this.opts.baseMs ?? 500;
    const max = this.opts.maxMs ?? 8000;
    const min = this.opts.minMs ?? 100;
    const cap = Math.min(max, base * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.max(min, Math.round((this.opts.random ?? Math.random)() * cap));
  }
  reset(): void {
    this.attempt = 0;
  }
  get attempts(): number {
    return this.attempt;
  }
}
