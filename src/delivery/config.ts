/**
 * Runtime configuration: every setting the CRM reads from the environment, validated once at start (the README's
 * Configuration table lists them). The entry points call loadConfig and hand the parts down; nothing else reads
 * `process.env`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_FIRST_PASS_THRESHOLD, DEFAULT_INTELLIGENCE_SETTINGS as DEFAULTS, type CrmSettings, type EmbeddingProviderName, type IntelligenceSettings } from '../core/config.js';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema to keep the CRM's tables in (created if missing); default: the server's search_path. */
  databaseSchema?: string;
  /** Load demo data into an empty database on first start. */
  demo: boolean;
  /** Where demo data comes from: the shared data set beside the repo when present, else the bundled sample. */
  demoDir?: string;
  logLevel: LogLevel;
  /** AUTH=off: no sign-in, every request acts as the owner (a private machine only). */
  auth: 'on' | 'off';
  /** The first owner's e-mail and password on an installation without users (else admin@localhost, generated). */
  adminEmail?: string;
  adminPassword?: string;
  /** Requests per minute per client address on /api (0: no limit). */
  rateLimitPerMinute: number;
  /** Behind a reverse proxy: take client addresses from X-Forwarded-For. */
  trustProxy: boolean;
  /** Where the web app is built to and served from. */
  webDistDir: string;
  /** `crm user password` sets this password instead of generating one. */
  newPassword?: string;
  /** How long a request's token, session and membership look-ups are reused in this process (0: never). */
  authCacheMs: number;
  /** Serve /metrics (Prometheus text). */
  metrics: boolean;
  /** When set, /metrics needs `Authorization: Bearer <this>`; unset, it answers only clients on this machine. */
  metricsToken?: string;
  /** On SIGTERM: how long to let running requests and jobs finish before exiting anyway. */
  shutdownGraceMs: number;
  /** Seeds the deal strategy's exploration draws (paired simulation runs); unset: a different seed each start. */
  strategySeed?: number;
  crm: CrmSettings;
  intelligence: IntelligenceSettings;
}

/** A setting with a missing or malformed value; the message names the variable and what is wrong with it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `invalid configuration: ${problems[0]}` : `invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];
const EMBEDDING_PROVIDERS = ['use', 'use-static', 'onnx', 'hashing'] as const satisfies readonly EmbeddingProviderName[];

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** An empty variable counts as unset. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** A number read from text, with what it must be in words for the error message. */
function number(what: string, ok: (n: number) => boolean) {
  return z.string().transform((s, ctx) => {
    const n = Number(s.trim());
    if (s.trim() === '' || !ok(n)) {
      ctx.addIssue({ code: 'custom', message: `must be ${what}` });
      return z.NEVER;
    }
    return n;
  });
}
const wholeNumber = (what: string, min: number, max = Number.MAX_SAFE_INTEGER) => number(what, (n) => Number.isInteger(n) && n >= min && n <= max);
const oneOf = <T extends string>(values: readonly T[]) =>
  z.string().transform((s, ctx) => {
    const v = s.toLowerCase() as T;
    if (values.includes(v)) return v;
    ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
    return z.NEVER;
  });
/** 0/false turn it off, anything else on. */
const onUnless = z.string().transform((s) => s !== '0' && s.toLowerCase() !== 'false');
/** 1/true turn it on, anything else off. */
const offUnless = z.string().transform((s) => s === '1' || s.toLowerCase() === 'true');

const ENV = z.object({
  PORT: optional(wholeNumber('a port number (0–65535)', 0, 65535)),
  HOST: optional(z.string()),
  CRM_DATA_DIR: optional(z.string()),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL' })),
  DATABASE_SCHEMA: optional(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, { error: 'must be a schema name (letters, digits and _)' })),
  CRM_DEMO: optional(onUnless),
  CRM_DEMO_DIR: optional(z.string()),
  LOG_LEVEL: optional(oneOf(LOG_LEVELS)),
  AUTH: optional(oneOf(['on', 'off'] as const)),
  CRM_ADMIN_EMAIL: optional(z.string()),
  CRM_ADMIN_PASSWORD: optional(z.string()),
  CRM_RATE_LIMIT: optional(wholeNumber('a whole number of requests per minute (0: none)', 0)),
  TRUST_PROXY: optional(offUnless),
  CRM_WEB_DIST: optional(z.string()),
  CRM_NEW_PASSWORD: optional(z.string()),
  CRM_IMPORT_TIMING: optional(offUnless),
  EMBEDDING_PROVIDER: optional(oneOf(EMBEDDING_PROVIDERS)),
  EMBEDDING_MODEL_DIR: optional(z.string()),
  EMBEDDING_WORKERS: optional(wholeNumber('a whole number ≥ 1', 1)),
  EMBEDDING_QUERY_THREAD: optional(onUnless),
  EMBEDDING_FIRST_PASS: optional(oneOf(['use-static', 'off'] as const)),
  EMBEDDING_FIRST_PASS_THRESHOLD: optional(wholeNumber('a whole number of queued jobs ≥ 0', 0)),
  CRM_EMBED_WORKER: optional(onUnless),
  CRM_TRAIN_WORKERS: optional(wholeNumber('a whole number ≥ 0', 0)),
  CRM_RETRAIN_AFTER: optional(number('a number ≥ 0', (n) => Number.isFinite(n) && n >= 0)),
  CRM_RETRAIN_EVERY_HOURS: optional(number('a number of hours ≥ 0', (n) => Number.isFinite(n) && n >= 0)),
  CRM_PERSONA_WEIGHT: optional(number('a number ≥ 0', (n) => Number.isFinite(n) && n >= 0)),
  CRM_PERSONA_SAMPLE: optional(wholeNumber('a whole number ≥ 1', 1)),
  CRM_AUTH_CACHE_MS: optional(wholeNumber('a whole number of milliseconds ≥ 0 (0: no cache)', 0, 60_000)),
  CRM_METRICS: optional(onUnless),
  CRM_METRICS_TOKEN: optional(z.string().min(16, { error: 'must be at least 16 characters' })),
  CRM_SHUTDOWN_GRACE_SECONDS: optional(number('a number of seconds ≥ 0', (n) => Number.isFinite(n) && n >= 0)),
  DEAL_STRATEGY_SEED: optional(wholeNumber('a whole number ≥ 0', 0)),
});

