/** `crm embed`, `crm similar`, `crm search`, `crm query`: semantic memory and natural-language questions. */
import { CrmError } from '../../../core/errors.js';
import { displayName, ENTITIES, type EntityDef } from '../../../core/entities.js';
import { SIMILAR_ENTITIES } from '../../../intelligence/similarity/similar.service.js';
import { entityArg, type CliContext } from '../context.js';
import { countProgress } from '../progress.js';

export function intelligenceCommands({ program, ws, withIntelligence }: CliContext) {
  program
    .command('embed')
    .description('embed queued records into semantic memory now (--all: re-queue every record first, e.g. after a model change)')
    .option('--all', 'queue every record of the workspace (unchanged texts are skipped by content hash)')
    .action((opts: { all?: boolean }) =>
      withIntelligence(async (intelligence) => {
        if (opts.all) console.log(`queued ${await intelligence.queueAllForEmbedding(ws())} records`);
        const progress = countProgress('embedding', await intelligence.pendingEmbeddings());
        const started = performance.now();
        const report = await intelligence.worker.drain((r) => progress.increment(r.claimed));
        progress.stop();
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `${report.embedded} embedded, ${report.unchanged} unchanged, ${report.removed} removed, ${report.failed} failed` +
            ` in ${seconds.toFixed(1)} s (${(report.embedded / Math.max(seconds, 1e-3)).toFixed(0)} shards/s, ${intelligence.provider.model})` +
            (intelligence.firstPassProvider ? `; ${report.firstPass} of them by the ${intelligence.firstPassProvider.model} first pass, ${report.refined} refined` : ''),
        );
        if (report.failed > 0) process.exitCode = 1;
      }),
    );

  program
    .command('similar')
    .description('records most like a given one, with reasons ("contacts like Alice")')
    .argument('<object>', 'contacts, companies or deals', entityArg)
    .argument('<id>', 'the record to compare with')
    .option('-n, --limit <n>', 'how many', '10')
    .option('--json', 'print JSON')
    .action((entity: EntityDef, id: string, opts: { limit: string; json?: boolean }) => {
      if (!SIMILAR_ENTITIES.includes(entity.name)) throw new CrmError('validation', `similar records are available for contacts, companies and deals, not ${entity.plural}`);
      return withIntelligence(
        async (intelligence) => {
          const results = await intelligence.similarity.similar(ws(), entity.name, id, Number(opts.limit));
          if (opts.json) return console.log(JSON.stringify({ results }, null, 2));
          for (const r of results) console.log(`${r.id}  ${r.score.toFixed(3)}  ${r.reasons.join('; ')}`);
        },
        { loadMemory: true },
      );
    });

  program
    .command('search')
    .description('semantic search: meaning and words ("people worried about compliance audits")')
    .argument('<text>', 'what to look for')
    .option('-e, --entity <entity>', 'contact, company, deal or activity', 'contact')
    .option('-n, --limit <n>', 'how many', '10')
    .option('--json', 'print JSON')
    .action((text: string, opts: { entity: string; limit: string; json?: boolean }) => {
      const entity = entityArg(opts.entity);
      return withIntelligence(
        async (intelligence) => {
          const found = await intelligence.search.search(ws(), entity.name, text, { limit: Number(opts.limit) });
          if (opts.json) return console.log(JSON.stringify(found, null, 2));
          console.error(`understood: ${found.interpretation.explanation}`);
          for (const r of found.results) console.log(`${r.id}  ${r.score.toFixed(3)}`);
        },
        { loadMemory: true },
      );
    });

  program
    .command('query')
    .description('a natural-language query ("open fintech deals over $50k", "how many deals are in negotiation?")')
    .argument('<text>', 'what you want, in words')
    .option('-n, --limit <n>', 'most records to return', '50')
    .option('--json', 'print the answer as the HTTP API returns it')
    .action((text: string, opts: { limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CrmError('validation', `--limit must be a whole number above 0, got "${opts.limit}"`);
      return withIntelligence(
        async (intelligence) => {
          const answer = await intelligence.nlq.query(ws(), text, limit);
          if (opts.json) return console.log(JSON.stringify(answer, null, 2));
          console.error(`understood: ${answer.interpretation.explanation}`);
          if (answer.value !== undefined) console.log(`${answer.value ?? '—'}`);
          for (const g of answer.groups ?? []) console.log(`${g.label}\t${g.value ?? '—'}\t(${g.count})`);
          const def = ENTITIES[answer.entity];
          for (const r of answer.results) console.log(`${r.id}  ${r.score.toFixed(3)}  ${displayName(def, r)}`);
          if (answer.value === undefined) console.error(`${answer.results.length} of ${answer.total}`);
        },
        { loadMemory: true },
      );
    });
}
