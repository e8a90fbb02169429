/** `crm serve`, `crm worker`, `crm migrate`: the long-running processes and the database they open. */
import { DEFAULT_WORKSPACE } from '../../../crm/index.js';
import { createIntelligence } from '../../../intelligence/index.js';
import { startMailboxSyncLoop } from '../../../intelligence/ingest/mailbox-loop.js';
import { workerTrainer } from '../../../intelligence/learning/retrain.js';
import { createApp } from '../../api/app.js';
import { DEFAULT_API_RATE_LIMIT, type AuthOptions } from '../../api/auth.js';
import type { AppConfig } from '../../config.js';
import { demoDataDir, drainOnSignal, loadDemoData, metricsOptionsOf, openCrm, storageConfigOf } from '../../runtime.js';
import type { CliContext } from '../context.js';
import { printImportReport } from './data.commands.js';

export function authOptionsOf(config: AppConfig): AuthOptions {
  return {
    mode: config.auth,
    apiRateLimit: config.rateLimitPerMinute === 0 ? false : { max: config.rateLimitPerMinute, windowMs: DEFAULT_API_RATE_LIMIT.windowMs },
  };
}

/** The first owner's sign-in, printed once when the server creates it. */
export function printFirstOwner(first: { email: string; password?: string }, address: string) {
  const lines = first.password
    ? [`First start: an owner account was created. Sign in at ${address}`, `  e-mail:   ${first.email}`, `  password: ${first.password}`, 'This password is shown only now: change it in the user menu after signing in.']
    : [`First start: owner ${first.email} was created with the password from CRM_ADMIN_PASSWORD. Sign in at ${address}`];
  const width = Math.max(...lines.map((l) => l.length));
  console.log(`\n┌${'─'.repeat(width + 2)}┐\n${lines.map((l) => `│ ${l.padEnd(width)} │`).join('\n')}\n└${'─'.repeat(width + 2)}┘\n`);
}

/** Stops a long-running command cleanly on Ctrl-C or a service manager's TERM. */
function onSignal(stop: () => Promise<void>) {
  const exit = async () => {
    await stop();
    process.exit(0);
  };
  process.once('SIGINT', exit);
  process.once('SIGTERM', exit);
}

export function serverCommands({ program, config, withCrm }: CliContext) {
  program
    .command('serve')
    .description('run the HTTP API (and load demo data into a new database unless CRM_DEMO=0)')
    .action(async () => {
      const cfg = config();
      const { crm, freshDatabase } = await openCrm(cfg);
      if (freshDatabase && cfg.demo) {
        const dir = demoDataDir(cfg);
        console.log(`New database: loading demo data from ${dir} (set CRM_DEMO=0 to start empty)`);
        printImportReport(await loadDemoData(crm, dir));
      }
      const firstOwner = await crm.access.ensureFirstOwner(DEFAULT_WORKSPACE, { email: cfg.adminEmail, password: cfg.adminPassword });
      const intelligence = createIntelligence(crm, {
        settings: cfg.intelligence,
        log: (m) => console.log(m),
        trainer: workerTrainer(storageConfigOf(cfg), cfg.intelligence.trainWorkers),
      });
      // Routes first: starting the intelligence layer can keep the event loop busy (embedding demo data), and
      // plugins registering meanwhile would run past Fastify's start-up timeout.
      const readiness = { draining: false };
      const app = await createApp({ crm, intelligence, logger: { level: cfg.logLevel }, auth: authOptionsOf(cfg), trustProxy: cfg.trustProxy, webDistDir: cfg.webDistDir, metrics: metricsOptionsOf(cfg), readiness, strategySeed: cfg.strategySeed });
      await intelligence.start();
      // Watched mailboxes (crm ingest --imap … --every N) are synced when due; leased, so servers sharing a database take turns.
      startMailboxSyncLoop(crm, { log: (m) => console.log(m) });
      drainOnSignal({ crm, app, intelligence, readiness, graceMs: cfg.shutdownGraceMs });
      const address = await app.listen({ port: cfg.port, host: cfg.host });
      // Persona queries rank by the notes' sentences: embedded in the background now, not on the first such query.
      intelligence.nlq.warm(DEFAULT_WORKSPACE);
      console.log(`HoloLoom CRM on ${address} (${crm.storage.dialect}; API docs at ${address}/api/docs)`);
      if (cfg.auth === 'off') console.warn('WARNING: AUTH=off — no sign-in; anyone who can reach this address is the owner of every workspace.');
      else if (firstOwner) printFirstOwner(firstOwner, address);
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(() => withCrm(async (crm) => console.log(`database ready (${crm.storage.dialect})`)));

  program
    .command('worker')
    .description('run an embedding and retraining worker until stopped (several may share one PostgreSQL database)')
    .option('--interval <ms>', 'how often to look for new work', '1000')
    .action(async (opts: { interval: string }) => {
      const cfg = config();
      const { crm } = await openCrm(cfg);
      const intelligence = createIntelligence(crm, {
        settings: cfg.intelligence,
        worker: false,
        trainer: workerTrainer(storageConfigOf(cfg), cfg.intelligence.trainWorkers),
        log: (m) => console.log(m),
      });
      intelligence.worker.start(Number(opts.interval));
      intelligence.retrain?.start();
      const firstPass = intelligence.firstPassProvider ? ` with a ${intelligence.firstPassProvider.model} first pass` : '';
      console.log(`embedding worker ${intelligence.worker.workerId} running (${intelligence.provider.model}${firstPass}, ${crm.storage.dialect}); Ctrl-C stops it`);
      onSignal(async () => {
        await intelligence.stop();
        await crm.storage.close();
      });
    });
}
