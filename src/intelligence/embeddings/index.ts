/** Embedding providers: the interface, the implementations, and the one place that picks one from the settings. */
import type { EmbeddingSettings } from '../../core/config.js';
import { HashingProvider } from './hashing.js';
import { OnnxDirProvider } from './onnx-dir.js';
import type { EmbeddingProvider } from './provider.js';
import { UseLiteProvider } from './use-lite.js';
import { UseStaticProvider, type StaticPool } from './use-static.js';
import path from 'node:path';

export type { EmbeddingProvider } from './provider.js';
export { HashingProvider } from './hashing.js';
export { OnnxDirProvider, checkModelDir } from './onnx-dir.js';
export { UseLiteProvider } from './use-lite.js';
export { UseStaticProvider, buildStaticTable, isStaticPool, saveStaticTable, type StaticPool } from './use-static.js';

/**
 * use (USE lite, default) | use-static (USE's vocabulary distilled into a token table, opt-in; its own model id, so
 * switching re-embeds rather than mixing vectors) | onnx (a local model directory) | hashing; `workers` sets USE's worker threads (else
 * `defaults.workers`, else one per core); `defaults.queryWorker` adds one at normal priority for queries;
 * `defaults.staticPool` runs use-static's background texts in those threads (the first pass beside USE lite).
 * The settings were validated at start (delivery/config.ts).
 */
export function createEmbeddingProvider(
  settings: EmbeddingSettings = { provider: 'use' },
  defaults: { workers?: number; niceness?: number; queryWorker?: boolean; staticPool?: StaticPool } = {},
): EmbeddingProvider {
  switch (settings.provider) {
    case 'use':
      return new UseLiteProvider({ workers: settings.workers ?? defaults.workers, niceness: defaults.niceness, queryWorker: defaults.queryWorker });
    case 'use-static':
      return new UseStaticProvider({ cacheFile: settings.cacheDir ? path.join(settings.cacheDir, 'use-static.bin') : undefined, pool: defaults.staticPool });
    case 'onnx':
      if (!settings.modelDir) throw new Error('the onnx embedding provider needs a model directory (EMBEDDING_MODEL_DIR)');
      return new OnnxDirProvider(settings.modelDir);
    case 'hashing':
      return new HashingProvider();
  }
}
