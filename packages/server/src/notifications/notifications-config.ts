import { readConfigDocument } from '@prognos/connectors';
import { type ChannelConfig, type ConfigIssue, validateChannel } from './channel-config';

/** Version of the notifications file; older versions will be migrated here when there is a newer one. */
export const NOTIFICATIONS_CONFIG_VERSION = 1;

/** What the notifications file holds, after validation. */
export interface NotificationsSettings {
  /** Base URL of the web UI as recipients reach it, for the links in messages. */
  baseUrl?: string;
  channels: ChannelConfig[];
  /** Shared token of the CMMS inbound API (integrations.cmms.token, or the env var named by tokenEnv). */
  cmmsToken?: string;
}

export class NotificationsConfigError extends Error {
  constructor(
    readonly errors: ConfigIssue[],
    readonly source: string,
  ) {
    super(
      `notifications configuration ${source} is not valid:\n${errors.map((e) => `  - ${e.path || '(file)'}: ${e.message}`).join('\n')}`,
    );
  }
}

const TOP_LEVEL = new Set(['version', '$schema', 'baseUrl', 'notifications', 'integrations']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a notifications document ({ version, baseUrl?, notifications: [...], integrations?: { cmms: { token } } }).
 * Never throws: every problem comes back with the path of its field.
 */
export function validateNotificationsConfig(
  doc: unknown,
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; settings: NotificationsSettings } | { ok: false; errors: ConfigIssue[] } {
  if (!isObject(doc))
    return { ok: false, errors: [{ path: '', message: 'must be a mapping with a notifications list' }] };
  const errors: ConfigIssue[] = [];
  for (const k of Object.keys(doc))
    if (!TOP_LEVEL.has(k))
      errors.push({
        path: k,
        message: 'is not a known field (expected version, baseUrl, notifications, integrations)',
      });
  if (doc.version !== undefined && doc.version !== NOTIFICATIONS_CONFIG_VERSION)
    errors.push({
      path: 'version',
      message: `must be ${NOTIFICATIONS_CONFIG_VERSION} (got ${JSON.stringify(doc.version)})`,
    });
  const settings: NotificationsSettings = { channels: [] };
  if (doc.baseUrl !== undefined) {
    if (typeof doc.baseUrl !== 'string' || !/^https?:\/\/\S+$/.test(doc.baseUrl))
      errors.push({ path: 'baseUrl', message: 'must be an http:// or https:// URL of the web UI' });
    else settings.baseUrl = doc.baseUrl;
  }
  const list = doc.notifications ?? [];
  if (!Array.isArray(list)) errors.push({ path: 'notifications', message: 'must be a list of channels' });
  else {
    const seen = new Map<string, number>();
    list.forEach((entry, i) => {
      const r = validateChannel(entry, `notifications[${i}]`);
      if (!r.ok) {
        errors.push(...r.errors);
        return;
      }
      const prev = seen.get(r.channel.id);
      if (prev !== undefined)
        errors.push({
          path: `notifications[${i}].id`,
          message: `duplicate id "${r.channel.id}" (also notifications[${prev}])`,
        });
      seen.set(r.channel.id, i);
      settings.channels.push(r.channel);
    });
  }
  const integrations = doc.integrations;
  if (integrations !== undefined) {
    const cmms = isObject(integrations) ? integrations.cmms : undefined;
    if (!isObject(integrations) || (integrations.cmms !== undefined && !isObject(cmms)))
      errors.push({ path: 'integrations', message: 'must be a mapping like { cmms: { token } }' });
    else if (isObject(cmms)) {
      for (const k of Object.keys(cmms))
        if (k !== 'token' && k !== 'tokenEnv')
          errors.push({ path: `integrations.cmms.${k}`, message: 'is not a known field' });
      const token = cmms.tokenEnv !== undefined ? env[String(cmms.tokenEnv)] : cmms.token;
      if (cmms.tokenEnv !== undefined && !token)
        errors.push({
          path: 'integrations.cmms.tokenEnv',
          message: `the environment variable ${String(cmms.tokenEnv)} is not set`,
        });
      else if (token !== undefined && (typeof token !== 'string' || token.length < 16))
        // a short shared secret can be guessed: 16 characters is the floor (OWASP ASVS 2.1 asks for ≥ 12 for passwords)
        errors.push({ path: 'integrations.cmms.token', message: 'must be a string of at least 16 characters' });
      else settings.cmmsToken = token as string | undefined;
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings };
}

/** Loads the notifications file (YAML or JSON), or inline text; throws NotificationsConfigError naming each field. */
export function loadNotificationsConfig(
  pathOrText: string,
  env: NodeJS.ProcessEnv = process.env,
): NotificationsSettings {
  const { doc, source, errors } = readConfigDocument(pathOrText);
  if (errors.length > 0) throw new NotificationsConfigError(errors, source);
  const r = validateNotificationsConfig(doc ?? {}, env);
  if (!r.ok) throw new NotificationsConfigError(r.errors, source);
  return r.settings;
}
