/**
 * The "Add connector" form as data: what the person typed and ticked, turned into the configuration entry the
 * server validates (PUT /api/connectors/:id), and the server's error paths mapped back onto the form's fields.
 * Form values stay strings until the entry is built, so a half-typed number is never lost or coerced.
 */
import type { ConfigError, ConnectorConfig } from './api-types';
import { type ByteWordOrder, type ModbusFunction, type ModbusType, ORDERS } from './modbus-decode';

export type DraftKind = 'opcua' | 'modbus';
export type SecurityMode = 'None' | 'Sign' | 'SignAndEncrypt';

export const SECURITY_MODES: SecurityMode[] = ['None', 'Sign', 'SignAndEncrypt'];
/** OPC UA security policies a current server offers (OPC 10000-7 profiles); Basic256Sha256 is the usual default. */
export const SECURITY_POLICIES = ['Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'];

export interface OpcuaFields {
  endpointUrl: string;
  securityMode: SecurityMode;
  securityPolicy: string;
  username: string;
  password: string;
  /** Trust an unknown server certificate on first contact (otherwise it must be moved to the trust list by hand). */
  trustServerCertificate: boolean;
}

export interface ModbusFields {
  host: string;
  port: string;
  unitId: string;
  /** The scan: which table, which registers, and how to read them. */
  fn: ModbusFunction;
  range: string;
  type: ModbusType;
  order: ByteWordOrder;
}

/** A ticked device tag and the sensor it feeds. */
export interface TagSelection {
  /** Unique within the draft: the node id, or "3:17" (function:address) for Modbus. */
  key: string;
  /** Device address for people: the node id, or "holding:17". */
  tag: string;
  name: string;
  assetId: string;
  sensor: string;
  scale: string;
  offset: string;
  modbus?: { fn: ModbusFunction; address: number; type: ModbusType; order: ByteWordOrder };
}

export interface Draft {
  kind: DraftKind;
  id: string;
  name: string;
  opcua: OpcuaFields;
  modbus: ModbusFields;
  selections: TagSelection[];
}

