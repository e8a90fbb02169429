/** The operations settings (docs/operations.md): defaults, and bad values named with what is wrong. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/delivery/config.js';

describe('operations settings', () => {
  it('default to a 2 s auth cache, local-only metrics and a 10 s shutdown grace', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ authCacheMs: 2000, metrics: true, shutdownGraceMs: 10_000 });
    expect(c.metricsToken).toBeUndefined();
  });

  it('read each variable', () => {
    const c = loadConfig({ CRM_AUTH_CACHE_MS: '0', CRM_METRICS: '0', CRM_METRICS_TOKEN: 'a-metrics-token-of-length', CRM_SHUTDOWN_GRACE_SECONDS: '2.5' });
    expect(c).toMatchObject({ authCacheMs: 0, metrics: false, metricsToken: 'a-metrics-token-of-length', shutdownGraceMs: 2500 });
  });

  it('name bad values', () => {
    expect(() => loadConfig({ CRM_METRICS_TOKEN: 'short' })).toThrow('CRM_METRICS_TOKEN must be at least 16 characters, got "short"');
    expect(() => loadConfig({ CRM_AUTH_CACHE_MS: '2s' })).toThrow(/CRM_AUTH_CACHE_MS must be a whole number of milliseconds/);
    expect(() => loadConfig({ CRM_SHUTDOWN_GRACE_SECONDS: '-1' })).toThrow(ConfigError);
  });
});
