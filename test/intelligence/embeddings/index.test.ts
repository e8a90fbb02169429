import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEmbeddingProvider, HashingProvider, OnnxDirProvider, UseLiteProvider } from '../../../src/intelligence/embeddings/index.js';

const fixture = fileURLToPath(new URL('../../fixtures/onnx-tiny', import.meta.url));

// Constructing a provider starts nothing (workers and models load on the first embed), so these are cheap.
describe('createEmbeddingProvider', () => {
  // Reading and checking EMBEDDING_* is the configuration's (test/delivery/config.test.ts); this is the choice.
  it('defaults to USE lite with one worker per core, the configured workers overriding', () => {
    const use = createEmbeddingProvider();
    expect(use).toBeInstanceOf(UseLiteProvider);
    expect(use.model).toBe('use-lite');
    expect((createEmbeddingProvider({ provider: 'use', workers: 3 }) as UseLiteProvider).workerCount).toBe(3);
    expect((createEmbeddingProvider({ provider: 'use' }, { workers: 2 }) as UseLiteProvider).workerCount).toBe(2);
  });

  it('builds onnx from its model directory, hashing when asked', () => {
    const onnx = createEmbeddingProvider({ provider: 'onnx', modelDir: fixture });
    expect(onnx).toBeInstanceOf(OnnxDirProvider);
    expect(onnx.model).toBe(`onnx:${path.basename(fixture)}`);
    expect(createEmbeddingProvider({ provider: 'hashing', modelDir: fixture })).toBeInstanceOf(HashingProvider);
    expect(() => createEmbeddingProvider({ provider: 'onnx' })).toThrow(/needs a model directory/);
  });
});
