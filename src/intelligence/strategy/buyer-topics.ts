/**
 * What the buyer talks about, in the workspace's own words (issue 19, tenth pass): topics learned at training by
 * clustering the embeddings of the clauses of the workspace's notes, so that the policy sees wording nobody wrote a
 * rule or a concept for. The five fixed signals (deal-state.ts) name what a person expected buyers to raise; a
 * workspace whose buyers raise something else (a proposal asked for too early, a crowded field, a warm champion)
 * was invisible to the policy however it was phrased. Here the text is grouped without labels — which topic calls
 * for which action is left to what learns from outcomes (the world model, the real-outcome step, PPO), through each
 * topic's recency in the observation, next to the five signals.
 *
 * Clauses are the meaning reader's (buyer-meaning.ts: names and numbers blanked, each embedded once and cached);
 * each distinct clause counts once, so a stock phrase written in every note does not take the clusters from the rarer
 * things buyers say. Spherical k-means (cosine), k-means++ seeding from the training's seed, a fixed number of
 * passes: the same clauses and seed give the same topics. A clause belongs to its nearest topic when it is at least
 * as near as the members nearest their own topic's edge (the 5th percentile of members' cosines); a clause unlike
 * any topic reads as none.
 */
import { mulberry32 } from '../scoring/learn/rng.js';
import { clauseVectorOf, clausesOf, dot, normaliseClause, unit } from './buyer-meaning.js';

/** Topics per workspace: a fixed count, so that the observation has one size (deal-state.ts observationSizeFor). */
export const TOPIC_COUNT = 16;
/** At most this many distinct clauses are clustered (a seeded sample beyond): k-means stays within a second or two. */
const MAX_CLUSTERED = 4000;
const PASSES = 20;
/** A topic must hold at least this many distinct clauses to be kept (fewer: an outlier's topic reads nothing). */
const MIN_MEMBERS = 2;

export interface TopicModelJson {
  kind: 'buyer-topics';
  /** The embedding model the centroids are in (another model's vectors are not comparable). */
  model: string | null;
  minCosine: number;
  /** Unit centroids, rounded to 4 decimals. */
  centroids: number[][];
}

/** Reads the topics of a note (their indices below TOPIC_COUNT). */
export interface TopicReading {
  readonly active: boolean;
  topicsOf(text: string): readonly number[];
}

export class TopicModel implements TopicReading {
  private readonly byClause = new Map<string, number>();
  private readonly byText = new Map<string, number[]>();

  constructor(
    readonly centroids: readonly Float32Array[],
    readonly minCosine: number,
    readonly model: string | null,
  ) {}

  static empty(): TopicModel {
    return new TopicModel([], 1, null);
  }

  get active(): boolean {
    return this.centroids.length > 0;
  }

  /** The topic of one normalised clause (-1: none, or its vector was never prepared). */
  topicOfClause(key: string): number {
    const hit = this.byClause.get(key);
    if (hit !== undefined) return hit;
    const v = clauseVectorOf(key);
    if (!v) return -1;
    const topic = nearest(v, this.centroids, this.minCosine);
    if (this.byClause.size >= 200_000) this.byClause.clear();
    this.byClause.set(key, topic);
    return topic;
  }

  /** The topics a note's clauses read as (sorted, each once); a clause never prepared reads as none. */
  topicsOf(text: string): readonly number[] {
    if (!this.active) return [];
    const hit = this.byText.get(text);
    if (hit) return hit;
    const found = new Set<number>();
    let complete = true;
    for (const c of clausesOf(text)) {
      const key = normaliseClause(c);
      if (!clauseVectorOf(key) && !this.byClause.has(key)) complete = false;
      const t = this.topicOfClause(key);
      if (t >= 0) found.add(t);
    }
    const out = [...found].sort((a, b) => a - b);
    if (complete) {
      if (this.byText.size >= 100_000) this.byText.clear();
      this.byText.set(text, out);
    }
    return out;
  }

  toJSON(): TopicModelJson {
    return { kind: 'buyer-topics', model: this.model, minCosine: round4(this.minCosine), centroids: this.centroids.map((c) => Array.from(c, round4)) };
  }

