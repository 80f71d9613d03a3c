import { convert, unitDef } from '@prognos/core';
import type { TagMapping } from '../contract';
import type { SparkplugMapping } from './config';
import { metricKey } from './topic';

/** A metric resolved to a Prognos sensor, with its conversion ready to apply. */
export interface ResolvedTag {
  key: string;
  sensor: string;
  /** Unit of the converted value (the mapping's unit, else the unit announced in the birth). */
  unit?: string;
  deadband: number;
  expectedIntervalMs?: number;
  /** raw → converted value in `unit`. */
  apply: (raw: number) => number;
  /** The birth's unit and the mapping's unit are of different quantities: values are flagged, not trusted. */
  unitMismatch: boolean;
}

export const DEFAULT_TEMPLATE = '{device}.{metric}';

/** Protocol metrics (Sparkplug 3.0 ch. 6: bdSeq, Node Control/*, Device Control/*) are never sensors by template. */
function isProtocolMetric(name: string): boolean {
  return name === 'bdSeq' || name.startsWith('Node Control/') || name.startsWith('Device Control/');
}

interface Pattern {
  parts: [string, string, string];
  metric: string;
  tag: TagMapping;
}

export class MetricMapper {
  private readonly exact = new Map<string, TagMapping>();
  private readonly patterns: Pattern[] = [];
  private readonly template: string | undefined;
  private readonly defaults: Omit<TagMapping, 'sensor'>;

  private readonly defaultExpectedMs: number | undefined;
  private readonly devices: Set<string> | undefined;

  /** `devices` limits mapping to those devices (node-level metrics always pass). */
  constructor(
    mapping: SparkplugMapping | undefined,
    opts: { expectedIntervalMs?: number; devices?: readonly string[] } = {},
  ) {
    this.defaultExpectedMs = opts.expectedIntervalMs;
    this.devices = opts.devices ? new Set(opts.devices) : undefined;
    const tags = mapping?.tags ?? {};
    for (const [key, tag] of Object.entries(tags)) {
      const [g, e, d, ...rest] = key.split('/');
      const metric = rest.join('/');
      if (g === '+' || e === '+' || d === '+') this.patterns.push({ parts: [g!, e!, d!], metric, tag });
      else this.exact.set(key, tag);
    }
    this.template = mapping?.template ?? (mapping?.tags ? undefined : DEFAULT_TEMPLATE);
    this.defaults = mapping?.defaults ?? {};
  }

  /** The sensor a metric feeds, or undefined when it is not mapped. `engUnit` is the unit its birth announced. */
  resolve(group: string, edgeNode: string, device: string, metric: string, engUnit?: string): ResolvedTag | undefined {
    if (device && this.devices && !this.devices.has(device)) return undefined;
    const key = metricKey(group, edgeNode, device, metric);
    let tag = this.exact.get(key) ?? this.matchPattern(group, edgeNode, device, metric);
    if (!tag && this.template !== undefined && !isProtocolMetric(metric)) {
      const sensor = this.template
        .replaceAll('{group}', group)
        .replaceAll('{edgeNode}', edgeNode)
        .replaceAll('{device}', device || edgeNode)
        .replaceAll('{metric}', metric);
      tag = { ...this.defaults, sensor };
    }
    if (!tag) return undefined;
    return build(key, tag, engUnit, this.defaultExpectedMs);
  }

  private matchPattern(group: string, edgeNode: string, device: string, metric: string): TagMapping | undefined {
    const actual = [group, edgeNode, device];
    for (const p of this.patterns) {
      if (p.metric === metric && p.parts.every((x, i) => x === '+' || x === actual[i])) return p.tag;
    }
    return undefined;
  }
}

function build(key: string, tag: TagMapping, engUnit: string | undefined, defaultExpectedMs?: number): ResolvedTag {
  const base = {
    key,
    sensor: tag.sensor,
    unit: tag.unit ?? engUnit,
    deadband: tag.deadband ?? 0,
    expectedIntervalMs: tag.expectedIntervalMs ?? defaultExpectedMs,
  };
  if (tag.scale !== undefined || tag.offset !== undefined) {
    // An explicit linear conversion is the user's statement of how raw maps to `unit`; it wins over the birth unit.
    const scale = tag.scale ?? 1;
    const offset = tag.offset ?? 0;
    return { ...base, apply: (raw) => raw * scale + offset, unitMismatch: false };
  }
  if (tag.unit && engUnit && tag.unit !== engUnit) {
    const from = unitDef(engUnit);
    const to = unitDef(tag.unit);
    if (from && to && from.quantity === to.quantity) {
      return { ...base, apply: (raw) => convert(raw, engUnit, tag.unit!), unitMismatch: false };
    }
    // Known units of different quantities cannot be reconciled; unknown spellings ("deg C") are passed through.
    if (from && to) return { ...base, apply: (raw) => raw, unitMismatch: true };
  }
  return { ...base, apply: (raw) => raw, unitMismatch: false };
}
