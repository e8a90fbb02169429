import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddingProvider, HashingProvider, OnnxDirProvider, UseLiteProvider } from '../../src/intelligence/embeddings/index.js';
import { FIXTURES } from '../support/backends.js';

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(cos(a, a));

describe('USE lite provider (offline weights, worker threads)', () => {
  const use = new UseLiteProvider({ workers: 2, batchSize: 2 });
  afterAll(() => use.close());

  it('gives 512-d unit vectors that put paraphrases closer than unrelated text', async () => {
    const [audit, soc2, hiking] = await use.embed(['worried about compliance audits', 'concerned about SOC 2 audit readiness', 'likes hiking in the alps']);
    expect(use.dimensions).toBe(512);
    expect(audit).toHaveLength(512);
    expect(norm(audit!)).toBeCloseTo(1, 4);
    expect(cos(audit!, soc2!)).toBeGreaterThan(cos(audit!, hiking!) + 0.2);
  });

  it('keeps input order across batches and workers, and the same text gives the same vector', async () => {
    const texts = ['alpha team', 'pipeline forecast', 'alpha team', 'hiring engineers', 'budget approval', 'alpha team', ''];
    const vectors = await use.embed(texts);
    expect(vectors).toHaveLength(texts.length);
    const [single] = await use.embed(['pipeline forecast']);
    expect(cos(vectors[1]!, single!)).toBeCloseTo(1, 5);
    expect(Array.from(vectors[0]!)).toEqual(Array.from(vectors[5]!));
    expect(cos(vectors[0]!, vectors[3]!)).toBeLessThan(0.99);
    expect(norm(vectors[6]!)).toBeCloseTo(1, 4);
    expect(await use.embed([])).toEqual([]);
  });
});

describe('hashing provider', () => {
  it('is deterministic, unit length, and sensitive to shared words', async () => {
    const p = new HashingProvider(128);
    const [a, b, c] = await p.embed(['Compliance audits next quarter', 'compliance audits', 'hiking trip']);
    const [a2] = await p.embed(['Compliance audits next quarter']);
    expect(Array.from(a!)).toEqual(Array.from(a2!));
    expect(norm(a!)).toBeCloseTo(1, 5);
    expect(cos(a!, b!)).toBeGreaterThan(cos(a!, c!));
    expect(p.model).toBe('hashing-128');
  });
});

describe('ONNX model directory provider', () => {
  const dir = path.join(FIXTURES, 'onnx-tiny');

  it('loads a transformers.js-layout model from disk and mean-pools normalised vectors', async () => {
    const p = new OnnxDirProvider(dir);
    try {
      expect(p.model).toBe('onnx:onnx-tiny');
      expect(p.dimensions).toBe(8);
      const [a, b, c] = await p.embed(['worried about compliance audits', 'soc audit risk', 'likes hiking in the alps']);
      expect(a).toHaveLength(8);
      expect(norm(a!)).toBeCloseTo(1, 4);
      expect(cos(a!, b!)).toBeGreaterThan(cos(a!, c!));
    } finally {
      await p.close();
    }
  });

  it('names what is missing instead of trying the network', () => {
    expect(() => new OnnxDirProvider('/nonexistent/model')).toThrow(/is not a directory/);
    const partial = fs.mkdtempSync(path.join(os.tmpdir(), 'onnx-partial-'));
    fs.copyFileSync(path.join(dir, 'config.json'), path.join(partial, 'config.json'));
    expect(() => new OnnxDirProvider(partial)).toThrow(/has no tokenizer\.json/);
    fs.copyFileSync(path.join(dir, 'tokenizer.json'), path.join(partial, 'tokenizer.json'));
    fs.copyFileSync(path.join(dir, 'tokenizer_config.json'), path.join(partial, 'tokenizer_config.json'));
    expect(() => new OnnxDirProvider(partial)).toThrow(/has no onnx\/model\.onnx/);
    fs.rmSync(partial, { recursive: true });
  });
});

describe('provider selection from the environment', () => {
  it('defaults to USE lite, follows EMBEDDING_MODEL_DIR and rejects nonsense', async () => {
    expect(createEmbeddingProvider({})).toBeInstanceOf(UseLiteProvider);
    expect(createEmbeddingProvider({ EMBEDDING_PROVIDER: 'hashing' }).model).toBe('hashing-256');
    const onnx = createEmbeddingProvider({ EMBEDDING_MODEL_DIR: path.join(FIXTURES, 'onnx-tiny') });
    expect(onnx.model).toBe('onnx:onnx-tiny');
    expect(() => createEmbeddingProvider({ EMBEDDING_PROVIDER: 'onnx' })).toThrow(/needs EMBEDDING_MODEL_DIR/);
    expect(() => createEmbeddingProvider({ EMBEDDING_PROVIDER: 'gpt' })).toThrow(/unknown EMBEDDING_PROVIDER "gpt"/);
    expect(() => createEmbeddingProvider({ EMBEDDING_WORKERS: 'lots' })).toThrow(/EMBEDDING_WORKERS/);
  });
});
