import { describe, expect, it } from 'vitest';
import { validateChannel } from './channel-config';
import { loadNotificationsConfig, NotificationsConfigError } from './notifications-config';
import { MASK, maskChannel, unmaskChannel } from './secrets';

const email = {
  id: 'ops-mail',
  kind: 'email',
  smtp: { host: 'smtp.plant.example', port: 587, user: 'prognos', password: 's3cret' },
  from: 'Prognos <prognos@plant.example>',
  to: ['maintenance@plant.example'],
  events: ['alert.opened'],
};

describe('channel validation', () => {
  it('accepts each kind and fills defaults', () => {
    expect(validateChannel(email).ok).toBe(true);
    const mqtt = validateChannel({
      id: 'm',
      kind: 'mqtt',
      url: 'mqtt://broker:1883',
      topic: 'plant/{asset}/{event}',
      events: ['alert.closed'],
    });
    expect(mqtt.ok && mqtt.channel.kind === 'mqtt' && mqtt.channel.qos).toBe(1);
    const cmms = validateChannel({ id: 'sap', kind: 'cmms', url: 'https://sap.example/hooks/prognos' });
    expect(cmms.ok && cmms.channel.events).toEqual([
      'work_order.created',
      'work_order.updated',
      'work_order.completed',
    ]);
  });

  it('names every bad field', () => {
    const r = validateChannel(
      { ...email, smtp: { host: 'x', port: 70000 }, to: ['nobody'], events: ['alert.exploded'], colour: 'red' },
      'notifications[1]',
    );
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'notifications[1].smtp.port', message: 'must be <= 65535' },
        { path: 'notifications[1].colour', message: 'is not a known field' },
        expect.objectContaining({
          path: 'notifications[1].events[0]',
          message: expect.stringContaining('"alert.opened"'),
        }),
      ]),
    );
    const bad = validateChannel({ ...email, to: ['nobody'] });
    expect(bad.ok ? [] : bad.errors).toEqual([{ path: 'to[0]', message: 'is not an e-mail address (got "nobody")' }]);
    const hook = validateChannel({ id: 'h', kind: 'webhook', url: 'ftp://x', events: ['alert.opened'] });
    expect(hook.ok ? [] : hook.errors).toEqual([
      { path: 'url', message: 'must start with http:// or https:// (got "ftp://x")' },
    ]);
    const kind = validateChannel({ id: 'h', kind: 'pager' });
    expect(kind.ok ? [] : kind.errors[0]?.path).toBe('kind');
    const topic = validateChannel({
      id: 'm',
      kind: 'mqtt',
      url: 'mqtt://b',
      topic: 'a/#/{site}',
      events: ['alert.opened'],
    });
    expect(topic.ok ? [] : topic.errors.map((e) => e.path)).toEqual(['topic', 'topic']);
    const cmmsAlerts = validateChannel({ id: 'c', kind: 'cmms', url: 'https://c', events: ['alert.opened'] });
    expect(cmmsAlerts.ok ? [] : cmmsAlerts.errors[0]?.path).toBe('events[0]');
  });
});

describe('secrets', () => {
  it('masks passwords, signing keys, credential headers and URL passwords, and keeps them on a masked PUT', () => {
    const r = validateChannel(email);
    if (!r.ok) throw new Error('invalid');
    const shown = maskChannel(r.channel);
    expect(JSON.stringify(shown)).not.toContain('s3cret');
    expect(shown.kind === 'email' && shown.smtp.password).toBe(MASK);
    expect(unmaskChannel(shown, r.channel).channel).toEqual(r.channel);
    expect(unmaskChannel(shown, undefined).masked).toEqual(['smtp.password']);

    const hook = validateChannel({
      id: 'h',
      kind: 'webhook',
      url: 'https://user:pw@hooks.example/x',
      headers: { Authorization: 'Bearer abc', 'X-Site': 'north' },
      secret: 'k',
      events: ['alert.opened'],
    });
    if (!hook.ok) throw new Error('invalid');
    const masked = maskChannel(hook.channel);
    expect(masked).toMatchObject({ secret: MASK, headers: { Authorization: MASK, 'X-Site': 'north' } });
    expect(JSON.stringify(masked)).not.toMatch(/abc|:pw@/);
    expect(unmaskChannel(masked, hook.channel).channel).toEqual(hook.channel);
  });
});

describe('notifications file', () => {
  it('loads YAML with channels, base URL and the CMMS token (from the environment)', () => {
    const s = loadNotificationsConfig(
      [
        'version: 1',
        'baseUrl: https://prognos.plant.example',
        'notifications:',
        '  - id: ops-hook',
        '    kind: webhook',
        '    url: https://hooks.plant.example/prognos',
        '    events: [alert.opened, alert.escalated]',
        '    minSeverity: warning',
        'integrations:',
        '  cmms:',
        '    tokenEnv: TEST_CMMS_TOKEN',
      ].join('\n'),
      { TEST_CMMS_TOKEN: '0123456789abcdef-token' },
    );
    expect(s.baseUrl).toBe('https://prognos.plant.example');
    expect(s.channels.map((c) => c.id)).toEqual(['ops-hook']);
    expect(s.cmmsToken).toBe('0123456789abcdef-token');
  });

  it('refuses a bad file, naming each field', () => {
    const text = JSON.stringify({
      version: 2,
      notifications: [email, { ...email, smtp: { ...email.smtp, port: 'x' } }],
      integrations: { cmms: { token: 'short' } },
      extra: true,
    });
    let err: unknown;
    try {
      loadNotificationsConfig(text, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotificationsConfigError);
    const paths = (err as NotificationsConfigError).errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['extra', 'version', 'notifications[1].smtp.port', 'integrations.cmms.token']),
    );
    expect((err as Error).message).toContain('notifications[1].smtp.port: must be integer');
    expect(() => loadNotificationsConfig('notifications: [\n', {})).toThrow(/syntax error at line/);
  });
});

describe('the example file', () => {
  it('examples/notifications.yaml is valid', () => {
    const path = new URL('../../../../examples/notifications.yaml', import.meta.url).pathname;
    const s = loadNotificationsConfig(path, { PROGNOS_CMMS_TOKEN: 'an-example-token-of-16+' });
    expect(s.channels.map((c) => c.kind)).toEqual(['email', 'webhook', 'mqtt', 'cmms']);
    expect(s.cmmsToken).toBe('an-example-token-of-16+');
  });
});
