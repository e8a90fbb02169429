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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.CRM_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    demo: env.CRM_DEMO !== '0' && env.CRM_DEMO !== 'false',
    demoDir: env.CRM_DEMO_DIR || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
