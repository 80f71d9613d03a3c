import type { BrowseItem } from '../contract';
import type { HostModel, MetricInfo } from './host-model';

/** A browse entry with the mapping the connector applies (sensor, unit) and whether its source is online. */
export interface SparkplugBrowseItem extends BrowseItem {
  sensor?: string;
  unit?: string;
  online?: boolean;
}

/** Lists one level of what the host has learnt: groups, edge nodes, devices and metrics (see SparkplugConnector.browse). */
export function browseModel(model: HostModel, groups: readonly string[], path: string): SparkplugBrowseItem[] {
  // 'G/E/' is not a device path; 'G/E/D' is, and a device id may not be empty.
  const parts = path.split('/').filter((p) => p.length > 0);
  const nodes = [...model.nodes.values()];
  if (parts.length === 0) {
    const all = new Set([...groups, ...nodes.map((n) => n.group)]);
    return [...all].map((g) => ({ tag: g, name: g, hasChildren: true }));
  }
  const [group, edgeNode, device] = parts;
  if (parts.length === 1) {
    return nodes
      .filter((n) => n.group === group)
      .map((n) => ({ tag: `${n.group}/${n.edgeNode}`, name: n.edgeNode, hasChildren: true, online: n.online }));
  }
  const node = model.nodes.get(`${group}/${edgeNode}`);
  if (!node) return [];
  if (parts.length === 2) {
    const devices = [...node.devices.values()].map((d) => ({
      tag: `${node.group}/${node.edgeNode}/${d.id}`,
      name: d.id,
      hasChildren: true,
      online: node.online && d.online,
    }));
    return [...devices, ...[...node.nodeMetrics.values()].map((m) => item(m, node.online))];
  }
  const d = node.devices.get(device!);
  if (!d) return [];
  return [...d.metrics.values()].map((m) => item(m, node.online && d.online));
}

function item(m: MetricInfo, online: boolean): SparkplugBrowseItem {
  const unit = m.tag?.unit ?? m.engUnit;
  return {
    tag: m.key,
    name: m.name,
    dataType: m.datatype,
    ...(m.value !== undefined ? { value: m.value } : {}),
    ...(m.ts !== undefined ? { ts: m.ts } : {}),
    ...(m.quality !== undefined ? { quality: m.quality } : {}),
    ...(m.tag ? { sensor: m.tag.sensor } : {}),
    ...(unit ? { unit } : {}),
    online,
  };
}
