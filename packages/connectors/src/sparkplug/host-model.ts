import { makeQuality, QualityReason, type Reading } from '@prognos/core';
import {
  displayValue,
  engUnitOf,
  isNumericType,
  metricNumber,
  QUALITY_NULL,
  type SparkplugMetric,
  type SparkplugPayload,
  sourceQuality,
  toNumber,
} from './codec';
import type { MetricMapper, ResolvedTag } from './mapping';
import { metricKey, type SparkplugTopic } from './topic';

/** What the host knows about one metric, learnt from a birth certificate. */
export interface MetricInfo {
  key: string;
  device: string;
  name: string;
  alias?: number;
  datatype: string;
  engUnit?: string;
  tag?: ResolvedTag;
  value?: number | string | boolean | null;
  ts?: number;
  quality?: number;
}

export interface DeviceInfo {
  id: string;
  online: boolean;
  metrics: Map<string, MetricInfo>;
}

export interface EdgeNodeInfo {
  group: string;
  edgeNode: string;
  online: boolean;
  bdSeq?: number;
  /** Last sequence number seen in this session; undefined until an NBIRTH (and again after an NDEATH). */
  seq?: number;
  /** Alias → metric, across the node and all its devices (Sparkplug 3.0 ch. 6: aliases are unique per edge node). */
  aliases: Map<number, MetricInfo>;
  nodeMetrics: Map<string, MetricInfo>;
  devices: Map<string, DeviceInfo>;
  births: number;
}

export type RebirthReason = 'sequence_gap' | 'unknown_alias' | 'data_before_birth';

export interface MappedReading {
  tag: ResolvedTag;
  reading: Reading;
}

/** What one message means to the connector. */
export interface Outcome {
  readings: MappedReading[];
  /** Set when the edge node must be asked to rebirth. */
  rebirth?: { reason: RebirthReason; message: string };
  /** Mapped metrics whose node or device died (their tags become stale). */
  died: MetricInfo[];
  /** Mapped metrics a birth defined (their tags are known from now on, with or without a value). */
  defined: ResolvedTag[];
  /** Seq before this message, to restore when the message is not acknowledged and will come again. */
  prevSeq?: number;
  /** Metrics that resolved to nothing (unknown alias/name). */
  unknown: number;
  /** The NDEATH did not match the current session (an old will delivered late) and was ignored. */
  ignored?: string;
}

const QUALITY_UNIT_MISMATCH = makeQuality('bad', QualityReason.UNIT_MISMATCH);
const SEQ_MOD = 256;

function empty(): Outcome {
  return { readings: [], died: [], defined: [], unknown: 0 };
}

/**
 * The Sparkplug B host state machine (Sparkplug 3.0, ch. 5 "Operational Behavior"): births define metrics and aliases,
 * data is resolved through them, deaths end sessions, and sequence numbers (0–255, wrapping) prove nothing was
 * missed. It does no I/O: the connector feeds it decoded messages and acts on the outcome.
 */
export class HostModel {
  readonly nodes = new Map<string, EdgeNodeInfo>();

  constructor(
    private readonly mapper: MetricMapper,
    private readonly now: () => number = Date.now,
  ) {}

  node(group: string, edgeNode: string): EdgeNodeInfo {
    const id = `${group}/${edgeNode}`;
    let n = this.nodes.get(id);
    if (!n) {
      n = {
        group,
        edgeNode,
        online: false,
        aliases: new Map(),
        nodeMetrics: new Map(),
        devices: new Map(),
        births: 0,
      };
      this.nodes.set(id, n);
    }
    return n;
  }

  /** Forgets every session (aliases, sequence) after the broker lost our subscription: births must come again. */
  forgetSessions(): void {
    for (const n of this.nodes.values()) {
      n.seq = undefined;
      n.online = false;
      n.aliases.clear();
      for (const d of n.devices.values()) d.online = false;
    }
  }

