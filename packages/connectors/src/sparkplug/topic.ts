import { NAMESPACE } from './codec';

export type SparkplugMessageType =
  | 'NBIRTH'
  | 'NDEATH'
  | 'DBIRTH'
  | 'DDEATH'
  | 'NDATA'
  | 'DDATA'
  | 'NCMD'
  | 'DCMD'
  | 'STATE';

export interface SparkplugTopic {
  type: SparkplugMessageType;
  group: string;
  edgeNode: string;
  /** '' for node-level messages. */
  device: string;
}

const TYPES = new Set<string>(['NBIRTH', 'NDEATH', 'DBIRTH', 'DDEATH', 'NDATA', 'DDATA', 'NCMD', 'DCMD']);

/**
 * Parses `spBv1.0/{group}/{type}/{edgeNode}[/{device}]` (Sparkplug 3.0, ch. 4 "Topics and Messages").
 * `spBv1.0/STATE/{hostId}` comes back as type STATE with the host id in `edgeNode`. Anything else → undefined.
 */
export function parseTopic(topic: string): SparkplugTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== NAMESPACE) return undefined;
  if (parts.length === 3 && parts[1] === 'STATE') return { type: 'STATE', group: '', edgeNode: parts[2]!, device: '' };
  if (parts.length < 4 || parts.length > 5) return undefined;
  const type = parts[2]!;
  if (!TYPES.has(type)) return undefined;
  const isDevice = type[0] === 'D';
  if (isDevice !== (parts.length === 5)) return undefined;
  return { type: type as SparkplugMessageType, group: parts[1]!, edgeNode: parts[3]!, device: parts[4] ?? '' };
}

export function nodeTopic(type: SparkplugMessageType, group: string, edgeNode: string): string {
  return `${NAMESPACE}/${group}/${type}/${edgeNode}`;
}

export function deviceTopic(type: SparkplugMessageType, group: string, edgeNode: string, device: string): string {
  return `${NAMESPACE}/${group}/${type}/${edgeNode}/${device}`;
}

export function stateTopic(hostId: string): string {
  return `${NAMESPACE}/STATE/${hostId}`;
}

/** The key of one metric in mappings, health and browse: `{group}/{edgeNode}/{device}/{metric}`. */
export function metricKey(group: string, edgeNode: string, device: string, metric: string): string {
  return `${group}/${edgeNode}/${device}/${metric}`;
}
