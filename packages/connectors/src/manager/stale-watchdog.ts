import type { ConnectorEvent, ConnectorHealth } from '../contract';

/**
 * Turns the per-tag `stale` flags of connector health (no value within 3× the tag's expected interval) into
 * data-quality events, once per transition: `tag_stale` when a tag goes quiet, `tag_recovered` when values return.
 */
export class StaleWatchdog {
  private readonly stale = new Map<string, Set<string>>();

  /** Compares one connector's health with the last look; returns the events of the tags that changed. */
  check(h: ConnectorHealth, now: number): ConnectorEvent[] {
    let set = this.stale.get(h.id);
    if (!set) {
      set = new Set();
      this.stale.set(h.id, set);
    }
    const events: ConnectorEvent[] = [];
    const present = new Set<string>();
    for (const t of h.tags) {
      present.add(t.tag);
      if (t.stale && !set.has(t.tag)) {
        set.add(t.tag);
        const since = t.lastValueAt ? `since ${new Date(t.lastValueAt).toISOString()}` : 'since the connector started';
        events.push({
          type: 'tag_stale',
          connectorId: h.id,
          ts: now,
          sensor: t.sensor,
          tag: t.tag,
          message: `${t.sensor} (${t.tag}) stopped updating: no value ${since}`,
        });
      } else if (!t.stale && set.has(t.tag)) {
        set.delete(t.tag);
        events.push({
          type: 'tag_recovered',
          connectorId: h.id,
          ts: now,
          sensor: t.sensor,
          tag: t.tag,
          message: `${t.sensor} (${t.tag}) is updating again`,
        });
      }
    }
    for (const tag of set) if (!present.has(tag)) set.delete(tag);
    return events;
  }

  /** Forgets a connector (stopped or removed): its quiet tags are no data-quality problem any more. */
  forget(id: string): void {
    this.stale.delete(id);
  }
}
