/**
 * The intelligence layer assembled on top of a CRM: semantic memory (embedding provider, durable embedding
 * queue and worker, in-process vector index kept in step with the database), "records like X" and semantic
 * search. The server and the CLI both build it here; nothing below reaches past the storage interfaces.
 */
import os from 'node:os';
import { DEFAULT_FIRST_PASS_THRESHOLD, DEFAULT_INTELLIGENCE_SETTINGS, type EmbeddingSettings, type IntelligenceSettings } from '../core/config.js';
import { toTimestamp } from '../core/clock.js';
import type { Crm } from '../crm/index.js';
import { createEmbeddingProvider, isStaticPool, type EmbeddingProvider } from './embeddings/index.js';
import { RelationGraph } from './graph/index.js';
import { EMBED_QUEUE, enqueueAll, REFINE_QUEUE, subscribeMemory } from './memory/embedding-queue.js';
import { EmbeddingWorker, type DutyCycleOptions } from './memory/embedding-worker.js';
import { SemanticSearchService } from './search/index.js';
import { SimilarityService } from './similarity/index.js';
import { EmbeddingMeaning, NaturalLanguageQueryService } from './nlq/index.js';
import { ScoringService } from './scoring/index.js';
import { subscribeReflection } from './learning/reflection.js';
import { retrainDecision, RetrainScheduler, type RetrainDecision, type Trainer } from './learning/retrain.js';
import { MemoryIndex } from './vectors/memory-index.js';
import { TwoScaleMemory, TwoScaleQueries, type SemanticMemory } from './vectors/two-scale-memory.js';
import { NextActionService, type LearnerOptions } from './decisions/index.js';

export interface IntelligenceOptions {
  /** Defaults to the provider the settings select (USE lite unless EMBEDDING_PROVIDER says otherwise). */
  provider?: EmbeddingProvider;
  /**
   * Two scales: the fast first-pass model (default: the one settings.embedding.firstPass names, if any). Given with
   * `provider`, tests run the two-scale memory on deterministic providers.
   */
  firstPassProvider?: EmbeddingProvider;
  /** As configured (delivery/config.ts); default: DEFAULT_INTELLIGENCE_SETTINGS. */
  settings?: IntelligenceSettings;
  /** Run an embedding worker in this process (default: settings.embedWorker, i.e. yes unless CRM_EMBED_WORKER=0). */
  worker?: boolean;
  /** The worker's duty cycle (default: on for a server's worker on SQLite, see EmbeddingWorkerOptions.dutyCycle). */
  dutyCycle?: DutyCycleOptions;
  /** How often the vector index looks for shards written by other processes, in ms. */
  pollMs?: number;
  log?: (message: string) => void;
  /** The next-best-action learner's options (default: DEFAULT_LEARNER_OPTIONS); the latency bench measures others. */
  nbaLearner?: LearnerOptions;
  /**
   * How this process retrains models when they are due (see learning/retrain.ts); servers pass a worker-thread
   * trainer. Without one, nothing is retrained in the background (`crm model train` still is).
   */
  trainer?: Trainer;
}

