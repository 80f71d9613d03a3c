import type { ChannelConfig } from './channel-config';
import { PermanentDeliveryError } from './delivery-queue';

/** What the API shows in place of a secret; sent back unchanged in a PUT, it keeps the stored value. */
export const MASK = '********';

/** Header names whose values are credentials (Authorization: Bearer …, X-Api-Key, …). */
const SECRET_HEADER = /auth|token|key|secret|cookie|password/i;

function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = MASK;
    return u.toString();
  } catch {
    return url;
  }
}

/** The channel as the API shows it: passwords, signing keys, credential headers and URL passwords masked. */
export function maskChannel(c: ChannelConfig): ChannelConfig {
  if (c.kind === 'email') return { ...c, smtp: { ...c.smtp, ...(c.smtp.password ? { password: MASK } : {}) } };
  if (c.kind === 'mqtt') return { ...c, url: maskUrl(c.url), ...(c.password ? { password: MASK } : {}) };
  const headers = c.headers
    ? Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, SECRET_HEADER.test(k) ? MASK : v]))
    : undefined;
  return { ...c, url: maskUrl(c.url), ...(headers ? { headers } : {}), ...(c.secret ? { secret: MASK } : {}) };
}

function keepUrl(next: string, prev: string): string {
  try {
    const n = new URL(next);
    if (decodeURIComponent(n.password) !== MASK) return next;
    n.password = new URL(prev).password;
    return n.toString();
  } catch {
    return next;
  }
}

/**
 * A channel sent back by the API client with masked secrets: every masked value is replaced by the stored one (so
 * a client can edit a channel it only ever saw masked). Returns the paths still masked when there is nothing to keep.
 */
export function unmaskChannel(
  next: ChannelConfig,
  prev: ChannelConfig | undefined,
): { channel: ChannelConfig; masked: string[] } {
  const masked: string[] = [];
  const same = prev && prev.kind === next.kind ? prev : undefined;
  if (next.kind === 'email') {
    const p = same?.kind === 'email' ? same.smtp.password : undefined;
    if (next.smtp.password !== MASK) return { channel: next, masked };
    if (p === undefined) return { channel: next, masked: ['smtp.password'] };
    return { channel: { ...next, smtp: { ...next.smtp, password: p } }, masked };
  }
  if (next.kind === 'mqtt') {
    const p = same?.kind === 'mqtt' ? same : undefined;
    const out = { ...next, url: p ? keepUrl(next.url, p.url) : next.url };
    if (next.password === MASK) {
      if (p?.password === undefined) masked.push('password');
      else out.password = p.password;
    }
    return { channel: out, masked };
  }
  const p = same?.kind === 'webhook' || same?.kind === 'cmms' ? same : undefined;
  const out = { ...next, url: p ? keepUrl(next.url, p.url) : next.url };
  if (next.secret === MASK) {
    if (p?.secret === undefined) masked.push('secret');
    else out.secret = p.secret;
  }
  if (next.headers) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(next.headers)) {
      const old = p?.headers?.[k];
      if (v !== MASK) headers[k] = v;
      else if (old !== undefined) headers[k] = old;
      else masked.push(`headers.${k}`);
    }
    out.headers = headers;
  }
  return { channel: out, masked };
}

/** A secret given directly or through an environment variable (so it can stay out of files and the database). */
export function resolveSecret(
  value: string | undefined,
  envName: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (envName === undefined) return value;
  const v = env[envName];
  // not retried: the variable will not appear in the running process
  if (v === undefined || v === '') throw new PermanentDeliveryError(`the environment variable ${envName} is not set`);
  return v;
}
