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
