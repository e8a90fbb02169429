/**
 * The learned reader (issue 19): which words in the buyer's recent notes make an action pay off, learned from the
 * workspace's own outcomes — so a wording nobody wrote rules for is read once the deals have shown what it means.
 *
 * A note becomes hashed features: its words lower-cased and lemmatised (wink-lemmatizer), a capitalised word inside
 * a sentence replaced by `<name>` (a person, a product, a rival: the words around it carry the meaning), unigrams
 * and bigrams, common function words dropped from the unigrams. For each action that answers one concern — a
 * discount answers a price objection, an executive sponsor a missing decision maker — a two-arm logistic model of
 * "the deal was won" is fitted on the closed logged weeks: stage + words (shared) + [this action taken] × (1 +
 * words). The words' part of the second arm is the action's *uplift* given the text. A note whose words lift the
 * action's win chance enough (the uplift of its words above UPLIFT_MIN on the logit scale, and the action's total
 * effect there positive) raises that concern's signal, exactly as the phrase lexicon would. Exploration (20 % of
 * exploring answers are uniform) is what puts each action after each kind of note often enough; until an action
 * was taken WITH_ACTION_MIN times in closed logged weeks, it learns nothing (conservative by design).
 *
 * Pure and seeded; the reader is stored with the policy version (deal-strategy.service.ts) and used by every
 * policy's state from then on.
 */
import lemmatizer from 'wink-lemmatizer';
import { toTimestamp } from '../../core/clock.js';
import type { DealHistory } from '../../storage/index.js';
import type { DealSignal } from './deal-state.js';

const BUCKETS = 1 << 15;
/** Weeks and text before a step that are read as "what the buyer said lately". */
const WINDOW_DAYS = 10;
const DAY_MS = 86_400_000;
/** The action's total effect must be at least this (logit) and the words' part of it at least UPLIFT_MIN. */
const EFFECT_MIN = 0.25;
const UPLIFT_MIN = 0.6;
/** Closed logged weeks with the action taken before its part is fitted at all. */
const WITH_ACTION_MIN = 40;
/** A word's uplift is kept only when it was seen with the action taken this often. */
const WORD_SUPPORT = 4;

/** Which concern each answering action reads (the catalog's keys). */
export const ANSWERS: readonly { action: string; signal: DealSignal }[] = [
  { action: 'discount', signal: 'price_objection' },
  { action: 'escalate', signal: 'missing_decision_maker' },
];

const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'to', 'of', 'for', 'with', 'on', 'in', 'at', 'by', 'from', 'is', 'are', 'was', 'were', 'be', 'been', 'it', 'this', 'that', 'they', 'we', 'he', 'she', 'i', 'you', 'their', 'our', 'us', 'them', 'his', 'her', 'its', 'as', 'so', 'if', 'about', 'said', 'say', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'do', 'did', 'does', 'just', 'also', 'very', 'some', 'any', 'all', 'there', 'what', 'which', 'who']);

function lemma(w: string): string {
  if (w.length <= 3) return w;
  if (/(?:ed|ing)$/.test(w)) return lemmatizer.verb(w);
  if (w.endsWith('s')) return lemmatizer.noun(w);
  return w;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) % BUCKETS;
}

const featureCache = new Map<string, Int32Array>();
const FEATURE_CACHE_MAX = 50_000;

