/** The hashing provider, counting the texts it is asked to embed: tests check what reached the model. */
import { HashingProvider } from '../../src/intelligence/embeddings/index.js';

export class CountingProvider extends HashingProvider {
  texts: string[] = [];
  override async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.texts.push(...texts);
    return super.embed(texts);
  }
}
