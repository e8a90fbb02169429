/** What every command group shares: the workspace option, the configuration, and the open-and-close bracket. */
import { InvalidArgumentError, type Command } from 'commander';
import { ENTITIES, ENTITY_ORDER, entityByPlural, type EntityDef } from '../../core/entities.js';
import type { Crm } from '../../crm/index.js';
import { createIntelligence, type Intelligence } from '../../intelligence/index.js';
import { loadConfig, type AppConfig } from '../config.js';
import { openCrm } from '../runtime.js';

/** The actor the audit log names for what the command line does. */
export const CLI_ACTOR = 'cli';

export interface CliContext {
  program: Command;
  /** The workspace to work in (--workspace). */
  ws(): string;
  /** The configuration, read and checked once, when the first command needs it. */
  config(): AppConfig;
  /** Runs a command with an open CRM and closes it afterwards, whatever happens. */
  withCrm<T>(fn: (crm: Crm, config: AppConfig, fresh: boolean) => Promise<T>): Promise<T>;
  /**
   * The same with the intelligence layer on top (no background work; `loadMemory` loads the vector index first),
   * stopped afterwards too.
   */
  withIntelligence<T>(fn: (intelligence: Intelligence, crm: Crm) => Promise<T>, opts?: { loadMemory?: boolean }): Promise<T>;
}

export function createCliContext(program: Command): CliContext {
  let config: AppConfig | undefined;
  const ctx: CliContext = {
    program,
    ws: () => program.opts<{ workspace: string }>().workspace,
    config: () => (config ??= loadConfig()),
    async withCrm(fn) {
      const { crm, freshDatabase } = await openCrm(ctx.config());
      try {
        return await fn(crm, ctx.config(), freshDatabase);
      } finally {
        await crm.storage.close();
      }
    },
    withIntelligence: (fn, opts = {}) =>
      ctx.withCrm(async (crm, cfg) => {
        const intelligence = createIntelligence(crm, { settings: cfg.intelligence, worker: false });
        try {
          if (opts.loadMemory) await intelligence.memory.load();
          return await fn(intelligence, crm);
        } finally {
          await intelligence.stop();
        }
      }),
  };
  return ctx;
}

/** An object named by its plural (contacts) or its name (contact). */
export function entityArg(value: string): EntityDef {
  const e = entityByPlural(value) ?? ENTITY_ORDER.map((n) => ENTITIES[n]).find((d) => d.name === value);
  if (!e) throw new InvalidArgumentError(`unknown object "${value}"; use ${ENTITY_ORDER.map((n) => ENTITIES[n].plural).join(', ')}`);
  return e;
}
