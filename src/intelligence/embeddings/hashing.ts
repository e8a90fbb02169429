/**
 * A dependency-free provider: signed feature hashing of word unigrams and bigrams. It knows no synonyms, so
 * it is a fallback (and the deterministic provider tests use), not a substitute for a sentence model.
 */
import { createHash } from 'node:crypto';
import { foldText } from '../../core/normalize.js';
import type { EmbeddingProvider } from './provider.js';

export class HashingProvider implements EmbeddingProvider {
  readonly model: string;
  readonly version = '1';

  constructor(readonly dimensions = 256) {
    this.model = `hashing-${dimensions}`;
  }

  private bucket(feature: string): [number, number] {
    const h = createHash('md5').update(feature).digest();
    return [h.readUInt32LE(0) % this.dimensions, h[4]! & 1 ? 1 : -1];
  }

  embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dimensions);
    const words = foldText(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
    const features = [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)];
    // A text without words still gets a unit vector (the interface promises one), the same for all of them.
    if (features.length === 0) features.push('\u0000');
    for (const f of features) {
      const [i, sign] = this.bucket(f);
      v[i] = v[i]! + sign;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
    return v;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }

  async close(): Promise<void> {}
}
