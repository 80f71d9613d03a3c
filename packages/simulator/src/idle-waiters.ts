/** Promises that resolve when a publisher's queue has drained (shared by MqttGateway and SparkplugEdgeNode). */
export class IdleWaiters {
  private waiters: (() => void)[] = [];

  /** Resolves true once `notify` is called while idle, false after timeoutMs; at once when already idle. */
  wait(idle: boolean, timeoutMs: number): Promise<boolean> {
    if (idle) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Call whenever the queue may have drained; wakes every waiter when `idle` is true. */
  notify(idle: boolean): void {
    if (!idle || this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
