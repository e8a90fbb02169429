/**
 * The settings the layers below delivery are handed. They are read from the environment and validated once, at
 * start, by delivery/config.ts; nothing below it reads `process.env`.
 */

export type EmbeddingProviderName = 'use' | 'use-static' | 'onnx' | 'hashing';

export interface EmbeddingSettings {
  /** use (Universal Sentence Encoder lite, the default), use-static (its distilled token table), onnx (a local model directory) or hashing. */
  provider: EmbeddingProviderName;
  /** Where a provider may keep files it derives once (use-static's token table); unset: rebuilt each start. */
  cacheDir?: string;
  /** The local transformers.js/ONNX model directory the onnx provider loads. */
  modelDir?: string;
  /** USE lite's worker threads; unset: the caller's default (one per core). */
  workers?: number;
  /**
   * A server that embeds in the background also runs one USE lite thread at normal priority for questions' own
   * texts (~260 MB once the first question is asked); false: questions go first in the niced pool's queue instead.
   * Unset: on.
   */
  queryThread?: boolean;
  /**
   * Two scales: a batch claimed from a backlog above `firstPassThreshold` jobs is embedded first with this fast
   * model and refined later with `provider` (docs/embeddings.md, "Two-scale embedding"). Unset here: off; the
   * delivery config (src/delivery/config.ts) sets it beside USE lite unless `EMBEDDING_FIRST_PASS=off`.
   */
  firstPass?: 'use-static';
  /** Jobs waiting in the embedding queue above which a batch takes the first pass; default 1,000. */
  firstPassThreshold?: number;
}

export const DEFAULT_FIRST_PASS_THRESHOLD = 1000;

export interface RetrainPolicy {
  /** Retrain after this many new outcomes; 0 turns it off. */
  afterOutcomes: number;
  /** Retrain when the last training is older than this (ms) and there are new outcomes; 0 turns it off. */
  everyMs: number;
}

export interface IntelligenceSettings {
  embedding: EmbeddingSettings;
  /** A server embeds in the background unless told not to (then `crm worker` processes do it). */
  embedWorker: boolean;
  /** Worker threads a retrain spreads its fits over (0 or 1: this thread); unset: one per core up to four. */
  trainWorkers?: number;
  retrain: RetrainPolicy;
  /** Semantic search over contacts: how much the persona (role family) of the best matches lifts a result. */
  personaWeight: number;
  /** …and how many of the best matches tell which persona a topic belongs to. */
  personaSample: number;
}

export const DEFAULT_INTELLIGENCE_SETTINGS: IntelligenceSettings = {
  embedding: { provider: 'use' },
  embedWorker: true,
  retrain: { afterOutcomes: 50, everyMs: 24 * 3_600_000 },
  personaWeight: 0.3,
  personaSample: 30,
};

export interface CrmSettings {
  /** Log how long each phase of an imported file took (stderr), to see where an import's time goes. */
  importTiming: boolean;
}

export const DEFAULT_CRM_SETTINGS: CrmSettings = { importTiming: false };