/** A text's hashed features (unique, sorted); cached by text (notes are read many times: every state, every training). */
export function textFeatures(text: string): Int32Array {
  const hit = featureCache.get(text);
  if (hit) return hit;
  const tokens: string[] = [];
  for (const sentence of text.split(/(?<=[.!?;:])\s+|\n+/)) {
    let first = true;
    for (const m of sentence.matchAll(/[A-Za-z][A-Za-z'’-]*/g)) {
      const raw = m[0].replace(/['’]/g, '');
      tokens.push(!first && /^[A-Z][a-z]/.test(raw) ? '<name>' : lemma(raw.toLowerCase()));
      first = false;
    }
    tokens.push('|');
  }
  const set = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '|') continue;
    if (!STOP.has(t)) set.add(hash(t));
    const next = tokens[i + 1];
    if (next && next !== '|') set.add(hash(`${t} ${next}`));
  }
  const out = Int32Array.from([...set].sort((a, b) => a - b));
  if (featureCache.size >= FEATURE_CACHE_MAX) featureCache.delete(featureCache.keys().next().value!);
  featureCache.set(text, out);
  return out;
}

export interface LearnedReaderJson {
  kind: 'deal-text-reader';
  targets: { action: string; signal: DealSignal; effect: number; weights: [number, number][]; treated: number; samples: number }[];
}

/** One closed logged week for the fit: its stage, the words read in the days before it, the action, the final outcome. */
export interface ReaderSample {
  stage: number;
  features: Int32Array;
  action: string;
  won: boolean;
  /** The logged probability of the action taken (an exploring answer's mixture), when known: the doubly robust cues use it. */
  propensity?: number | null;
  /** The actions that were allowed that week (an action not allowed had no chance to be taken): the doubly robust cues use it. */
  allowed?: readonly string[];
  /** The deal the week belongs to (the doubly robust cues' null fit shuffles outcomes between whole deals). */
  deal?: string | number;
}

export class LearnedReader {
  private readonly weights: { action: string; signal: DealSignal; effect: number; w: Map<number, number> }[];

  constructor(readonly json: LearnedReaderJson) {
    this.weights = json.targets.map((t) => ({ action: t.action, signal: t.signal, effect: t.effect, w: new Map(t.weights) }));
  }

  /** Whether it reads anything at all (an empty reader changes no state). */
  get active(): boolean {
    return this.weights.some((t) => t.w.size > 0);
  }

  /** The concerns a note raises by the learned words. */
  read(text: string): DealSignal[] {
    if (!this.active) return [];
    const f = textFeatures(text);
    const out: DealSignal[] = [];
    for (const t of this.weights) {
      let uplift = 0;
      for (const k of f) uplift += t.w.get(k) ?? 0;
      if (uplift >= UPLIFT_MIN && t.effect + uplift >= EFFECT_MIN) out.push(t.signal);
    }
    return out;
  }

  /** The uplift of each answering action the words of a text carry (for the tests and the docs). */
  uplifts(text: string): Record<string, number> {
    const f = textFeatures(text);
    const out: Record<string, number> = {};
    for (const t of this.weights) {
      let u = 0;
      for (const k of f) u += t.w.get(k) ?? 0;
      out[t.action] = Math.round(u * 1000) / 1000;
    }
    return out;
  }

  toJSON(): LearnedReaderJson {
    return this.json;
  }

  static fromJSON(j: unknown): LearnedReader | null {
    const x = j as LearnedReaderJson | undefined;
    return x && x.kind === 'deal-text-reader' && Array.isArray(x.targets) ? new LearnedReader(x) : null;
  }

  /**
   * Fits the reader on closed logged weeks (see the module comment). Two-arm logistic regression by Adagrad over
   * sparse features with L2 (the words' uplift more strongly than their shared part: it must be earned).
   */
  static fit(samples: readonly ReaderSample[], catalog: readonly string[], opts: { epochs?: number; seed?: number } = {}): LearnedReader {
    const targets: LearnedReaderJson['targets'] = [];
    for (const { action, signal } of ANSWERS) {
      if (!catalog.includes(action)) continue;
      const treated = samples.filter((s) => s.action === action).length;
      if (treated < WITH_ACTION_MIN) {
        targets.push({ action, signal, effect: 0, weights: [], treated, samples: samples.length });
        continue;
      }
      const { effect, uplift, support } = fitTwoArm(samples, action, opts.epochs ?? 12, opts.seed ?? 1);
      const weights: [number, number][] = [];
      for (const [k, v] of uplift) if ((support.get(k) ?? 0) >= WORD_SUPPORT && Math.abs(v) >= 0.02) weights.push([k, Math.round(v * 1e4) / 1e4]);
      targets.push({ action, signal, effect: Math.round(effect * 1e4) / 1e4, weights, treated, samples: samples.length });
    }
    return new LearnedReader({ kind: 'deal-text-reader', targets });
  }
}

function fitTwoArm(samples: readonly ReaderSample[], action: string, epochs: number, seed: number, l2Uplift = 4) {
  const shared = new Float64Array(BUCKETS);
  const uplift = new Float64Array(BUCKETS);
  const g2Shared = new Float64Array(BUCKETS).fill(1e-8);
  const g2Uplift = new Float64Array(BUCKETS).fill(1e-8);
  const stage = new Float64Array(8);
  let effect = 0;
  let gEffect = 1e-8;
  const g2Stage = new Float64Array(8).fill(1e-8);
  const support = new Map<number, number>();
  const seen = new Float64Array(BUCKETS);
  for (const s of samples) for (const k of s.features) seen[k]!++;
  for (const s of samples) if (s.action === action) for (const k of s.features) support.set(k, (support.get(k) ?? 0) + 1);
  const lr = 0.1;
  // L2 on the whole objective, spread over a weight's visits (λ / visits each time): a word's weight grows with the
  // weeks that back it. The uplift's prior is tighter: it must be earned by weeks with the action taken.
  const l2Shared = 1;
  let r = seed >>> 0 || 1;
  const rand = () => ((r = (Math.imul(r ^ (r >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 4294967296);
  const order = samples.map((_, i) => i);
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const s = samples[i]!;
      const t = s.action === action ? 1 : 0;
      let z = stage[s.stage]! + t * effect;
      for (const k of s.features) z += shared[k]! + t * uplift[k]!;
      const g = 1 / (1 + Math.exp(-z)) - (s.won ? 1 : 0);
      g2Stage[s.stage]! += g * g;
      stage[s.stage]! -= (lr * g) / Math.sqrt(g2Stage[s.stage]!);
      for (const k of s.features) {
        const gs = g + (l2Shared * shared[k]!) / seen[k]!;
        g2Shared[k]! += gs * gs;
        shared[k]! -= (lr * gs) / Math.sqrt(g2Shared[k]!);
        if (t) {
          const gu = g + (l2Uplift * uplift[k]!) / support.get(k)!;
          g2Uplift[k]! += gu * gu;
          uplift[k]! -= (lr * gu) / Math.sqrt(g2Uplift[k]!);
        }
      }
      if (t) {
        gEffect += g * g;
        effect -= (lr * g) / Math.sqrt(gEffect);
      }
    }
  }
  const up = new Map<number, number>();
  for (let k = 0; k < BUCKETS; k++) if (uplift[k] !== 0) up.set(k, uplift[k]!);
  return { effect, uplift: up, support };
}

/** The text of a deal's activities in the days up to `asOf` (what the buyer said lately), for the fit. */
export function recentText(h: DealHistory, asOf: string): string {
  const from = toTimestamp(new Date(Date.parse(asOf) - WINDOW_DAYS * DAY_MS));
  return h.activities
    .filter((a) => a.occurred_at <= asOf && a.occurred_at > from)
    .map((a) => `${a.subject ?? ''}. ${a.body ?? ''}`)
    .join('\n');
}

/**
 * Per-action uplift cues (eleventh pass): the learned reader's reading widened to **every** action of the catalog.
 * For each action a, the same two-arm logistic model as above ("the deal was won" on closed logged weeks: stage +
 * the words of the last days shared + [a taken] × (1 + words)) gives each word's uplift for a against the other
 * actions — which words in what the buyer said lately precede a won deal after a. A note whose words lift a by at
 * least CUE_MIN on the logit scale raises the cue "the words favour a" (a push that hurts shows as "the words favour
 * wait"; cues of disfavour, at −CUE_MIN, were tried and dropped: on synthetic weeks whose outcomes do not depend on
 * the words, chance uplifts below −0.75 appeared, above +0.75 none). Shrinkage: L2 spread over each word's visits (32 on the uplift, the reader's 4: eight actions fitted give more
 * chances of a wording lifted by chance), a word kept only when seen with a taken WORD_SUPPORT times, nothing for an
 * action taken in fewer than WITH_ACTION_MIN closed logged weeks. CUE_MIN 0.75 (e.g. 25 % → 41 %): on synthetic
 * weeks whose outcomes do not depend on the words (the tests), chance uplifts reached ±0.6–0.8 at L2 16 and 0.5–0.6
 * at 32, true ones of 1.1 on the logit scale 0.8–1.6 — a narrow margin at ~750 weeks per action.
 *
 * The cues take the learned topics' slots (buyer-topics.ts TOPIC_COUNT: one per action, the catalog's first
 * sixteen), so they reach every learner through the topics' machinery with no new observation size: the state
 * carries the days since each cue was last read (as of the moment, notes at or before it), the reflection buffer
 * re-reads trajectories with them (`withTopics`), the world model predicts which cues follow an action, PPO and the
 * real-outcome step read their recency. Used only when the version has no topics (they own the slots then).
 * Learned once (the first training whose fit has an action with words) and kept by every later version, as the
 * topics are, so the version in use, the challenger and new candidates read the same cues.
 */
export const CUE_MIN = 0.75;
/** The uplift's L2 (spread over a word's visits with the action) for the cues: stronger than the reader's 4 — every action is fitted, so more chances of a word lifted by chance. */
const CUE_L2 = 32;

export interface UpliftCuesJson {
  kind: 'deal-uplift-cues';
  /** 'dr': the doubly robust per-week advantage (fitDoublyRobust), thresholds from a null fit; absent: the two-arm logistic uplift, threshold CUE_MIN. */
  estimator?: 'dr';
  /** threshold: the score a note must reach to raise the action's cue (dr: the null fit's; absent: CUE_MIN). */
  actions: { action: string; treated: number; effect: number; weights: [number, number][]; threshold?: number }[];
}

export class UpliftCues {
  private readonly weights: Map<number, number>[];
  private readonly thresholds: number[];
  private readonly byText = new Map<string, number[]>();

  constructor(readonly json: UpliftCuesJson) {
    this.weights = json.actions.map((a) => new Map(a.weights));
    this.thresholds = json.actions.map((a) => (typeof a.threshold === 'number' && a.threshold > 0 ? a.threshold : CUE_MIN));
  }

  static empty(): UpliftCues {
    return new UpliftCues({ kind: 'deal-uplift-cues', actions: [] });
  }

  get active(): boolean {
    return this.weights.some((w) => w.size > 0);
  }

  /** The actions the cues were learned for, in slot order (slot i: the words favour action i). */
  get actions(): string[] {
    return this.json.actions.map((a) => a.action);
  }

  /** Each action's uplift (logit) from the words of a text. */
  uplifts(text: string): Record<string, number> {
    const f = textFeatures(text);
    const out: Record<string, number> = {};
    this.json.actions.forEach((a, i) => {
      let u = 0;
      for (const k of f) u += this.weights[i]!.get(k) ?? 0;
      out[a.action] = Math.round(u * 1000) / 1000;
    });
    return out;
  }

  /** The cue slots a note raises (the topics' interface: buyer-topics.ts TopicReading). */
  topicsOf(text: string): readonly number[] {
    if (!this.active) return [];
    const hit = this.byText.get(text);
    if (hit) return hit;
    const f = textFeatures(text);
    const out: number[] = [];
    this.weights.forEach((w, i) => {
      if (w.size === 0) return;
      let u = 0;
      for (const k of f) u += w.get(k) ?? 0;
      if (u >= this.thresholds[i]!) out.push(i);
    });
    if (this.byText.size >= FEATURE_CACHE_MAX) this.byText.delete(this.byText.keys().next().value!);
    this.byText.set(text, out);
    return out;
  }

  toJSON(): UpliftCuesJson {
    return this.json;
  }

  static fromJSON(j: unknown): UpliftCues {
    const x = j as UpliftCuesJson | undefined;
    return x && x.kind === 'deal-uplift-cues' && Array.isArray(x.actions) ? new UpliftCues(x) : UpliftCues.empty();
  }

  /** Fits each of the catalog's first `slots` actions' uplift on the closed logged weeks (see above). */
  static fit(samples: readonly ReaderSample[], catalog: readonly string[], opts: { epochs?: number; seed?: number; slots: number; l2?: number }): UpliftCues {
    const actions: UpliftCuesJson['actions'] = [];
    for (const action of catalog.slice(0, opts.slots)) {
      const treated = samples.filter((s) => s.action === action).length;
      if (treated < WITH_ACTION_MIN || treated === samples.length) {
        actions.push({ action, treated, effect: 0, weights: [] });
        continue;
      }
      const { effect, uplift, support } = fitTwoArm(samples, action, opts.epochs ?? 12, opts.seed ?? 1, opts.l2 ?? CUE_L2);
      const weights: [number, number][] = [];
      for (const [k, v] of uplift) if ((support.get(k) ?? 0) >= WORD_SUPPORT && Math.abs(v) >= 0.02) weights.push([k, Math.round(v * 1e4) / 1e4]);
      actions.push({ action, treated, effect: Math.round(effect * 1e4) / 1e4, weights });
    }
    return new UpliftCues({ kind: 'deal-uplift-cues', actions });
  }

  /**
   * The doubly robust cues (twelfth pass): for each action a, each exploring week's advantage of a — the
   * transformed outcome Γ = (Y − V̂(s)) × (1[a taken] / p − 1), with p the logged probability of the action taken
   * and V̂ the chance of a win from the stage and the words (a logistic fit, cross-fitted over two halves of the
   * deals) — has expectation Q(s, a) − V(s) whatever V̂ is, as long as a could be taken that week (an exploring
   * answer gives every allowed action a share); V̂ only lowers its variance. Γ is regressed on the words by ridge
   * (a per-stage intercept, each word's weight shrunk by DR_RIDGE weeks), so a word's weight is the change in win
   * chance (probability scale) a brings after it, against what the logging policy did. A note's score for a is the
   * sum of its words' weights (words seen with a taken WORD_SUPPORT times); the threshold is set by a null fit:
   * the same estimator on the same weeks with the outcomes shuffled between whole deals (DR_NULLS times), the
   * `quantile` of the scores it gives the weeks' own windows — what chance alone reaches on this data. Only weeks
   * with a logged propensity in (0, 1) are used (imported history and greedy answers say nothing about the actions
   * not taken).
   */
  static fitDoublyRobust(samples: readonly ReaderSample[], catalog: readonly string[], opts: { seed?: number; slots: number; nulls?: number; quantile?: number; ridge?: number }): UpliftCues {
    const rows = samples.filter((x) => typeof x.propensity === 'number' && x.propensity > 0 && x.propensity < 0.999);
    const seed = opts.seed ?? 1;
    const actions = catalog.slice(0, opts.slots);
    const won = rows.map((x) => (x.won ? 1 : 0));
    const real = drFit(rows, won, actions, seed, opts.ridge ?? DR_RIDGE);
    // The null: outcomes shuffled between whole deals (the weeks of a deal share its outcome), the same fit. It
    // assumes one outcome per deal (the final one): a per-week target would need weeks shuffled within a stage instead.
    const deals = [...new Set(rows.map((x, i) => x.deal ?? `row${i}`))];
    const dealOf = new Int32Array(rows.length);
    const dealIndex = new Map(deals.map((d, i) => [d, i]));
    for (let i = 0; i < rows.length; i++) dealOf[i] = dealIndex.get(rows[i]!.deal ?? `row${i}`)!;
    const dealWon = new Array<number>(deals.length).fill(0);
    for (let i = 0; i < rows.length; i++) dealWon[dealOf[i]!] = won[i]!;
    let r = (seed * 2654435761 + 99) >>> 0 || 1;
    const rand = () => ((r = (Math.imul(r ^ (r >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 4294967296);
    const nullScores: number[][] = actions.map(() => []);
    for (let n = 0; n < (opts.nulls ?? DR_NULLS); n++) {
      const perm = dealWon.slice();
      for (let i = perm.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      const fake = drFit(rows, rows.map((_, i) => perm[dealOf[i]!]!), actions, seed + 1 + n, opts.ridge ?? DR_RIDGE);
      fake.forEach((f, k) => {
        for (const x of rows) {
          let u = 0;
          for (const w of x.features) u += f.weights.get(w) ?? 0;
          nullScores[k]!.push(u);
        }
      });
    }
    const q = opts.quantile ?? DR_QUANTILE;
    const out: UpliftCuesJson['actions'] = real.map((f, k) => {
      const sorted = nullScores[k]!.sort((a, b) => a - b);
      const threshold = sorted.length ? Math.max(DR_FLOOR, sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!) : DR_FLOOR;
      return { action: f.action, treated: f.treated, effect: Math.round(f.effect * 1e4) / 1e4, weights: [...f.weights].map(([w, v]) => [w, Math.round(v * 1e5) / 1e5] as [number, number]), threshold: Math.round(threshold * 1e5) / 1e5 };
    });
    return new UpliftCues({ kind: 'deal-uplift-cues', estimator: 'dr', actions: out });
  }
}

/** The doubly robust cues' ridge (weeks of prior at 0 per word), null fits and the null quantile that sets each threshold; a threshold is never below DR_FLOOR (probability). */
const DR_RIDGE = 20;
const DR_NULLS = 2;
const DR_QUANTILE = 0.99;
const DR_FLOOR = 0.02;
const DR_PASSES = 8;
/** 1/p is capped here (a propensity below 1/40 would let one week weigh more than this). */
const DR_MAX_WEIGHT = 40;

/** One doubly robust fit (see UpliftCues.fitDoublyRobust) on given outcomes: per action, its words' weights, mean advantage and weeks taken. */
function drFit(rows: readonly ReaderSample[], won: readonly number[], actions: readonly string[], seed: number, ridge: number): { action: string; treated: number; effect: number; weights: Map<number, number> }[] {
  // V̂ cross-fitted: each half of the deals predicted by a model fitted on the other half.
  const half = rows.map((x, i) => (hash(String(x.deal ?? `row${i}`)) + seed) % 2);
  const v = new Float64Array(rows.length);
  for (const h of [0, 1]) {
    const predict = fitBaseline(rows.filter((_, i) => half[i] !== h), won.filter((_, i) => half[i] !== h), 6, seed + h);
    rows.forEach((x, i) => {
      if (half[i] === h) v[i] = predict(x);
    });
  }
  // Inverted index: for each word, the rows that read it.
  const count = new Int32Array(BUCKETS);
  for (const x of rows) for (const k of x.features) count[k]!++;
  const start = new Int32Array(BUCKETS + 1);
  for (let k = 0; k < BUCKETS; k++) start[k + 1] = start[k]! + count[k]!;
  const fill = start.slice(0, BUCKETS);
  const index = new Int32Array(start[BUCKETS]!);
  rows.forEach((x, i) => {
    for (const k of x.features) index[fill[k]!++] = i;
  });
  const out: { action: string; treated: number; effect: number; weights: Map<number, number> }[] = [];
  for (const action of actions) {
    const usable = rows.map((x) => !x.allowed || x.allowed.includes(action));
    const treated = rows.filter((x, i) => usable[i] && x.action === action).length;
    if (treated < WITH_ACTION_MIN) {
      out.push({ action, treated, effect: 0, weights: new Map() });
      continue;
    }
    const gamma = new Float64Array(rows.length);
    rows.forEach((x, i) => {
      if (!usable[i]) return;
      const resid = won[i]! - v[i]!;
      gamma[i] = x.action === action ? resid * (Math.min(DR_MAX_WEIGHT, 1 / x.propensity!) - 1) : -resid;
    });
    const support = new Map<number, number>();
    for (let i = 0; i < rows.length; i++) if (usable[i] && rows[i]!.action === action) for (const k of rows[i]!.features) support.set(k, (support.get(k) ?? 0) + 1);
    // Ridge by coordinate descent: a per-stage intercept (free), then each word kept (WORD_SUPPORT weeks with the action).
    const resid = Float64Array.from(gamma);
    const stageOf = rows.map((x) => x.stage);
    const intercept = new Float64Array(8);
    const beta = new Map<number, number>();
    const kept = [...support].filter(([, n]) => n >= WORD_SUPPORT).map(([k]) => k);
    let mean = 0;
    let used = 0;
    for (let i = 0; i < rows.length; i++) if (usable[i]) (mean += gamma[i]!), used++;
    for (let pass = 0; pass < DR_PASSES; pass++) {
      const sum = new Float64Array(8);
      const n = new Float64Array(8);
      for (let i = 0; i < rows.length; i++) {
        if (!usable[i]) continue;
        sum[stageOf[i]!]! += resid[i]! + intercept[stageOf[i]!]!;
        n[stageOf[i]!]!++;
      }
      for (let s = 0; s < 8; s++) {
        if (!n[s]) continue;
        const b = sum[s]! / n[s]!;
        const d = b - intercept[s]!;
        intercept[s] = b;
        if (d !== 0) for (let i = 0; i < rows.length; i++) if (usable[i] && stageOf[i] === s) resid[i]! -= d;
      }
      for (const k of kept) {
        const old = beta.get(k) ?? 0;
        let s = 0;
        let m = 0;
        for (let j = start[k]!; j < start[k + 1]!; j++) {
          const i = index[j]!;
          if (!usable[i]) continue;
          s += resid[i]! + old;
          m++;
        }
        const b = s / (m + ridge);
        if (b === old) continue;
        beta.set(k, b);
        for (let j = start[k]!; j < start[k + 1]!; j++) {
          const i = index[j]!;
          if (usable[i]) resid[i]! -= b - old;
        }
      }
    }
    const weights = new Map<number, number>();
    for (const [k, b] of beta) if (Math.abs(b) >= 1e-4) weights.set(k, b);
    out.push({ action, treated, effect: used ? mean / used : 0, weights });
  }
  return out;
}

/** The chance of a win from the stage and the words alone (no action): the doubly robust cues' V̂. Adagrad logistic, L2 spread over a word's visits. */
function fitBaseline(rows: readonly ReaderSample[], won: readonly number[], epochs: number, seed: number): (x: ReaderSample) => number {
  const w = new Float64Array(BUCKETS);
  const g2 = new Float64Array(BUCKETS).fill(1e-8);
  const stage = new Float64Array(8);
  const g2Stage = new Float64Array(8).fill(1e-8);
  const seen = new Float64Array(BUCKETS);
  for (const x of rows) for (const k of x.features) seen[k]!++;
  let r = seed >>> 0 || 1;
  const rand = () => ((r = (Math.imul(r ^ (r >>> 15), 2246822519) + 0x9e3779b9) >>> 0) / 4294967296);
  const order = rows.map((_, i) => i);
  const lr = 0.1;
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const x = rows[i]!;
      let z = stage[x.stage]!;
      for (const k of x.features) z += w[k]!;
      const g = 1 / (1 + Math.exp(-z)) - won[i]!;
      g2Stage[x.stage]! += g * g;
      stage[x.stage]! -= (lr * g) / Math.sqrt(g2Stage[x.stage]!);
      for (const k of x.features) {
        const gk = g + w[k]! / seen[k]!;
        g2[k]! += gk * gk;
        w[k]! -= (lr * gk) / Math.sqrt(g2[k]!);
      }
    }
  }
  return (x) => {
    let z = stage[x.stage]!;
    for (const k of x.features) z += w[k]!;
    return 1 / (1 + Math.exp(-z));
  };
}
