/** Embedding providers: the interface, the implementations, and the one place that picks one from the environment. */
import { HashingProvider } from './hashing.js';
import { OnnxDirProvider } from './onnx-dir.js';
import type { EmbeddingProvider } from './provider.js';
import { UseLiteProvider } from './use-lite.js';

export type { EmbeddingProvider } from './provider.js';
export { HashingProvider } from './hashing.js';
export { OnnxDirProvider, checkModelDir } from './onnx-dir.js';
export { UseLiteProvider } from './use-lite.js';

/**
 * EMBEDDING_PROVIDER = use (default) | onnx | hashing. EMBEDDING_MODEL_DIR selects onnx unless a provider
 * is named; EMBEDDING_WORKERS sets USE's worker threads (default: one per core).
 */
export function createEmbeddingProvider(env: NodeJS.ProcessEnv = process.env, defaults: { workers?: number } = {}): EmbeddingProvider {
  const kind = env.EMBEDDING_PROVIDER || (env.EMBEDDING_MODEL_DIR ? 'onnx' : 'use');
  switch (kind) {
    case 'use': {
      const workers = env.EMBEDDING_WORKERS ? Number(env.EMBEDDING_WORKERS) : undefined;
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new Error(`EMBEDDING_WORKERS must be a whole number ≥ 1, got "${env.EMBEDDING_WORKERS}"`);
      return new UseLiteProvider({ workers: workers ?? defaults.workers });
    }
    case 'onnx':
      if (!env.EMBEDDING_MODEL_DIR) throw new Error('EMBEDDING_PROVIDER=onnx needs EMBEDDING_MODEL_DIR (a local model directory)');
      return new OnnxDirProvider(env.EMBEDDING_MODEL_DIR);
    case 'hashing':
      return new HashingProvider();
    default:
      throw new Error(`unknown EMBEDDING_PROVIDER "${kind}"; use use, onnx or hashing`);
  }
}
