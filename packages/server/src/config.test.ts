import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from './config';

describe('resolveConfig: logging and metrics', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('takes the log level from PROGNOS_LOG_LEVEL, any case, unless the caller gives one', () => {
    vi.stubEnv('PROGNOS_LOG_LEVEL', 'DEBUG');
    expect(resolveConfig().logLevel).toBe('debug');
    expect(resolveConfig({ logLevel: 'warn' }).logLevel).toBe('warn');
    vi.stubEnv('PROGNOS_LOG_LEVEL', '');
    expect(resolveConfig().logLevel).toBe('info');
  });

  it('refuses an unknown log level, naming the setting and the levels', () => {
    vi.stubEnv('PROGNOS_LOG_LEVEL', 'verbose');
    expect(() => resolveConfig()).toThrow(
      /PROGNOS_LOG_LEVEL.*fatal, error, warn, info, debug, trace, silent.*"verbose"/,
    );
  });

  it('reads the metrics token from PROGNOS_METRICS_TOKEN (empty = open)', () => {
    vi.stubEnv('PROGNOS_METRICS_TOKEN', 's3cret');
    expect(resolveConfig().metricsToken).toBe('s3cret');
    expect(resolveConfig({ metricsToken: 'other' }).metricsToken).toBe('other');
    vi.stubEnv('PROGNOS_METRICS_TOKEN', '');
    expect(resolveConfig().metricsToken).toBeUndefined();
  });
});

describe('resolveConfig: PostgreSQL readings', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('keeps the readings embedded unless PROGNOS_PG_URL or pgUrl is set; the schema defaults to prognos', () => {
    vi.stubEnv('PROGNOS_PG_URL', '');
    vi.stubEnv('PROGNOS_PG_SCHEMA', '');
    expect(resolveConfig()).toMatchObject({ pgUrl: undefined, pgSchema: 'prognos' });
    vi.stubEnv('PROGNOS_PG_URL', 'postgres://u:p@db.local:5432/plant');
    vi.stubEnv('PROGNOS_PG_SCHEMA', 'line_2');
    expect(resolveConfig()).toMatchObject({ pgUrl: 'postgres://u:p@db.local:5432/plant', pgSchema: 'line_2' });
    expect(resolveConfig({ pgUrl: 'postgresql://other/db', pgSchema: 'x' })).toMatchObject({
      pgUrl: 'postgresql://other/db',
      pgSchema: 'x',
    });
  });

  it('refuses a malformed URL, naming the setting and hiding the password', () => {
    for (const bad of ['db.local:5432', 'mysql://u:secret@db/x', 'postgres://u:secret@/x', 'not a url']) {
      expect(() => resolveConfig({ pgUrl: bad }), bad).toThrow(/pgUrl \(PROGNOS_PG_URL, --pg-url\) must be a URL/);
      expect(() => resolveConfig({ pgUrl: bad }), bad).not.toThrow(/secret/);
    }
  });

  it('refuses a schema name that is not a plain lower-case identifier', () => {
    vi.stubEnv('PROGNOS_PG_SCHEMA', 'Public; DROP');
    expect(() => resolveConfig()).toThrow(/PROGNOS_PG_SCHEMA.*"Public; DROP"/);
  });
});

describe('resolveConfig: API instance of a cluster', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('takes the broker from PROGNOS_CLUSTER_MQTT_URL or clusterMqttUrl, with PostgreSQL and without the simulator', () => {
    vi.stubEnv('PROGNOS_PG_URL', 'postgres://u:p@db.local:5432/plant');
    vi.stubEnv('PROGNOS_CLUSTER_MQTT_URL', 'mqtt://broker.local:1883');
    expect(resolveConfig({ simulator: false })).toMatchObject({ clusterMqttUrl: 'mqtt://broker.local:1883' });
    expect(resolveConfig({ simulator: false, clusterMqttUrl: 'mqtts://b:8883' }).clusterMqttUrl).toBe('mqtts://b:8883');
  });

  it('refuses it without PostgreSQL, with the demo simulator, or when it is not an MQTT URL (password hidden)', () => {
    vi.stubEnv('PROGNOS_PG_URL', '');
    expect(() => resolveConfig({ simulator: false, clusterMqttUrl: 'mqtt://b:1883' })).toThrow(/needs pgUrl/);
    vi.stubEnv('PROGNOS_PG_URL', 'postgres://u:p@db.local:5432/plant');
    expect(() => resolveConfig({ clusterMqttUrl: 'mqtt://b:1883' })).toThrow(/simulator/);
    expect(() => resolveConfig({ simulator: false, clusterMqttUrl: 'http://u:secret@b' })).toThrow(
      /clusterMqttUrl .* must be a URL like mqtt:\/\/host:1883/,
    );
    expect(() => resolveConfig({ simulator: false, clusterMqttUrl: 'http://u:secret@b' })).not.toThrow(/secret/);
  });
});

describe('resolveConfig: readings retention', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('keeps everything unless PROGNOS_RETENTION_DAYS or retentionDays is set, and refuses a negative or unreadable value', () => {
    vi.stubEnv('PROGNOS_RETENTION_DAYS', '');
    expect(resolveConfig().retentionDays).toBe(0);
    vi.stubEnv('PROGNOS_RETENTION_DAYS', '400');
    expect(resolveConfig().retentionDays).toBe(400);
    expect(resolveConfig({ retentionDays: 30 }).retentionDays).toBe(30);
    expect(() => resolveConfig({ retentionDays: -1 })).toThrow(/retentionDays \(PROGNOS_RETENTION_DAYS/);
    vi.stubEnv('PROGNOS_RETENTION_DAYS', 'a year');
    expect(() => resolveConfig()).toThrow(/got NaN/);
  });
});