/** The first free "<kind>-<n>" id. */
export function suggestId(kind: DraftKind, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${kind}-${n}`)) return `${kind}-${n}`;
}

export function emptyDraft(kind: DraftKind, taken: Iterable<string> = []): Draft {
  return {
    kind,
    id: suggestId(kind, taken),
    name: '',
    opcua: {
      endpointUrl: 'opc.tcp://',
      securityMode: 'None',
      securityPolicy: 'Basic256Sha256',
      username: '',
      password: '',
      trustServerCertificate: false,
    },
    // 502 is the registered Modbus TCP port (Modbus Messaging on TCP/IP Implementation Guide v1.0b §4.1)
    modbus: { host: '', port: '502', unitId: '1', fn: 3, range: '0-99', type: 'float32', order: 'ABCD' },
    selections: [],
  };
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function intOr(text: string): number | string {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : t;
}

function optionalNumber(text: string): number | undefined {
  const t = text.trim();
  return t === '' ? undefined : Number(t);
}

function base(d: Draft): ConnectorConfig {
  const c: ConnectorConfig = { id: d.id.trim(), kind: d.kind };
  if (d.name.trim()) c.name = d.name.trim();
  return c;
}

function opcuaConnection(d: Draft): ConnectorConfig {
  const o = d.opcua;
  const c: ConnectorConfig = { ...base(d), endpointUrl: o.endpointUrl.trim(), securityMode: o.securityMode };
  if (o.securityMode !== 'None') {
    c.securityPolicy = o.securityPolicy;
    if (o.trustServerCertificate) c.trustServerCertificate = true;
  }
  if (o.username.trim()) {
    c.username = o.username.trim();
    c.password = o.password;
  }
  return c;
}

function modbusConnection(d: Draft): ConnectorConfig {
  const m = d.modbus;
  return { ...base(d), host: m.host.trim(), port: intOr(m.port), unitId: intOr(m.unitId) };
}

function mapping(s: TagSelection): { sensor: string; scale?: number; offset?: number } {
  const out: { sensor: string; scale?: number; offset?: number } = { sensor: s.sensor };
  const scale = optionalNumber(s.scale);
  const offset = optionalNumber(s.offset);
  if (scale !== undefined) out.scale = scale;
  if (offset !== undefined) out.offset = offset;
  return out;
}

/**
 * The entry the preview connects and browses with. A Modbus entry must have a poll group with a register to be
 * valid at all, so it gets a placeholder one (the preview only scans, it never polls or emits).
 */
export function connectionConfig(d: Draft): ConnectorConfig {
  if (d.kind === 'opcua') return { ...opcuaConnection(d), tags: [] };
  const placeholder = { function: d.modbus.fn, address: 0, sensor: PREVIEW_SENSOR };
  return { ...modbusConnection(d), pollGroups: [{ name: 'preview', intervalMs: 1000, registers: [placeholder] }] };
}

/** The sensor named by the placeholder register of a preview entry; no real sensor is called this. */
export const PREVIEW_SENSOR = '__preview__';

/** The entry to save. Tags keep the order of `selections`, so error paths index straight into the form. */
export function buildConfig(d: Draft): ConnectorConfig {
  if (d.kind === 'opcua') {
    return { ...opcuaConnection(d), tags: d.selections.map((s) => ({ nodeId: s.tag, ...mapping(s) })) };
  }
  const registers = d.selections.map((s) => ({
    function: s.modbus?.fn ?? 3,
    address: s.modbus?.address ?? 0,
    type: s.modbus?.type ?? 'uint16',
    ...ORDERS[s.modbus?.order ?? 'ABCD'],
    ...mapping(s),
  }));
  return { ...modbusConnection(d), pollGroups: [{ name: 'default', intervalMs: 1000, registers }] };
}

/** Where tag i lives in the entry: "/tags/i" (OPC UA) or "/pollGroups/0/registers/i" (Modbus). */
export function tagPath(kind: DraftKind, i: number): string {
  return kind === 'opcua' ? `/tags/${i}` : `/pollGroups/0/registers/${i}`;
}

/** What can be said before asking the server, in the server's error shape. */
export function checkDraft(d: Draft, options: { forPreview?: boolean } = {}): ConfigError[] {
  const errors: ConfigError[] = [];
  const id = d.id.trim();
  if (!id) errors.push({ path: '/id', message: 'Give the connector an id' });
  else if (!ID_PATTERN.test(id))
    errors.push({ path: '/id', message: 'Use letters, digits, ".", "_" and "-" (starting with a letter or digit)' });
  if (d.kind === 'opcua') {
    if (!/^opc\.tcp:\/\/[^/\s:]+/.test(d.opcua.endpointUrl.trim()))
      errors.push({ path: '/endpointUrl', message: 'An endpoint URL looks like opc.tcp://host:4840' });
    if (d.opcua.password && !d.opcua.username.trim())
      errors.push({ path: '/username', message: 'A password needs a user name' });
  } else {
    if (!d.modbus.host.trim()) errors.push({ path: '/host', message: 'Enter the device host name or IP address' });
    const port = intOr(d.modbus.port);
    if (typeof port !== 'number' || port < 1 || port > 65535)
      errors.push({ path: '/port', message: 'A port is a number from 1 to 65535' });
    const unit = intOr(d.modbus.unitId);
    if (typeof unit !== 'number' || unit > 255) errors.push({ path: '/unitId', message: 'A unit id is 0 to 255' });
  }
  if (options.forPreview) return errors;
  if (d.selections.length === 0) errors.push({ path: '', message: 'Tick at least one tag to map to a sensor' });
  const seen = new Map<string, number>();
  d.selections.forEach((s, i) => {
    const p = tagPath(d.kind, i);
    if (!s.sensor) errors.push({ path: `${p}/sensor`, message: 'Pick the sensor this tag feeds' });
    else if (seen.has(s.sensor))
      errors.push({ path: `${p}/sensor`, message: `Sensor already fed by tag ${(seen.get(s.sensor) ?? 0) + 1}` });
    else seen.set(s.sensor, i);
    for (const f of ['scale', 'offset'] as const) {
      const v = optionalNumber(s[f]);
      if (v !== undefined && !Number.isFinite(v)) errors.push({ path: `${p}/${f}`, message: 'Enter a number' });
    }
    if (s.scale.trim() !== '' && Number(s.scale) === 0)
      errors.push({ path: `${p}/scale`, message: 'A scale of 0 would make every value 0' });
  });
  return errors;
}

/** "/tags/0/sensor", "tags[0].sensor", ".tags.0.sensor" → ["tags", "0", "sensor"]. */
export function pathSegments(path: string): string[] {
  return path.split(/[/.[\]]+/).filter((s) => s !== '');
}

/**
 * Which form field an error belongs to: a top-level field name ("endpointUrl"), "tag:<i>" or "tag:<i>:<field>"
 * for a mapped tag, or "" when no field fits (shown above the form).
 */
export function fieldOf(kind: DraftKind, path: string): string {
  let seg = pathSegments(path);
  // a path from a whole configuration file ("connectors[2].host") names the entry first
  if (seg[0] === 'connectors' && /^\d+$/.test(seg[1] ?? '')) seg = seg.slice(2);
  const tagsAt =
    kind === 'opcua' ? (seg[0] === 'tags' ? 1 : -1) : seg[0] === 'pollGroups' && seg[2] === 'registers' ? 3 : -1;
  if (tagsAt > 0) {
    const i = seg[tagsAt];
    if (i === undefined || !/^\d+$/.test(i)) return '';
    const f = seg[tagsAt + 1];
    return f === 'sensor' || f === 'scale' || f === 'offset' ? `tag:${i}:${f}` : `tag:${i}`;
  }
  const top = seg[0] ?? '';
  const fields =
    kind === 'opcua'
      ? [
          'id',
          'name',
          'endpointUrl',
          'securityMode',
          'securityPolicy',
          'trustServerCertificate',
          'username',
          'password',
        ]
      : ['id', 'name', 'host', 'port', 'unitId', 'range'];
  return seg.length === 1 && fields.includes(top) ? top : '';
}

/** Errors grouped by form field (see fieldOf). */
export function errorsByField(kind: DraftKind, errors: ConfigError[]): Map<string, ConfigError[]> {
  const m = new Map<string, ConfigError[]>();
  for (const e of errors) {
    const f = fieldOf(kind, e.path);
    m.set(f, [...(m.get(f) ?? []), e]);
  }
  return m;
}

/** The `details.errors` of a CONFIG_INVALID answer, tolerating any shape. */
export function configErrors(details: unknown): ConfigError[] {
  const list = (details as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((e): e is { path?: unknown; message?: unknown } => typeof e === 'object' && e !== null)
    .map((e) => ({ path: typeof e.path === 'string' ? e.path : '', message: String(e.message ?? 'invalid') }));
}