  handle(t: SparkplugTopic, p: SparkplugPayload, dup = false): Outcome {
    const node = this.node(t.group, t.edgeNode);
    switch (t.type) {
      case 'NBIRTH':
        return this.nodeBirth(node, p);
      case 'NDEATH':
        return this.nodeDeath(node, p);
      case 'DBIRTH':
      case 'DDATA':
      case 'NDATA':
      case 'DDEATH':
        return this.sequenced(node, t, p, dup);
      default:
        return empty();
    }
  }

  restoreSeq(group: string, edgeNode: string, seq: number | undefined): void {
    const n = this.nodes.get(`${group}/${edgeNode}`);
    if (n) n.seq = seq;
  }

  private nodeBirth(node: EdgeNodeInfo, p: SparkplugPayload): Outcome {
    const out = empty();
    out.prevSeq = node.seq;
    const bd = p.metrics?.find((m) => m.name === 'bdSeq');
    node.bdSeq = bd ? metricNumber(bd.value, bd.type) : undefined;
    node.seq = toNumber(p.seq) ?? 0;
    node.online = true;
    node.births++;
    // A new session: every alias of the old one is void, device definitions come again in their DBIRTHs.
    node.aliases.clear();
    node.nodeMetrics.clear();
    for (const d of node.devices.values()) d.online = false;
    this.define(node, '', node.nodeMetrics, p, out);
    return out;
  }

  private nodeDeath(node: EdgeNodeInfo, p: SparkplugPayload): Outcome {
    const out = empty();
    const bd = p.metrics?.find((m) => m.name === 'bdSeq');
    const bdSeq = bd ? metricNumber(bd.value, bd.type) : undefined;
    // The NDEATH is the edge node's MQTT will; one left over from an earlier connection must not end the current
    // session, so its bdSeq has to match the NBIRTH's (Sparkplug 3.0 ch. 5).
    if (node.bdSeq === undefined || bdSeq !== node.bdSeq) {
      out.ignored = `NDEATH bdSeq ${bdSeq ?? 'missing'} does not match NBIRTH bdSeq ${node.bdSeq ?? 'none'}`;
      return out;
    }
    node.online = false;
    out.prevSeq = node.seq;
    node.seq = undefined;
    for (const m of node.nodeMetrics.values()) if (m.tag) out.died.push(m);
    for (const d of node.devices.values()) {
      d.online = false;
      for (const m of d.metrics.values()) if (m.tag) out.died.push(m);
    }
    return out;
  }

  private sequenced(node: EdgeNodeInfo, t: SparkplugTopic, p: SparkplugPayload, dup: boolean): Outcome {
    const out = empty();
    out.prevSeq = node.seq;
    if (node.seq === undefined) {
      out.rebirth = {
        reason: 'data_before_birth',
        message: `${t.type} from ${t.group}/${t.edgeNode} before its NBIRTH`,
      };
      return out;
    }
    const seq = toNumber(p.seq);
    const expected = (node.seq + 1) % SEQ_MOD;
    if (seq !== expected && !(dup && seq === node.seq)) {
      out.rebirth = {
        reason: 'sequence_gap',
        message: `${t.type} from ${t.group}/${t.edgeNode}${t.device ? `/${t.device}` : ''}: seq ${seq ?? 'missing'}, expected ${expected}`,
      };
    }
    // Follow the sender's numbering from here so one lost message is reported once, not on every later message.
    if (seq !== undefined) node.seq = seq % SEQ_MOD;
    if (t.type === 'DBIRTH') {
      this.deviceBirth(node, t.device, p, out);
      return out;
    }
    if (t.type === 'DDEATH') {
      const d = node.devices.get(t.device);
      if (d) {
        d.online = false;
        for (const m of d.metrics.values()) if (m.tag) out.died.push(m);
      }
      return out;
    }
    if (t.type === 'DDATA') {
      const d = node.devices.get(t.device);
      if (!d?.online) {
        out.rebirth ??= {
          reason: 'data_before_birth',
          message: `DDATA from ${t.group}/${t.edgeNode}/${t.device} before its DBIRTH`,
        };
        return out;
      }
      this.data(node, d.id, d.metrics, p, out);
    } else {
      this.data(node, '', node.nodeMetrics, p, out);
    }
    if (out.unknown > 0 && !out.rebirth) {
      out.rebirth = {
        reason: 'unknown_alias',
        message: `${t.type} from ${t.group}/${t.edgeNode}${t.device ? `/${t.device}` : ''}: ${out.unknown} metric(s) with unknown alias or name`,
      };
    }
    return out;
  }

