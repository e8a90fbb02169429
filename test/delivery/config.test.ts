/** The configuration is read and checked once, at start: defaults, every setting, and what a bad value says. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTELLIGENCE_SETTINGS } from '../../src/core/config.js';
import { ConfigError, loadConfig } from '../../src/delivery/config.js';

describe('loadConfig', () => {
  it('fills every setting from its default on an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: path.resolve('./data'), demo: true, logLevel: 'info', auth: 'on', rateLimitPerMinute: 1200, trustProxy: false });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.crm).toEqual({ importTiming: false });
    expect(c.intelligence).toEqual({
      ...DEFAULT_INTELLIGENCE_SETTINGS,
      trainWorkers: undefined,
      // USE lite, with the use-static first pass for bulk backlogs (docs/embeddings.md, "Two-scale embedding")
      embedding: { provider: 'use', modelDir: undefined, workers: undefined, firstPass: 'use-static', firstPassThreshold: 1000, cacheDir: path.resolve('./data/models') },
    });
    expect(c.webDistDir.endsWith(path.join('dist', 'web'))).toBe(true);
  });

  it('reads every setting, an empty value counting as unset', () => {
    const c = loadConfig({
      PORT: '0', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@h:5432/db', DATABASE_SCHEMA: 'crm_1', CRM_DEMO: 'false', LOG_LEVEL: 'WARN', AUTH: 'Off',
      CRM_RATE_LIMIT: '0', TRUST_PROXY: 'true', CRM_WEB_DIST: '/tmp/web-x', CRM_NEW_PASSWORD: 'pw', CRM_IMPORT_TIMING: '1', EMBEDDING_MODEL_DIR: '/models/m',
      EMBEDDING_WORKERS: '2', EMBEDDING_QUERY_THREAD: 'false', CRM_EMBED_WORKER: '0', CRM_TRAIN_WORKERS: '3', CRM_RETRAIN_AFTER: '10.7', CRM_RETRAIN_EVERY_HOURS: '0.5',
      CRM_PERSONA_WEIGHT: '0', CRM_PERSONA_SAMPLE: '5', CRM_ADMIN_EMAIL: '', DEAL_STRATEGY_SEED: '7',
    });
    expect(c.strategySeed).toBe(7);
    expect(c).toMatchObject({ port: 0, host: '0.0.0.0', databaseUrl: 'postgres://u@h:5432/db', databaseSchema: 'crm_1', demo: false, logLevel: 'warn', auth: 'off', rateLimitPerMinute: 0, trustProxy: true, webDistDir: '/tmp/web-x', newPassword: 'pw' });
    expect(c.adminEmail).toBeUndefined();
    expect(c.crm.importTiming).toBe(true);
    expect(c.intelligence).toEqual({
      embedding: { provider: 'onnx', modelDir: '/models/m', workers: 2, queryThread: false }, // a model directory selects onnx
      embedWorker: false, trainWorkers: 3, retrain: { afterOutcomes: 10, everyMs: 1_800_000 }, personaWeight: 0, personaSample: 5,
    });
    expect(loadConfig({ EMBEDDING_MODEL_DIR: '/models/m', EMBEDDING_PROVIDER: 'hashing' }).intelligence.embedding.provider).toBe('hashing');
  });

  it.each([
    [{ PORT: '70000' }, 'invalid configuration: PORT must be a port number (0–65535), got "70000"'],
    [{ AUTH: 'maybe' }, 'invalid configuration: AUTH must be one of on, off, got "maybe"'],
    [{ CRM_RATE_LIMIT: '-1' }, 'invalid configuration: CRM_RATE_LIMIT must be a whole number of requests per minute (0: none), got "-1"'],
    [{ EMBEDDING_WORKERS: '0' }, 'invalid configuration: EMBEDDING_WORKERS must be a whole number ≥ 1, got "0"'],
    [{ DEAL_STRATEGY_SEED: 'abc' }, 'invalid configuration: DEAL_STRATEGY_SEED must be a whole number ≥ 0, got "abc"'],
    [{ EMBEDDING_PROVIDER: 'bert' }, 'invalid configuration: EMBEDDING_PROVIDER must be one of use, use-static, onnx, hashing, got "bert"'],
    [{ EMBEDDING_PROVIDER: 'onnx' }, 'invalid configuration: EMBEDDING_PROVIDER=onnx needs EMBEDDING_MODEL_DIR (a local model directory)'],
    [{ CRM_TRAIN_WORKERS: 'two' }, 'invalid configuration: CRM_TRAIN_WORKERS must be a whole number ≥ 0, got "two"'],
    [{ CRM_RETRAIN_EVERY_HOURS: 'daily' }, 'invalid configuration: CRM_RETRAIN_EVERY_HOURS must be a number of hours ≥ 0, got "daily"'],
    [{ CRM_PERSONA_SAMPLE: '2.5' }, 'invalid configuration: CRM_PERSONA_SAMPLE must be a whole number ≥ 1, got "2.5"'],
    [{ DATABASE_URL: 'mysql://x' }, 'invalid configuration: DATABASE_URL must be a postgres:// URL, got "mysql://x"'],
    [{ LOG_LEVEL: 'loud' }, 'invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
  ])('rejects %o naming the variable and what is wrong', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError([message.replace('invalid configuration: ', '')]));
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('lists every bad setting at once', () => {
    expect(() => loadConfig({ PORT: 'x', CRM_RETRAIN_AFTER: '-3' })).toThrow(
      'invalid configuration:\n  PORT must be a port number (0–65535), got "x"\n  CRM_RETRAIN_AFTER must be a number ≥ 0, got "-3"',
    );
  });
});
