/**
 * Embedding throughput on realistic CRM shard texts (contact profiles as the memory layer builds them).
 *
 *   npx tsx bench/embeddings.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createEmbeddingProvider } from '../src/intelligence/embeddings/index.js';
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

export async function benchEmbeddings(texts: string[], opts: { workers?: number; provider?: string } = {}): Promise<EmbeddingFigure> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(opts.workers ? { EMBEDDING_WORKERS: String(opts.workers) } : {}), ...(opts.provider ? { EMBEDDING_PROVIDER: opts.provider } : {}) };
  const provider = createEmbeddingProvider(loadConfig(env).intelligence.embedding);
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
  const texts = contactProfileTexts(600);
  for (const workers of [1, undefined]) {
    const f = await benchEmbeddings(texts, { workers });
    console.log(`${f.provider}, ${f.workers} worker(s): ${f.perSecond.toFixed(0)} texts/s (${f.texts} texts of ~${f.meanWords} words in ${f.seconds.toFixed(1)} s)`);
  }
}