export interface Intelligence {
  provider: EmbeddingProvider;
  /** Two scales (EMBEDDING_FIRST_PASS): the fast model that embeds large backlogs first. */
  firstPassProvider: EmbeddingProvider | undefined;
  /** One MemoryIndex, or with a first pass a TwoScaleMemory over the main and the fast model's indexes. */
  memory: SemanticMemory;
  worker: EmbeddingWorker;
  similarity: SimilarityService;
  search: SemanticSearchService;
  graph: RelationGraph;
  /** Natural-language queries: POST /api/query, `crm query`. */
  nlq: NaturalLanguageQueryService;
  /** Learned deal and lead scores: training, evaluation, scoring (GET /api/deals/{id}/score, `crm model`). */
  scoring: ScoringService;
  /** Retrains models when the outcome log or the schedule says so (when a trainer was given). */
  retrain: RetrainScheduler | undefined;
  /** Next-best action (issue 18): GET /api/contacts/{id}/next-action, `crm policy`. */
  nextAction: NextActionService;
  /** Whether a workspace's models are due for retraining under the configured policy, and why. */
  retrainStatus(ws: string): Promise<RetrainDecision>;
  /** Queues every record of a workspace for embedding (after a model change); returns how many. */
  queueAllForEmbedding(ws: string): Promise<number>;
  /** Embedding jobs ready to run now (all workspaces; with two scales, refine jobs included). */
  pendingEmbeddings(): Promise<number>;
  /**
   * Loads the vector index, subscribes to CRM writes (embedding queue, outcome log) and starts the background
   * worker, polling and retraining.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Nice value of a server's embedding threads (Linux, per thread): background embedding yields to requests. */
export const SERVER_EMBEDDING_NICENESS = 10;

/**
 * How a server that embeds in the background runs USE lite: it leaves one core to answer requests, its embedding
 * threads run at a lower priority (nice 10) so requests win the cores when both want them, and a question's own
 * text (a search, a persona query) is embedded by one more thread at the requests' priority, started on the first
 * such question, so it waits neither behind an import's batches nor at nice 10 (`EMBEDDING_QUERY_THREAD=false`
 * saves that thread's memory: questions then go first in the pool's queue). Measured in docs/embeddings.md §8.
 */
export function serverEmbeddingDefaults(embedding: Pick<EmbeddingSettings, 'queryThread'> = {}): { workers: number; niceness: number; queryWorker: boolean } {
  return { workers: Math.max(1, os.availableParallelism() - 1), niceness: SERVER_EMBEDDING_NICENESS, queryWorker: embedding.queryThread ?? true };
}

export function createIntelligence(crm: Crm, opts: IntelligenceOptions = {}): Intelligence {
  const settings = opts.settings ?? DEFAULT_INTELLIGENCE_SETTINGS;
  const runWorker = opts.worker ?? settings.embedWorker;
  // `crm embed` and `crm worker` use every core at normal priority.
  const provider = opts.provider ?? createEmbeddingProvider(settings.embedding, runWorker ? serverEmbeddingDefaults(settings.embedding) : {});
  // The first pass's texts run in USE lite's worker pool (niced, one core left to requests in a server), not on this
  // thread: a bulk import's first pass held a server's event loop (docs/embeddings.md, "off the main thread").
  const firstPassProvider =
    opts.firstPassProvider ??
    (settings.embedding.firstPass
      ? createEmbeddingProvider({ provider: settings.embedding.firstPass, cacheDir: settings.embedding.cacheDir }, { staticPool: isStaticPool(provider) ? provider : undefined })
      : undefined);
  const mainMemory = new MemoryIndex(crm.storage, provider.model, { clock: crm.clock });
  const memory: SemanticMemory = firstPassProvider
    ? new TwoScaleMemory(mainMemory, new MemoryIndex(crm.storage, firstPassProvider.model, { clock: crm.clock }), provider.dimensions, firstPassProvider.dimensions)
    : mainMemory;
  // Searches embed their query with both models when there are two scales.
  const queries = firstPassProvider ? new TwoScaleQueries(provider, firstPassProvider) : provider;
  const worker = new EmbeddingWorker({
    storage: crm.storage,
    provider,
    clock: crm.clock,
    // A server's worker on SQLite runs its batches' queries on the thread that answers requests: it pauses after each
    // batch in proportion to what the batch held, longer while requests keep the loop busy (docs/embeddings.md,
    // "duty cycle"). PostgreSQL's driver does not hold the loop; `crm worker` and `crm embed` serve no requests.
    dutyCycle: opts.dutyCycle ?? (runWorker && crm.storage.dialect === 'sqlite' ? {} : undefined),
    firstPass: firstPassProvider ? { provider: firstPassProvider, threshold: settings.embedding.firstPassThreshold ?? DEFAULT_FIRST_PASS_THRESHOLD } : undefined,
  });
  let unsubscribe: (() => void) | undefined;
  let unsubscribeReflection: (() => void) | undefined;
  let unsubscribeNextAction: (() => void) | undefined;
  const nextAction = new NextActionService(crm.storage, crm.clock, opts.nbaLearner ? { learner: opts.nbaLearner } : {});
  const similarity = new SimilarityService(crm.storage, memory);
  const search = new SemanticSearchService(crm.storage, memory, queries, settings);
  const scoring = new ScoringService(crm.storage, crm.clock, settings);
  const retrain = opts.trainer
    ? new RetrainScheduler({ storage: crm.storage, clock: crm.clock, policy: settings.retrain, train: opts.trainer, log: opts.log })
    : undefined;
  return {
    provider,
    firstPassProvider,
    memory,
    worker,
    similarity,
    search,
    graph: new RelationGraph(crm.storage),
    nlq: new NaturalLanguageQueryService(crm.storage, crm.clock, similarity, search, scoring, new EmbeddingMeaning(provider)),
    scoring,
    retrain,
    nextAction,
    retrainStatus: (ws) => retrainDecision(crm.storage, ws, settings.retrain, crm.clock.now()),
    queueAllForEmbedding: (ws) => enqueueAll(crm.storage, ws, toTimestamp(crm.clock.now())),
    pendingEmbeddings: async () => {
      const now = toTimestamp(crm.clock.now());
      const embed = (await crm.storage.jobs.stats(EMBED_QUEUE, now)).ready;
      return firstPassProvider ? embed + (await crm.storage.jobs.stats(REFINE_QUEUE, now)).ready : embed;
    },
    async start() {
      unsubscribeReflection ??= subscribeReflection(crm, scoring);
      unsubscribeNextAction ??= nextAction.subscribe(crm);
      // Subscribe first: a write that lands while the index loads is still queued and picked up by polling.
      unsubscribe ??= subscribeMemory(crm);
      await memory.load();
      memory.startPolling(opts.pollMs ?? 1000);
      if (runWorker) worker.start();
      retrain?.start();
      const scales = firstPassProvider ? ` with a ${firstPassProvider.model} first pass` : '';
      opts.log?.(`semantic memory: ${provider.model} (${provider.dimensions}-d)${scales}, ${memory.stats().vectors} vectors loaded${runWorker ? ', embedding worker running' : ''}`);
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      unsubscribeReflection?.();
      unsubscribeReflection = undefined;
      unsubscribeNextAction?.();
      unsubscribeNextAction = undefined;
      await nextAction.flushAll();
      await retrain?.stop();
      memory.stop();
      await worker.stop();
      await provider.close();
      await firstPassProvider?.close();
    },
  };
}