  private deviceBirth(node: EdgeNodeInfo, device: string, p: SparkplugPayload, out: Outcome): void {
    const old = node.devices.get(device);
    if (old) for (const m of old.metrics.values()) if (m.alias !== undefined) node.aliases.delete(m.alias);
    const d: DeviceInfo = { id: device, online: true, metrics: new Map() };
    node.devices.set(device, d);
    this.define(node, device, d.metrics, p, out);
  }

  /** Registers a birth's metric definitions and turns their current values into readings. */
  private define(
    node: EdgeNodeInfo,
    device: string,
    into: Map<string, MetricInfo>,
    p: SparkplugPayload,
    out: Outcome,
  ): void {
    const payloadTs = toNumber(p.timestamp);
    for (const m of p.metrics ?? []) {
      if (!m.name) continue; // births must name every metric; a nameless one cannot be defined
      const engUnit = engUnitOf(m);
      const info: MetricInfo = {
        key: metricKey(node.group, node.edgeNode, device, m.name),
        device,
        name: m.name,
        datatype: m.type,
        ...(engUnit !== undefined ? { engUnit } : {}),
      };
      const alias = toNumber(m.alias);
      if (alias !== undefined) {
        info.alias = alias;
        node.aliases.set(alias, info);
      }
      if (isNumericType(m.type)) {
        const tag = this.mapper.resolve(node.group, node.edgeNode, device, m.name, engUnit);
        if (tag) {
          info.tag = tag;
          out.defined.push(tag);
        }
      }
      into.set(m.name, info);
      // A null value in a birth means "no value yet", not a failed measurement: nothing to record.
      if (m.value === null || m.value === undefined) {
        info.value = null;
        continue;
      }
      this.sample(info, m, payloadTs, out);
    }
  }

  private data(
    node: EdgeNodeInfo,
    device: string,
    byName: Map<string, MetricInfo>,
    p: SparkplugPayload,
    out: Outcome,
  ): void {
    const payloadTs = toNumber(p.timestamp);
    for (const m of p.metrics ?? []) {
      const alias = toNumber(m.alias);
      let info = alias !== undefined ? node.aliases.get(alias) : undefined;
      if (info && info.device !== device) info = undefined; // an alias of another device of this node
      if (!info && m.name) info = byName.get(m.name);
      if (!info) {
        out.unknown++;
        continue;
      }
      this.sample(info, m, payloadTs, out);
    }
  }

  private sample(info: MetricInfo, m: SparkplugMetric, payloadTs: number | undefined, out: Outcome): void {
    // Metric timestamp first (when the value was sampled), then the payload's, then arrival time.
    const ts = toNumber(m.timestamp) ?? payloadTs ?? this.now();
    const type = m.type ?? info.datatype;
    const q = sourceQuality((m.properties as Record<string, unknown> | undefined)?.Quality);
    info.ts = ts;
    info.value = displayValue(m.value, type);
    const tag = info.tag;
    if (m.value === null || m.value === undefined) {
      info.quality = QUALITY_NULL;
      if (tag) out.readings.push({ tag, reading: { sensor: tag.sensor, ts, value: 0, quality: QUALITY_NULL } });
      return;
    }
    let quality = q ?? 0;
    if (tag?.unitMismatch && quality >> 6 !== 2) quality = QUALITY_UNIT_MISMATCH;
    info.quality = quality;
    if (!tag) return;
    const raw = metricNumber(m.value, type);
    if (raw === undefined) return;
    out.readings.push({ tag, reading: { sensor: tag.sensor, ts, value: tag.apply(raw), quality } });
  }
}
