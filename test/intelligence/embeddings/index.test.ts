import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEmbeddingProvider, HashingProvider, OnnxDirProvider, UseLiteProvider } from '../../../src/intelligence/embeddings/index.js';

const fixture = fileURLToPath(new URL('../../fixtures/onnx-tiny', import.meta.url));

// Constructing a provider starts nothing (workers and models load on the first embed), so these are cheap.
describe('createEmbeddingProvider', () => {
  it('defaults to USE lite with one worker per core, EMBEDDING_WORKERS overriding', () => {
    const use = createEmbeddingProvider({});
    expect(use).toBeInstanceOf(UseLiteProvider);
    expect(use.model).toBe('use-lite');
    expect((createEmbeddingProvider({ EMBEDDING_PROVIDER: 'use', EMBEDDING_WORKERS: '3' }) as UseLiteProvider).workerCount).toBe(3);
    expect(() => createEmbeddingProvider({ EMBEDDING_WORKERS: '0' })).toThrow(/EMBEDDING_WORKERS/);
  });

  it('picks onnx when EMBEDDING_MODEL_DIR is set, hashing when asked', () => {
    const onnx = createEmbeddingProvider({ EMBEDDING_MODEL_DIR: fixture });
    expect(onnx).toBeInstanceOf(OnnxDirProvider);
    expect(onnx.model).toBe(`onnx:${path.basename(fixture)}`);
    expect(createEmbeddingProvider({ EMBEDDING_MODEL_DIR: fixture, EMBEDDING_PROVIDER: 'hashing' })).toBeInstanceOf(HashingProvider);
    expect(() => createEmbeddingProvider({ EMBEDDING_PROVIDER: 'onnx' })).toThrow(/needs EMBEDDING_MODEL_DIR/);
    expect(() => createEmbeddingProvider({ EMBEDDING_PROVIDER: 'bert' })).toThrow(/unknown EMBEDDING_PROVIDER "bert"/);
  });
});
