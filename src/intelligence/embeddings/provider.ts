/**
 * The one place semantic memory gets vectors from. Providers are swappable (USE lite by default, any local
 * ONNX sentence model, a deterministic hashing provider for tests); shards record `model` and `version`
 * so vectors from different models never mix.
 */
export interface EmbedOptions {
  /** `background` (the default): bulk embedding of records. `query`: a request is waiting for the answer. */
  priority?: 'query' | 'background';
}

export interface EmbeddingProvider {
  /** Stable model name stored with every vector, e.g. "use-lite". */
  readonly model: string;
  /** Bumped when the same model would produce different vectors (weights, tokenizer, text recipe). */
  readonly version: string;
  readonly dimensions: number;
  /**
   * One unit-length vector per text, in order. Empty input gives an empty array. `priority: 'query'` marks a text
   * someone is waiting for (a search, a question): a provider with a queue serves it before background work.
   */
  embed(texts: readonly string[], opts?: EmbedOptions): Promise<Float32Array[]>;
  /**
   * Optional: false while `embed` would first have to prepare something slow (use-static's token table, built from
   * USE once per installation). A caller that can do without this model for now (a query's second scale) asks first.
   */
  ready?(): boolean;
  /** Frees workers and model memory. */
  close(): Promise<void>;
}
