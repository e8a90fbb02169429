import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModelDir, OnnxDirProvider } from '../../../src/intelligence/embeddings/onnx-dir.js';

const fixture = fileURLToPath(new URL('../../fixtures/onnx-tiny', import.meta.url));
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnx-dir-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('OnnxDirProvider', () => {
  it('embeds with the tiny BERT-shaped fixture: unit vectors, shared words closer', async () => {
    const p = new OnnxDirProvider(fixture);
    try {
      expect([p.model, p.dimensions]).toEqual(['onnx:onnx-tiny', 8]);
      const [audit, soc, hiking, empty] = await p.embed(['worried about compliance audits', 'soc audit risk', 'likes hiking in the alps', '']);
      for (const v of [audit!, soc!, hiking!]) {
        expect(v).toHaveLength(8);
        expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 4);
      }
      expect(empty).toHaveLength(8);
      expect(dot(audit!, soc!)).toBeGreaterThan(dot(audit!, hiking!));
      const [again] = await p.embed(['worried about compliance audits']);
      expect(Array.from(again!)).toEqual(Array.from(audit!));
      const { env } = await import('@huggingface/transformers');
      expect(env.allowRemoteModels).toBe(false);
      expect(await p.embed([])).toEqual([]);
    } finally {
      await p.close();
    }
  }, 60_000);

  it('also takes model.onnx at the top of the directory', async () => {
    const dir = path.join(tmp, 'flat-model');
    fs.mkdirSync(dir);
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(fixture, f), path.join(dir, f));
    fs.copyFileSync(path.join(fixture, 'onnx', 'model.onnx'), path.join(dir, 'model.onnx'));
    expect(checkModelDir(dir)).toBe('');
    const p = new OnnxDirProvider(dir);
    try {
      expect(p.model).toBe('onnx:flat-model');
      const [v] = await p.embed(['pipeline forecast']);
      expect(Math.sqrt(dot(v!, v!))).toBeCloseTo(1, 4);
    } finally {
      await p.close();
    }
  }, 60_000);

  it('names the directory and the missing file instead of trying the network', () => {
    const missing = path.join(tmp, 'no-such-model');
    expect(() => new OnnxDirProvider(missing)).toThrow(new RegExp(`${missing}.*is not a directory`));
    const partial = path.join(tmp, 'partial');
    fs.mkdirSync(partial);
    expect(() => new OnnxDirProvider(partial)).toThrow(/partial has no config\.json/);
    fs.copyFileSync(path.join(fixture, 'config.json'), path.join(partial, 'config.json'));
    expect(() => new OnnxDirProvider(partial)).toThrow(/partial has no tokenizer\.json/);
    fs.copyFileSync(path.join(fixture, 'tokenizer.json'), path.join(partial, 'tokenizer.json'));
    fs.copyFileSync(path.join(fixture, 'tokenizer_config.json'), path.join(partial, 'tokenizer_config.json'));
    expect(() => new OnnxDirProvider(partial)).toThrow(/partial has no onnx\/model\.onnx .*or model\.onnx/);
  });
});
