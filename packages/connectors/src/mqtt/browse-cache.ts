import type { BrowseItem } from '../contract';
import { mqttTopicMatches } from './topic-template';

interface Seen {
  ts: number;
  preview: string;
  value?: number;
  sensor?: string;
  quality?: number;
  count: number;
}

/** Topics seen recently with their last payload and value, for discovery with live preview. Bounded (LRU). */
export class TopicCache {
  private readonly seen = new Map<string, Seen>();
  constructor(private readonly max = 2000) {}

  note(topic: string, payload: Buffer, ts: number): void {
    const prev = this.seen.get(topic);
    if (prev) this.seen.delete(topic);
    const text = payload.subarray(0, 240).toString('utf8');
    this.seen.set(topic, {
      ts,
      preview: payload.length > 240 ? `${text}…` : text,
      value: undefined,
      sensor: prev?.sensor,
      count: (prev?.count ?? 0) + 1,
    });
    if (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value as string);
  }

  /** The converted value a mapping took from the topic's last message. */
  mapped(topic: string, sensor: string, value: number, quality: number): void {
    const s = this.seen.get(topic);
    if (!s) return;
    s.sensor = sensor;
    s.value = value;
    s.quality = quality;
  }

  list(filter?: string): BrowseItem[] {
    const out: BrowseItem[] = [];
    for (const [topic, s] of this.seen) {
      if (filter && !mqttTopicMatches(filter, topic)) continue;
      out.push({
        tag: topic,
        name: s.sensor ?? topic,
        dataType: s.value !== undefined ? 'number' : 'payload',
        value: s.value ?? s.preview,
        ts: s.ts,
        quality: s.quality,
      });
    }
    return out.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  }
}
