/**
 * One queue for every change to alert workflows and work orders, whether it comes from the alert stream or from
 * a person through the API: read-modify-write of one record can then never lose a concurrent change.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    // the queue goes on after a failed job; the caller gets its error
    this.tail = next.catch(() => undefined);
    return next;
  }

  async drain(): Promise<void> {
    await this.tail;
  }
}
