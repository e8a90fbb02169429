/** `crm import`, `crm export`, `crm seed`, `crm duplicates`, `crm merge`: records in and out, and their duplicates. */
import { ENTITIES, type EntityDef } from '../../../core/entities.js';
import { CrmError } from '../../../core/errors.js';
import { STAGE_HISTORY, type ImportReport } from '../../../crm/import.service.js';
import { MERGEABLE } from '../../../crm/merge.service.js';
import { demoDataDir, loadDemoData, SAMPLE_DATA_DIR } from '../../runtime.js';
import { CLI_ACTOR, entityArg, type CliContext } from '../context.js';
import { importProgress } from '../progress.js';

export function printImportReport(report: ImportReport, out: (s: string) => void = console.log, err: (s: string) => void = console.error) {
  for (const f of report.files) {
    const state = f.rolled_back ? 'NOT IMPORTED (rolled back)' : `${f.inserted} new, ${f.updated} updated, ${f.unchanged} unchanged, ${f.skipped} skipped`;
    // A company column (names or domains): what the API report and the web preview say too.
    const companies = f.companies_linked !== undefined && !f.rolled_back ? `; company column: ${f.companies_linked} rows linked to existing companies, ${f.companies_created ?? 0} companies created` : '';
    out(`${f.file}: ${f.rows} rows — ${state}${companies}${f.duplicates && f.entity !== STAGE_HISTORY ? `; ${f.duplicates} likely duplicate pairs (crm duplicates ${ENTITIES[f.entity].plural})` : ''}`);
    for (const e of f.errors) err(`  ${e.file}:${e.line}${e.id ? ` [${e.id}]` : ''}: ${e.message}`);
    if (f.more_errors > 0) err(`  … and ${f.more_errors} more errors in ${f.file}`);
  }
  for (const n of report.not_imported) err(`${n}: not imported because an earlier file failed`);
}

export function dataCommands({ program, ws, withCrm }: CliContext) {
  program
    .command('import')
    .description('import companies.csv, contacts.csv, deals.csv, stage_history.csv, activities.csv from a directory (upsert by id; stage history after deals)')
    .argument('<dir>', 'directory holding the CSV files')
    .option('--skip-invalid', 'import the valid rows of a file that has errors (default: a file with errors is not imported)')
    .option(
      '--stage-history <file>',
      'a stage history file by another name, imported after the directory\'s files: deal_id, from_stage, to_stage, changed_at rows, or one row per deal with a "Date entered <stage>" column per stage (HubSpot\'s export)',
    )
    .action((dir: string, opts: { skipInvalid?: boolean; stageHistory?: string }) =>
      withCrm(async (crm) => {
        const progress = importProgress();
        const importOpts = { skipInvalid: opts.skipInvalid, onProgress: progress.update };
        const report = await crm.importer.importDirectory(ws(), dir, importOpts, opts.stageHistory);
        progress.stop();
        printImportReport(report);
        if (!report.ok) process.exitCode = 1;
      }),
    );

  program
    .command('export')
    .description('export every object as CSV in the import format, and the deals\' stage history as stage_history.csv')
    .argument('<dir>', 'directory to write the CSV files to')
    .action((dir: string) =>
      withCrm(async (crm) => {
        const report = await crm.exporter.exportDirectory(ws(), dir);
        for (const f of report.files) console.log(`${f.file}: ${f.rows} rows`);
      }),
    );

  program
    .command('seed')
    .description('load demo data: the shared data set beside the repo, or the built-in sample')
    .option('--sample', 'load the small built-in sample')
    .option('--dir <dir>', 'load CSV files from this directory')
    .action((opts: { sample?: boolean; dir?: string }) =>
      withCrm(async (crm, config) => {
        const dir = opts.dir ?? (opts.sample ? SAMPLE_DATA_DIR : demoDataDir(config));
        const progress = importProgress();
        const report = await loadDemoData(crm, dir, { onProgress: progress.update });
        progress.stop();
        printImportReport(report);
        if (!report.ok) process.exitCode = 1;
      }),
    );

  program
    .command('duplicates')
    .description('list likely duplicate pairs with the reason')
    .argument('<object>', 'contacts or companies', entityArg)
    .option('--json', 'print JSON')
    .action((entity: EntityDef, opts: { json?: boolean }) =>
      withCrm(async (crm) => {
        const pairs = await crm.records.duplicatePairs(ws(), entity);
        if (opts.json) return console.log(JSON.stringify(pairs, null, 2));
        for (const p of pairs) console.log(`${p.a}  ${p.a_name}  ⇄  ${p.b}  ${p.b_name}  (${p.reasons.join('; ')})`);
        console.log(`${pairs.length} likely duplicate ${entity.name} pairs`);
      }),
    );

  program
    .command('merge')
    .description('merge records into a survivor (moves deals, activities and timeline; fills empty fields)')
    .argument('<object>', 'contacts or companies', entityArg)
    .argument('<survivor>', 'id of the record that stays')
    .argument('<merged...>', 'ids of the records merged into it')
    .option('--keep <field=id...>', 'where the records disagree, keep this record\'s value of the field (default: the survivor\'s; the newest date)')
    .action((entity: EntityDef, survivor: string, merged: string[], o: { keep?: string[] }) =>
      withCrm(async (crm) => {
        if (!MERGEABLE.includes(entity.name)) throw new CrmError('validation', `${entity.plural} cannot be merged`);
        const choices: Record<string, string> = {};
        for (const k of o.keep ?? []) {
          const [field, id] = k.split('=');
          if (!field || !id) throw new CrmError('validation', `--keep ${k}: write field=id, e.g. --keep title=${merged[0]}`);
          choices[field] = id;
        }
        const r = await crm.merge.merge(ws(), entity.name, survivor, merged, { source: 'cli', actor: CLI_ACTOR, choices });
        console.log(`merged ${r.merged.join(', ')} into ${survivor}`);
        for (const [f, v] of Object.entries(r.filled)) console.log(`  ${f} ← ${JSON.stringify(v.value)} (from ${v.from})`);
        for (const [what, n] of Object.entries(r.moved)) console.log(`  moved ${n} ${what}`);
      }),
    );
}