  /** A stored model; anything else (an older version without topics) reads as none. */
  static fromJSON(j: unknown): TopicModel {
    const t = j as Partial<TopicModelJson> | null | undefined;
    if (!t || t.kind !== 'buyer-topics' || !Array.isArray(t.centroids) || typeof t.minCosine !== 'number') return TopicModel.empty();
    return new TopicModel(t.centroids.slice(0, TOPIC_COUNT).map((c) => Float32Array.from(c)), t.minCosine, t.model ?? null);
  }
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

function nearest(v: Float32Array, centroids: readonly Float32Array[], minCosine: number): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let k = 0; k < centroids.length; k++) {
    const s = dot(v, centroids[k]!);
    if (s > bestScore) [best, bestScore] = [k, s];
  }
  return bestScore >= minCosine ? best : -1;
}

/**
 * Topics learned from these notes' clauses (those the meaning reader prepared; none prepared — no embedding
 * provider — gives no topics). Deterministic for the same notes and seed: the distinct clauses are sorted first.
 */
export function learnTopics(texts: Iterable<string>, seed: number, opts: { k?: number; model?: string | null } = {}): TopicModel {
  const k = Math.min(opts.k ?? TOPIC_COUNT, TOPIC_COUNT);
  const keys = new Set<string>();
  for (const t of texts) for (const c of clausesOf(t)) {
    const key = normaliseClause(c);
    if (key && clauseVectorOf(key)) keys.add(key);
  }
  const rng = mulberry32(seed);
  let sorted = [...keys].sort();
  if (sorted.length > MAX_CLUSTERED) {
    for (let i = 0; i < MAX_CLUSTERED; i++) {
      const j = i + Math.floor(rng() * (sorted.length - i));
      [sorted[i], sorted[j]] = [sorted[j]!, sorted[i]!];
    }
    sorted = sorted.slice(0, MAX_CLUSTERED).sort();
  }
  const vectors = sorted.map((key) => clauseVectorOf(key)!);
  // Few distinct clauses: fewer topics (one per MIN_MEMBERS clauses at most); fewer than two: none.
  const topics = Math.min(k, Math.floor(vectors.length / MIN_MEMBERS));
  return topics < 2 ? TopicModel.empty() : kMeans(vectors, topics, rng, opts.model ?? null);
}

/** Spherical k-means (k-means++ seeding) on unit vectors; topics with too few members are dropped. */
export function kMeans(vectors: readonly Float32Array[], k: number, rng: () => number, model: string | null = null): TopicModel {
  // k-means++: each next centre drawn with chance ∝ its distance (1 − cosine) to the nearest centre so far.
  const centres: Float32Array[] = [vectors[Math.floor(rng() * vectors.length)]!];
  const far = vectors.map((v) => 1 - dot(v, centres[0]!));
  while (centres.length < k) {
    const total = far.reduce((a, d) => a + Math.max(0, d), 0);
    let u = rng() * total;
    let pick = vectors.length - 1;
    for (let i = 0; i < vectors.length; i++) {
      u -= Math.max(0, far[i]!);
      if (u < 0) {
        pick = i;
        break;
      }
    }
    centres.push(vectors[pick]!);
    for (let i = 0; i < vectors.length; i++) far[i] = Math.min(far[i]!, 1 - dot(vectors[i]!, centres[centres.length - 1]!));
  }
  const member = new Int32Array(vectors.length).fill(-1);
  for (let pass = 0; pass < PASSES; pass++) {
    let moved = 0;
    for (let i = 0; i < vectors.length; i++) {
      const c = nearest(vectors[i]!, centres, -Infinity);
      if (c !== member[i]) [member[i], moved] = [c, moved + 1];
    }
    for (let c = 0; c < centres.length; c++) {
      const sum = new Float32Array(vectors[0]!.length);
      let n = 0;
      for (let i = 0; i < vectors.length; i++) if (member[i] === c) {
        const v = vectors[i]!;
        for (let d = 0; d < sum.length; d++) sum[d]! += v[d]!;
        n++;
      }
      if (n > 0) centres[c] = unit(sum);
    }
    if (moved === 0) break;
  }
  const sizes = centres.map((_, c) => member.reduce((n, m) => n + (m === c ? 1 : 0), 0));
  const kept = centres.filter((_, c) => sizes[c]! >= MIN_MEMBERS);
  // How near a member is to its topic at the least (5th percentile): the bar for a clause met later.
  const cosines = vectors.map((v, i) => (sizes[member[i]!]! >= MIN_MEMBERS ? dot(v, centres[member[i]!]!) : NaN)).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const minCosine = cosines.length ? cosines[Math.floor(cosines.length * 0.05)]! : 1;
  return new TopicModel(kept, minCosine, model);
}