/**
 * Where the web app is built to: CRM_WEB_DIST (several checkouts' browser tests side by side), else dist/web. Read
 * on its own too, by the build script and web/paths.ts, which need no other setting.
 */
export function webDistDirOf(env: NodeJS.ProcessEnv = process.env): string {
  return env.CRM_WEB_DIST ? path.resolve(env.CRM_WEB_DIST) : path.join(REPO_ROOT, 'dist/web');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ENV.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        return `${name} ${i.message}, got "${env[name]}"`;
      }),
    );
  }
  const e = parsed.data;
  const embeddingProvider = e.EMBEDDING_PROVIDER ?? (e.EMBEDDING_MODEL_DIR ? 'onnx' : 'use');
  if (embeddingProvider === 'onnx' && !e.EMBEDDING_MODEL_DIR) throw new ConfigError(['EMBEDDING_PROVIDER=onnx needs EMBEDDING_MODEL_DIR (a local model directory)']);
  // The two-scale first pass (docs/embeddings.md) is on by default beside USE lite, the model its token table is
  // distilled from; EMBEDDING_FIRST_PASS=off turns it off. Beside another provider it is on only when asked.
  const firstPass = (e.EMBEDDING_FIRST_PASS ?? (embeddingProvider === 'use' ? 'use-static' : 'off')) === 'use-static' ? 'use-static' : undefined;
  if (firstPass && embeddingProvider === 'use-static') throw new ConfigError(['EMBEDDING_FIRST_PASS=use-static needs another EMBEDDING_PROVIDER to refine with (use, the default)']);
  const dataDir = path.resolve(e.CRM_DATA_DIR ?? './data');
  return {
    port: e.PORT ?? 3000,
    host: e.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    demo: e.CRM_DEMO ?? true,
    demoDir: e.CRM_DEMO_DIR,
    logLevel: e.LOG_LEVEL ?? 'info',
    auth: e.AUTH ?? 'on',
    adminEmail: e.CRM_ADMIN_EMAIL,
    adminPassword: e.CRM_ADMIN_PASSWORD,
    rateLimitPerMinute: e.CRM_RATE_LIMIT ?? 1200,
    trustProxy: e.TRUST_PROXY ?? false,
    webDistDir: webDistDirOf(env),
    newPassword: e.CRM_NEW_PASSWORD,
    authCacheMs: e.CRM_AUTH_CACHE_MS ?? 2_000,
    metrics: e.CRM_METRICS ?? true,
    metricsToken: e.CRM_METRICS_TOKEN,
    shutdownGraceMs: (e.CRM_SHUTDOWN_GRACE_SECONDS ?? 10) * 1000,
    strategySeed: e.DEAL_STRATEGY_SEED,
    crm: { importTiming: e.CRM_IMPORT_TIMING ?? false },
    intelligence: {
      embedding: {
        provider: embeddingProvider,
        modelDir: e.EMBEDDING_MODEL_DIR,
        workers: e.EMBEDDING_WORKERS,
        queryThread: e.EMBEDDING_QUERY_THREAD,
        cacheDir: embeddingProvider === 'use-static' || firstPass ? path.join(dataDir, 'models') : undefined,
        firstPass,
        firstPassThreshold: firstPass ? (e.EMBEDDING_FIRST_PASS_THRESHOLD ?? DEFAULT_FIRST_PASS_THRESHOLD) : undefined,
      },
      embedWorker: e.CRM_EMBED_WORKER ?? DEFAULTS.embedWorker,
      trainWorkers: e.CRM_TRAIN_WORKERS,
      retrain: {
        afterOutcomes: e.CRM_RETRAIN_AFTER === undefined ? DEFAULTS.retrain.afterOutcomes : Math.floor(e.CRM_RETRAIN_AFTER),
        everyMs: e.CRM_RETRAIN_EVERY_HOURS === undefined ? DEFAULTS.retrain.everyMs : e.CRM_RETRAIN_EVERY_HOURS * 3_600_000,
      },
      personaWeight: e.CRM_PERSONA_WEIGHT ?? DEFAULTS.personaWeight,
      personaSample: e.CRM_PERSONA_SAMPLE ?? DEFAULTS.personaSample,
    },
  };
}
