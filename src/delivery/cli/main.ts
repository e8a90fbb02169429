#!/usr/bin/env node
/**
 * The `crm` command. One file per group of commands (commands/*.ts): serve, worker, migrate; import, export, seed,
 * duplicates, merge; embed, similar, search, query; model, experiment, score; user, token, workspace, audit, erase.
 */
import { Command } from 'commander';
import { CrmError } from '../../core/errors.js';
import { DEFAULT_WORKSPACE } from '../../crm/index.js';
import { accessCommands } from './commands/access.commands.js';
import { backupCommands } from './commands/backup.commands.js';
import { dataCommands } from './commands/data.commands.js';
import { ingestCommands } from './commands/ingest.commands.js';
import { intelligenceCommands } from './commands/intelligence.commands.js';
import { policyCommands } from './commands/policy.commands.js';
import { policyTrainCommand } from './commands/policy-train.command.js';
import { scoringCommands } from './commands/scoring.commands.js';
import { serverCommands } from './commands/server.commands.js';
import { createCliContext } from './context.js';

const program = new Command();
program.name('crm').description('HoloLoom CRM').option('-w, --workspace <id>', 'workspace to work in', DEFAULT_WORKSPACE).showHelpAfterError();

const ctx = createCliContext(program);
serverCommands(ctx);
dataCommands(ctx);
ingestCommands(ctx);
intelligenceCommands(ctx);
scoringCommands(ctx);
policyCommands(ctx);
policyTrainCommand(ctx);
accessCommands(ctx);
backupCommands(ctx);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CrmError) {
    console.error(`error: ${e.message}`);
    for (const d of e.details) if (d.field && !e.message.includes(d.message)) console.error(`  ${d.field}: ${d.message}`);
  } else console.error(e instanceof Error ? `error: ${e.message}` : e);
  process.exitCode = process.exitCode || 2;
});
