/** Runtime configuration from the environment (documented in the README). */
import path from 'node:path';

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
  logLevel: string;
  /** AUTH=off: no sign-in, every request acts as the owner (a private machine only). */
  auth: 'on' | 'off';
  /** The first owner's e-mail and password on an installation without users (else admin@localhost, generated). */
  adminEmail?: string;
  adminPassword?: string;
  /** Requests per minute per client address on /api (0: no limit). */
  rateLimitPerMinute: number;
  /** Behind a reverse proxy: take client addresses from X-Forwarded-For. */
  trustProxy: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const auth = (env.AUTH ?? 'on').toLowerCase();
  if (auth !== 'on' && auth !== 'off') throw new Error(`AUTH must be "on" or "off", got "${env.AUTH}"`);
  const rate = Number(env.CRM_RATE_LIMIT ?? 1200);
  if (!Number.isInteger(rate) || rate < 0) throw new Error(`CRM_RATE_LIMIT must be a whole number of requests per minute (0: none), got "${env.CRM_RATE_LIMIT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.CRM_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    demo: env.CRM_DEMO !== '0' && env.CRM_DEMO !== 'false',
    demoDir: env.CRM_DEMO_DIR || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    auth,
    adminEmail: env.CRM_ADMIN_EMAIL || undefined,
    adminPassword: env.CRM_ADMIN_PASSWORD || undefined,
    rateLimitPerMinute: rate,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
  };
}
