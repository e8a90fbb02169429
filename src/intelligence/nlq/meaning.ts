/**
 * Phrases the lexicon does not list, matched by meaning: the embedding provider compares a phrase with the
 * sentence describing each concept (lexicon/descriptions.ts) and answers with the nearest one, or abstains
 * when none is near enough or two different concepts are about as near. The descriptions' vectors are computed
 * once per provider; phrases' vectors are kept in a small cache, so a repeated query costs no model call.
 */
import type { EmbeddingProvider, EmbedOptions } from '../embeddings/provider.js';
import { CONCEPT_DESCRIPTIONS, descriptionTexts, idiomTexts, type ConceptDescription, type ConceptTarget } from '../lexicon/descriptions.js';
import { dot } from '../vectors/top-k.js';

/** Which kinds of concept a phrase may be matched to (a responsibility is a function, never an industry). */
export type ConceptKind = ConceptTarget['kind'];

export interface MeaningHit {
  concept: ConceptDescription;
  /** Cosine similarity of the phrase and the concept's description. */
  score: number;
}

/** What the parser asks of meaning: the nearest concept of each phrase, or none. */
export interface MeaningReader {
  nearest(phrases: readonly string[], kinds?: readonly ConceptKind[], only?: NearestOnly): Promise<Map<string, MeaningHit>>;
  /** Prepares what every lookup needs (the descriptions' vectors), so no query waits for it. */
  warm?(): Promise<unknown>;
  /** Unit vectors of texts (the provider's, through the phrase cache): persona queries rank notes' sentences with them. */
  embed?(texts: readonly string[], opts?: EmbedOptions): Promise<Float32Array[]>;
}

/**
 * Where the grammar already says what kind of thing a phrase is: `accept` narrows the concepts, `threshold` may be
 * lower, and `idioms` also compares the concepts' idioms and the concepts read only there (descriptions.ts).
 */
export interface NearestOnly {
  accept: (c: ConceptDescription) => boolean;
  threshold?: number;
  idioms?: boolean;
}

export interface EmbeddingMeaningOptions {
  /** Least cosine that counts as a match. */
  threshold?: number;
  /** Least lead over the nearest concept of another target: closer calls abstain. */
  margin?: number;
  descriptions?: readonly ConceptDescription[];
  /** Phrase vectors kept. */
  cacheSize?: number;
}

/**
 * Scores are a phrase's best cosine over a description and its parts. With USE lite, phrases of the same meaning
 * land at 0.65–1 ("carmakers" → automotive 0.85, "top brass" → C-level 0.87) and unrelated words at 0.45–0.6
 * ("stalled" 0.60, "berlin" 0.55); 0.65 with a 0.04 lead was chosen on phrases outside every benchmark file.
 */
export const DEFAULT_THRESHOLD = 0.65;
export const DEFAULT_MARGIN = 0.04;

export class EmbeddingMeaning implements MeaningReader {
  /** Every text of every description, and whose it is. */
  private descriptionVectors: Promise<{ owner: number; v: Float32Array; idiom: boolean }[]> | undefined;
  private readonly cache = new Map<string, Float32Array>();
  private readonly threshold: number;
  private readonly margin: number;
  private readonly descriptions: readonly ConceptDescription[];
  private readonly cacheSize: number;

  constructor(
    private readonly provider: EmbeddingProvider,
    opts: EmbeddingMeaningOptions = {},
  ) {
    this.threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    this.margin = opts.margin ?? DEFAULT_MARGIN;
    this.descriptions = opts.descriptions ?? CONCEPT_DESCRIPTIONS;
    this.cacheSize = opts.cacheSize ?? 2000;
  }

  /** Embeds the descriptions now (a server calls it at start so the first query does not wait). */
  warm(): Promise<{ owner: number; v: Float32Array; idiom: boolean }[]> {
    const texts = this.descriptions.flatMap((d, owner) => [
      ...descriptionTexts(d).map((text) => ({ owner, text, idiom: false })),
      ...idiomTexts(d).map((text) => ({ owner, text, idiom: true })),
    ]);
    this.descriptionVectors ??= this.provider
      .embed(texts.map((t) => t.text))
      .then((vs) => vs.map((v, i) => ({ owner: texts[i]!.owner, v, idiom: texts[i]!.idiom })))
      .catch((e: unknown) => {
        this.descriptionVectors = undefined;
        throw e;
      });
    return this.descriptionVectors;
  }

  /**
   * `only` narrows the concepts further (a source clause: lead sources only) and may lower the threshold: where the
   * grammar already says what kind of thing the phrase is, the nearest of a few is a fair reading.
   */
  async nearest(phrases: readonly string[], kinds?: readonly ConceptKind[], only?: NearestOnly): Promise<Map<string, MeaningHit>> {
    const out = new Map<string, MeaningHit>();
    if (phrases.length === 0) return out;
    const described = await this.warm();
    const missing = [...new Set(phrases.map((p) => p.toLowerCase()))].filter((p) => !this.cache.has(p));
    if (missing.length > 0) {
      // Phrases of a question being parsed: someone is waiting.
      const vectors = await this.provider.embed(missing, { priority: 'query' });
      missing.forEach((p, i) => this.remember(p, vectors[i]!));
    }
    for (const phrase of phrases) {
      const v = this.cache.get(phrase.toLowerCase())!;
      const byConcept = new Array<number>(this.descriptions.length).fill(-1);
      const idioms = only?.idioms === true;
      for (const d of described) if (idioms || !d.idiom) byConcept[d.owner] = Math.max(byConcept[d.owner]!, dot(v, d.v));
      const scored = byConcept
        .map((score, i) => ({ concept: this.descriptions[i]!, score }))
        .filter((x) => (idioms || !x.concept.clauseOnly) && (!kinds || kinds.includes(x.concept.target.kind)) && (!only || only.accept(x.concept)))
        .sort((a, b) => b.score - a.score);
      const best = scored[0];
      if (!best || best.score < (only?.threshold ?? this.threshold)) continue;
      // Two concepts about as near: the phrase is ambiguous, and a wrong filter is worse than none.
      const rival = scored[1];
      if (rival && best.score - rival.score < this.margin) continue;
      out.set(phrase, { concept: best.concept, score: Math.round(best.score * 100) / 100 });
    }
    return out;
  }

  async embed(texts: readonly string[], opts?: EmbedOptions): Promise<Float32Array[]> {
    // Short texts (query phrases) go through the cache; a batch of many (notes' sentences) straight to the provider.
    if (texts.length > 8) return this.provider.embed([...texts], opts);
    const missing = [...new Set(texts.map((t) => t.toLowerCase()))].filter((t) => !this.cache.has(t));
    if (missing.length > 0) {
      const vectors = await this.provider.embed(missing, opts);
      missing.forEach((t, i) => this.remember(t, vectors[i]!));
    }
    return texts.map((t) => this.cache.get(t.toLowerCase()) ?? new Float32Array(0));
  }

  private remember(phrase: string, v: Float32Array): void {
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(phrase, v);
  }
}

