/**
 * Two-scale embedding on the shared data set (docs/embeddings.md, "Two-scale embedding, built"): the contacts,
 * companies and deals are queued as a bulk; the worker embeds them with the use-static first pass until the embed
 * queue is empty (time to searchable), the dev set's quality is measured in that static-only state, then the refine
 * queue is drained with USE lite (the same worker and texts: USE lite's own rate) and the quality measured again.
 * Every text each model is asked to embed is counted, so a record embedded twice by either model shows.
 *
 * Mixed states (2026-12-07, second pass): `--at 0.1,0.5,0.9` stops the refine pass at those fractions of the records
 * and measures the dev set under each way of putting the two spaces together (TwoScaleMixing), all on the same state:
 * `shipped` (as shipped before this pass: map when fitted, else ranks interleaved; seeds in one space; the default
 * now differs only without a map, where it is `fast`), `interleave` (ranks interleaved, no map),
 * `fast` (no map: the static space for every record that has a static vector), `map+seed` (map; "like X" seeds
 * with both vectors score static-only candidates on the map), `fast+seed` (map when fitted, else fast; seeds both).
 *
 * The first pass off the main thread (2026-12-07, third pass): the first pass's line also gives the main thread's
 * event-loop delay (p50/p99/max, 1 ms resolution), its CPU seconds and event-loop utilisation, and the process's CPU
 * seconds (every thread), over the first pass; `--static-in-thread` runs use-static on the calling thread as before
 * (no pool), for paired runs; after the first pass every stored use-static vector is compared, bit for bit, with the
 * same text embedded on this thread.
 *
 *   npx tsx bench/two-scale.ts [--dir bench/.data/two-scale] [--threshold 1000] [--at 0.1,0.5,0.9] [--first-pass-only] [--static-in-thread] [--verbose]
 *
 * The directory is made afresh each run (the shared data set is imported into it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { toTimestamp } from '../src/core/clock.js';
import { DEFAULT_INTELLIGENCE_SETTINGS } from '../src/core/config.js';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../src/crm/index.js';
import { UseLiteProvider, UseStaticProvider, type EmbeddingProvider } from '../src/intelligence/embeddings/index.js';
import type { EmbedOptions } from '../src/intelligence/embeddings/provider.js';
import { createIntelligence } from '../src/intelligence/index.js';
import { EMBED_QUEUE, enqueueAll, REFINE_QUEUE } from '../src/intelligence/memory/embedding-queue.js';
import type { TwoScaleMemory, TwoScaleMixing } from '../src/intelligence/vectors/two-scale-memory.js';
import { openStorage } from '../src/storage/connect.js';
import { devSetQuality } from './eval-memory.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHARED = path.resolve(here, '../../shared/data');
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
/** CPU seconds of this process's main thread (Linux /proc; the main thread's id is the process id). */
const mainThreadCpu = () => {
  try {
    const f = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
};

/** Counts the background texts a provider embeds (queries, marked `priority: 'query'`, are not counted). */
class Counted implements EmbeddingProvider {
  readonly texts = new Map<string, number>();
  constructor(readonly inner: EmbeddingProvider) {}
  get model() {
    return this.inner.model;
  }
  get version() {
    return this.inner.version;
  }
  get dimensions() {
    return this.inner.dimensions;
  }
  embed(texts: readonly string[], opts?: EmbedOptions) {
    if (opts?.priority !== 'query') for (const t of texts) this.texts.set(t, (this.texts.get(t) ?? 0) + 1);
    return this.inner.embed(texts, opts);
  }
  close() {
    return this.inner.close();
  }
  get total() {
    return [...this.texts.values()].reduce((a, b) => a + b, 0);
  }
  get twice() {
    return [...this.texts.values()].filter((n) => n > 1).length;
  }
}

const { values } = parseArgs({ options: { dir: { type: 'string' }, threshold: { type: 'string' }, at: { type: 'string' }, 'first-pass-only': { type: 'boolean', default: false }, 'static-in-thread': { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } } });
const dir = path.resolve(values.dir ?? path.join(here, '.data', 'two-scale'));
const threshold = Number(values.threshold ?? 1000);
const checkpoints = (values.at ?? '').split(',').filter(Boolean).map(Number).sort((a, b) => a - b);
const MIXINGS: Record<string, TwoScaleMixing> = {
  shipped: { withoutMap: 'interleave', seed: 'one', useMap: true },
  interleave: { withoutMap: 'interleave', seed: 'one', useMap: false },
  fast: { withoutMap: 'fast', seed: 'one', useMap: false },
  'map+seed': { withoutMap: 'interleave', seed: 'both', useMap: true },
  'fast+seed': { withoutMap: 'fast', seed: 'both', useMap: true },
};
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(path.join(dir, 'models'), { recursive: true });
// The static table is built from USE once per installation; reuse one built before (eval-memory's) when there is one.
const builtTable = process.env.USE_STATIC_TABLE ?? path.join(here, '.data', 'eval-memory', 'models', 'use-static.bin');
if (fs.existsSync(builtTable)) fs.copyFileSync(builtTable, path.join(dir, 'models', 'use-static.bin'));

const storage = await openStorage({ dataDir: dir });
await prepareStorage(storage);
const crm = createCrm({ storage });
const ws = DEFAULT_WORKSPACE;
let t = performance.now();
const imported = await crm.importer.importDirectory(ws, path.join(SHARED, 'crm'));
if (!imported.ok) throw new Error('import failed');
console.log(`imported the shared data set in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const lite = new UseLiteProvider({ workers: os.availableParallelism() });
const main = new Counted(lite);
// As createIntelligence wires them: the first pass's texts go to USE lite's worker pool (unless --static-in-thread).
const fast = new Counted(new UseStaticProvider({ cacheFile: path.join(dir, 'models', 'use-static.bin'), pool: values['static-in-thread'] ? undefined : lite }));
t = performance.now();
await fast.inner.embed(['warm up']); // builds (or reads) the token table: once per installation
console.log(`use-static table ready in ${((performance.now() - t) / 1000).toFixed(1)} s (load ${load()})`);
await main.inner.embed(['warm up']);
const intelligence = createIntelligence(crm, {
  provider: main,
  firstPassProvider: fast,
  worker: false,
  settings: { ...DEFAULT_INTELLIGENCE_SETTINGS, embedding: { provider: 'use', firstPass: 'use-static', firstPassThreshold: threshold } },
});
const memory = intelligence.memory as TwoScaleMemory;
const now = () => toTimestamp(crm.clock.now());
// The dev set asks about contacts, companies and deals (as bench/eval-memory.ts); activity shards are left out.
const queued = await enqueueAll(storage, ws, now(), ['company', 'contact', 'deal']);
console.log(`queued ${queued} records (threshold ${threshold}); load ${load()}`);

t = performance.now();
let first = 0;
let direct = 0;
const delay = monitorEventLoopDelay({ resolution: 1 });
const elu0 = performance.eventLoopUtilization();
const [mainCpu0, cpu0] = [mainThreadCpu(), process.cpuUsage()];
delay.enable();
while ((await storage.jobs.stats(EMBED_QUEUE, now())).ready > 0) {
  const r = await intelligence.worker.runOnce();
  first += r.firstPass;
  direct += r.embedded - r.firstPass;
}
delay.disable();
const elu = performance.eventLoopUtilization(elu0);
const cpu = process.cpuUsage(cpu0);
const mainCpu = mainThreadCpu() - mainCpu0;
await memory.load();
const searchableS = (performance.now() - t) / 1000;
const ms = (ns: number) => (ns / 1e6).toFixed(1);
console.log(
  `first pass${values['static-in-thread'] ? ' (use-static on this thread)' : ' (use-static in the USE lite pool)'}: ${first} use-static shards (+${direct} USE lite) searchable in ${searchableS.toFixed(1)} s = ${(queued / searchableS).toFixed(0)} shards/s to searchable (load ${load()}); ${memory.stats().vectors} records answerable`,
);
console.log(
  `  event-loop delay p50 ${ms(delay.percentile(50))} / p99 ${ms(delay.percentile(99))} / max ${ms(delay.max)} ms; main thread CPU ${mainCpu.toFixed(2)} s, event-loop utilisation ${elu.utilization.toFixed(2)}; process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`,
);
{
  // The stored first-pass vectors against the same texts embedded on this thread: identical to the bit?
  const rows = (await storage.shards.changesSince(fast.model, 0, 1_000_000)).filter((x) => x.vector);
  const table = await (fast.inner as UseStaticProvider).load();
  let same = 0;
  for (const r of rows) {
    const v = (fast.inner as UseStaticProvider).embedWith(table, r.text);
    const stored = new Float32Array(r.vector!);
    if (v.length === stored.length && v.every((x, i) => Object.is(x, stored[i]))) same++;
  }
  console.log(`  stored use-static vectors identical to the bit to this thread's: ${same} of ${rows.length}`);
}
const staticOnly = await devSetQuality(intelligence, ws, { verbose: values.verbose });
console.log(
  `static-only state: "like X" graded P@5 ${staticOnly.similar.gradedPrecisionAt5.toFixed(3)} (${staticOnly.similar.queries}), semantic P@10 ${staticOnly.semantic.precisionAt10.toFixed(3)} (${staticOnly.semantic.queries})`,
);

if (values['first-pass-only']) {
  await intelligence.stop();
  await storage.close();
  process.exit(0);
}
t = performance.now();
const refineQueued = (await storage.jobs.stats(REFINE_QUEUE, now())).ready;
let steps = 0;
let stepS = 0;
for (const at of checkpoints) {
  const s0 = performance.now();
  while (steps < at * queued) {
    const r = await intelligence.worker.runOnce();
    if (r.claimed === 0) break;
    steps += r.refined;
  }
  await memory.poll();
  stepS += (performance.now() - s0) / 1000;
  const map = memory.scaleMap(ws);
  console.log(
    `mixed state: ${steps} of ${queued} refined (${((100 * steps) / queued).toFixed(1)} %), map ${map ? `slope ${map.slope.toFixed(3)} over ${map.pairs} pairs` : 'none'} (load ${load()})`,
  );
  const saved = memory.mixing;
  for (const [name, mixing] of Object.entries(MIXINGS)) {
    memory.mixing = mixing;
    const q = await devSetQuality(intelligence, ws, { verbose: values.verbose });
    console.log(`  ${name.padEnd(11)} "like X" graded P@5 ${q.similar.gradedPrecisionAt5.toFixed(3)}, semantic P@10 ${q.semantic.precisionAt10.toFixed(3)}`);
  }
  memory.mixing = saved;
}
if (checkpoints.length > 0) console.log(`refined ${steps} in ${stepS.toFixed(1)} s between checkpoints`);
const refined = await intelligence.worker.drain((r) => {
  if (values.verbose) console.log(`  refined ${r.refined} (load ${load()})`);
});
await memory.poll();
const refineS = (performance.now() - t) / 1000;
console.log(
  `refine pass: ${refined.refined + steps} of ${refineQueued} queued embedded with USE lite in ${refineS.toFixed(1)} s = ${((refined.refined + steps) / refineS).toFixed(1)} shards/s (incl. the dev-set runs at checkpoints) (load ${load()}); failed ${refined.failed}`,
);
let fastOnly = 0;
for (const entity of ['company', 'contact', 'deal'] as const) fastOnly += memory.fastOnlyIds(ws, entity).size;
const map = memory.scaleMap(ws);
console.log(`records still answered from use-static: ${fastOnly}; fast→USE map: ${map ? `slope ${map.slope.toFixed(3)}, intercept ${map.intercept.toFixed(3)} over ${map.pairs} pairs` : 'none'}`);
const refinedQ = await devSetQuality(intelligence, ws, { verbose: values.verbose });
console.log(
  `after refine: "like X" graded P@5 ${refinedQ.similar.gradedPrecisionAt5.toFixed(3)}, semantic P@10 ${refinedQ.semantic.precisionAt10.toFixed(3)}`,
);
// Shard texts apart from the rest (the NLQ layer embeds its lexicon in the background too).
const shardTexts = async (model: string) => new Set((await storage.shards.changesSince(model, 0, 1_000_000)).filter((x) => x.vector).map((x) => x.text));
const [liteTexts, staticTexts] = [await shardTexts(main.model), await shardTexts(fast.model)];
const onShards = (c: Counted, texts: Set<string>) => {
  const counts = [...c.texts].filter(([text]) => texts.has(text)).map(([, n]) => n);
  return `${counts.reduce((a, b) => a + b, 0)} for ${texts.size} distinct shard texts (${counts.filter((n) => n > 1).length} more than once)`;
};
console.log(`shard texts embedded: USE lite ${onShards(main, liteTexts)}; use-static ${onShards(fast, staticTexts)}`);
console.log(
  `all background texts: USE lite ${main.total} (${main.texts.size} distinct, ${main.twice} more than once), use-static ${fast.total} (${fast.texts.size} distinct, ${fast.twice} more than once)`,
);
await intelligence.stop();
await storage.close();
