/**
 * Embedding throughput on realistic CRM shard texts: contact profiles as the memory layer builds them, or (with
 * --shards) the real shard texts bench/eval-memory stored (contacts with their activity digests, companies, deals).
 *
 *   npx tsx bench/embeddings.ts [--provider use|use-static|hashing] [--shards] [--n 600] [--batch 8] [--workers N]
 *
 * Figures are texts/s of the provider alone (no database); print the load average beside them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { parseArgs } from 'node:util';
import { createEmbeddingProvider, UseLiteProvider } from '../src/intelligence/embeddings/index.js';
import { openStorage } from '../src/storage/connect.js';
import { loadConfig } from '../src/delivery/config.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface EmbeddingFigure {
  provider: string;
  workers: number;
  texts: number;
  meanWords: number;
  seconds: number;
  perSecond: number;
}

/** Contact profile texts in the shape of the contact shard recipe (title, company, industry, place, notes, tags). */
export function contactProfileTexts(n: number): string[] {
  const crm = path.resolve(here, '../../shared/data/crm');
  const dir = fs.existsSync(path.join(crm, 'contacts.csv')) ? crm : path.resolve(here, '../demo');
  const companies = new Map((parse(fs.readFileSync(path.join(dir, 'companies.csv')), { columns: true }) as Record<string, string>[]).map((c) => [c.id!, c]));
  const contacts = parse(fs.readFileSync(path.join(dir, 'contacts.csv')), { columns: true }) as Record<string, string>[];
  const texts: string[] = [];
  for (let i = 0; texts.length < n; i++) {
    const c = contacts[i % contacts.length]!;
    const co = companies.get(c.company_id!);
    texts.push(
      `${c.first_name} ${c.last_name}, ${c.title} at ${co?.name ?? 'an unknown company'} (${co?.industry ?? ''}, ${co?.city ?? ''}, ${co?.country ?? ''}). ` +
        `Tags: ${c.tags?.replaceAll(';', ', ')}. ${c.notes}${i >= contacts.length ? ` (${i})` : ''}`,
    );
  }
  return texts;
}

/** The texts bench/eval-memory stored as shards (use-lite's), every k-th up to n; empty when it has not run. */
export async function storedShardTexts(n: number): Promise<string[]> {
  const dir = path.join(here, '.data', 'eval-memory');
  if (!fs.existsSync(path.join(dir, 'crm.sqlite'))) return [];
  const storage = await openStorage({ dataDir: dir });
  try {
    const all = (await storage.shards.changesSince('use-lite', 0, 1_000_000)).filter((s) => s.vector).map((s) => s.text);
    const step = Math.max(1, Math.floor(all.length / n));
    return all.filter((_, i) => i % step === 0).slice(0, n);
  } finally {
    await storage.close();
  }
}

export async function benchEmbeddings(texts: string[], opts: { workers?: number; provider?: string; batchSize?: number } = {}): Promise<EmbeddingFigure> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(opts.workers ? { EMBEDDING_WORKERS: String(opts.workers) } : {}), ...(opts.provider ? { EMBEDDING_PROVIDER: opts.provider } : {}) };
  const settings = loadConfig(env).intelligence.embedding;
  const provider =
    settings.provider === 'use' && opts.batchSize
      ? new UseLiteProvider({ workers: settings.workers, batchSize: opts.batchSize })
      : createEmbeddingProvider({ ...settings, cacheDir: settings.cacheDir && path.join(here, '.data', 'eval-memory', 'models') });
  try {
    await provider.embed(texts.slice(0, 64)); // load the model (and warm every worker) outside the timing
    const start = performance.now();
    await provider.embed(texts);
    const seconds = (performance.now() - start) / 1000;
    const workers = (provider as { workerCount?: number }).workerCount ?? 1;
    const meanWords = texts.reduce((s, t) => s + t.split(/\s+/).length, 0) / texts.length;
    return { provider: provider.model, workers, texts: texts.length, meanWords: Math.round(meanWords), seconds, perSecond: texts.length / seconds };
  } finally {
    await provider.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { provider: { type: 'string' }, shards: { type: 'boolean', default: false }, n: { type: 'string' }, batch: { type: 'string' }, workers: { type: 'string' } } });
  const n = Number(values.n ?? 600);
  const texts = values.shards ? await storedShardTexts(n) : contactProfileTexts(n);
  if (texts.length === 0) throw new Error('--shards needs bench/.data/eval-memory: run bench/eval-memory.ts first');
  const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  for (const workers of values.workers ? [Number(values.workers)] : [1, undefined]) {
    const before = loadavg();
    const f = await benchEmbeddings(texts, { workers, provider: values.provider, batchSize: values.batch ? Number(values.batch) : undefined });
    console.log(
      `${f.provider}, ${f.workers} worker(s)${values.batch ? `, batch ${values.batch}` : ''}: ${f.perSecond.toFixed(0)} texts/s (${f.texts} ${values.shards ? 'stored shard' : 'contact profile'} texts of ~${f.meanWords} words in ${f.seconds.toFixed(1)} s; load ${before} → ${loadavg()})`,
    );
  }
}
