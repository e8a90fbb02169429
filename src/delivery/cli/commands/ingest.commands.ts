/** `crm ingest PATH…`: files, folders (recursively) and mailboxes become activities, contacts and links. */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { CrmError } from '../../../core/errors.js';
import { createIngestService, type IngestFileResult } from '../../../intelligence/ingest/index.js';
import { CLI_ACTOR, type CliContext } from '../context.js';
import { syncMailboxCommand } from './ingest-sync.command.js';

/** The files under the given paths (folders walked recursively; hidden files and folders left out), sorted. */
export function filesUnder(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return void missing.push(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) if (!entry.startsWith('.')) walk(path.join(p, entry));
    } else if (stat.isFile()) files.push(p);
  };
  for (const p of paths) walk(p);
  return { files, missing };
}

/** One line per file: what it became. */
export function describeResult(r: IngestFileResult): string {
  if (r.duplicate) return `${r.file}: ${r.kind} — ingested before (${r.activityIds.length} activities)`;
  const linked = [`${r.linked.contacts.length} contacts`, `${r.linked.companies.length} companies`, `${r.linked.deals.length} deals`].join(', ');
  const created = r.createdContacts.length ? `, ${r.createdContacts.length} new contacts` : '';
  return `${r.file}: ${r.kind} — ${r.activityIds.length} activities${created}; linked ${linked} (confidence ${r.confidence.toFixed(2)})`;
}

export function ingestCommands({ program, ws, withCrm }: CliContext) {
  program
    .command('ingest')
    .description('ingest files, folders and mailboxes (.eml, .mbox, .pdf, .docx, .xlsx, .pptx, lead-list .csv, .html, .txt/.md, .vcf, .ics, .vtt/.srt, chat .json — detected by content) into activities, contacts and links')
    .argument('[paths...]', 'files or folders')
    .option('--json', 'print the results as JSON (the API\'s answer) instead of a summary')
    .option('--imap <url>', 'sync a mailbox, imap://user@host/INBOX (password in CRM_IMAP_PASSWORD): the messages after the last one synced')
    .option('--every <minutes>', 'with --imap: keep the mailbox synced (a workspace setting run by the job queue) and run the syncs until stopped', (v) => Number(v))
    .action((paths: string[], opts: { json?: boolean; imap?: string; every?: number }) =>
      withCrm(async (crm) => {
        if (opts.imap) return syncMailboxCommand(crm, ws(), opts.imap, { every: opts.every, json: opts.json });
        if (paths.length === 0) throw new CrmError('validation', 'give files or folders to ingest, or --imap imap://user@host/INBOX');
        const { files, missing } = filesUnder(paths);
        for (const m of missing) console.error(`${m}: no such file or folder`);
        const ingest = createIngestService(crm);
        const tty = process.stderr.isTTY && !opts.json;
        const bar = new cliProgress.SingleBar({ format: 'ingest [{bar}] {value}/{total} · {file}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
        if (tty) bar.start(files.length, 0, { file: '' });
        const results: IngestFileResult[] = [];
        const errors: string[] = [];
        for (const [i, file] of files.entries()) {
          if (tty) bar.update(i, { file: path.basename(file) });
          try {
            results.push(...(await ingest.ingest(ws(), file, new Uint8Array(fs.readFileSync(file)), { actor: CLI_ACTOR })));
          } catch (e) {
            if (!(e instanceof CrmError)) throw e;
            // The service's message already starts with the file's name.
            errors.push(e.message);
          }
        }
        if (tty) {
          bar.update(files.length, { file: 'done' });
          bar.stop();
        }
        if (opts.json) console.log(JSON.stringify({ files: results, errors }, null, 2));
        else {
          for (const r of results) {
            console.log(describeResult(r));
            for (const w of r.warnings) console.log(`  warning: ${w}`);
          }
          const activities = results.reduce((n, r) => n + (r.duplicate ? 0 : r.activityIds.length), 0);
          const contacts = results.reduce((n, r) => n + (r.duplicate ? 0 : r.createdContacts.length), 0);
          const duplicates = results.filter((r) => r.duplicate).length;
          console.log(`${files.length} files read, ${results.length - duplicates} ingested (${duplicates} seen before), ${errors.length} failed: ${activities} activities, ${contacts} new contacts`);
        }
        for (const e of errors) console.error(e);
        if (errors.length || missing.length) process.exitCode = 1;
      }),
    );
}
