/**
 * A contact's own traits, learned from that contact's own outcomes: how responsive they are to any outreach (u) and
 * how much more or less they answer one action than the shared features predict (v per action),
 *
 *   logit(j, a) = shared(x_j, a) + u_j + v_ja,   u_j ~ π_u,  v_ja ~ π_v,
 *
 * with π_u and π_v **distributions on a grid learned from all contacts' outcomes** (nonparametric empirical Bayes:
 * the NPMLE by EM, Kiefer–Wolfowitz / Koenker–Mizera), not Gaussians of a learned variance. Why a grid: what a
 * contact's preference looks like is not known in advance. Many contacts may have none and a few a strong one (one
 * channel they answer), or everyone a mild taste; a Gaussian prior of one variance fitted to the first shape is far
 * too narrow for the few (one answer to a rare action moves a Gaussian offset by ≈ τ²·(1 − p), a few hundredths,
 * while "one in seven contacts prefers this action strongly" moves it by a third of the lift) and too wide for the
 * many. A learned grid takes whichever shape the outcomes show and shrinks to a point at 0 where they show nothing.
 *
 * What is kept per contact is its outcomes as they were learned: the action, the shared model's logit at that time
 * (mean, with its uncertainty folded in by the probit approximation) and the response — O(1) per outcome, the last
 * MAX_OUTCOMES per contact. A contact's posterior over (u, v_a…) given them is exact on the grid (the offsets of
 * different actions are independent given u), computed when the contact is asked about, O(n_j·|O| + |U|·|V|·A) for
 * its n_j outcomes, and cached until its next outcome or the next refit. The shared weights learn population-averaged
 * (as with random-effects.ts): the offsets do not steer their step.
 *
 * The grids are re-learned by EM over every contact's outcomes after the first REFIT_START outcomes and every
 * REFIT_EVERY after (warm-started, a few iterations each: the EM goes on across refits), deterministically in log
 * order, so every server on one database agrees. Before the first refit the offsets are 0.
 *
 * **Off the request path.** A refit is a job over the outcomes up to the one that started it (its `cut`), gathered
 * there (the sampled contacts' outcomes, copied: RefitInput) and computed by a pure function of it (refitSteps). In
 * a server it runs in a worker thread (a RefitRunner: preference-refit-pool.ts); without one (the learning bench,
 * tests), each later outcome advances it by a fixed share of its work (units of one contact's pass, spread over
 * REFIT_SPREAD outcomes). Either way its grids are swapped in at outcome cut + REFIT_SPREAD (finished early or not)
 * and they are the same numbers. Which outcome does which part of the work and when the grids change are fixed by the
 * log, so every server still agrees, and a snapshot taken while a job is under way restarts it from the same cut.
 * **A late worker never stalls a request**: the due outcome waits for it at most LATE_WAIT_MS; if the result is not
 * there then (or the worker failed), the previous grids stay and the job is finished in this thread from the same
 * input, spread over the next REFIT_SPREAD outcomes (taking the worker's result instead if it comes first), and
 * swapped in at cut + 2·REFIT_SPREAD — again a point of the log, with the same grids. Only the answers in between
 * differ from an on-time server's (the offsets are read from the older grids); what is learned does not (the shared
 * weights never read the offsets, and the grids are the same numbers).
 * Above MAX_REFIT_CONTACTS contacts with outcomes the grids are learned from a fixed sample of them (by a hash of the
 * id): a distribution on 30 grid points does not need 100k contacts, and the job's size stays bounded.
 *
 * **Evidence that fades** (`fade`): a person's warmth after a reply, or a preference that changed, is not a lasting
 * trait. With fading, an outcome's log-likelihood is weighted by 2^(−age/h) at the time the contact is asked about
 * (exponential forgetting: the power-likelihood form of a trait that drifts), and the half-life h is chosen from a
 * ladder (3.5 days … 112 days, or none) by the prequential log score — how well each contact's earlier outcomes,
 * faded by h, predicted its next one under the learned grids, summed over the sampled contacts: Dawid's sequential
 * form of the evidence for h, learned from the workspace's own outcomes, re-chosen whenever the outcomes have doubled
 * (at the 1,000th, 2,000th, 4,000th … refit point); each half-life is judged with its own grids (a few EM steps from
 * the current ones), and a finite one only with positive evidence over none (FADING_EVIDENCE_NATS). The EM weights the
 * outcomes the same way, relative to the cut.
 */

const STEP = 0.25;
/** The contact's responsiveness u: −1.5 … +1.5. */
const U_MIN = -1.5;
const U_N = 13;
/** An action's offset v: −1.5 … +2.5 (a preference can be strong; a dislike rarely shows in a few outcomes). */
const V_MIN = -1.5;
const V_N = 17;
/** u + v on one grid: −3 … +4. */
const O_N = U_N + V_N - 1;
const O_MIN = U_MIN + V_MIN;

export const PREFERENCE_REFIT_START = 1000;
export const PREFERENCE_REFIT_EVERY = 1000;
/** EM iterations at the first refit and at each later one (warm-started). */
let EM_FIRST = 50;
let EM_LATER = 20;
/** The grids' start (a discretised normal of this sd) before the first refit's EM. */
let START_SD = 0.3;
/**
 * An outcome counts for a contact's traits only once its action has learned from this many outcomes (0: all): early
 * residuals are mostly the shared model's own error, and a contact would keep them.
 */
export let TRAIT_BURN_IN = 0;
/** For the learning bench's comparisons (`--learner emFirst=…,emLater=…,traitStart=…,traitBurnIn=…`). */
export function setPreferenceEm(o: { first?: number; later?: number; startSd?: number; burnIn?: number }): void {
  EM_FIRST = o.first ?? EM_FIRST;
  EM_LATER = o.later ?? EM_LATER;
  START_SD = o.startSd ?? START_SD;
  TRAIT_BURN_IN = o.burnIn ?? TRAIT_BURN_IN;
}
/** A contact's outcomes kept (the newest). */
const MAX_OUTCOMES = 200;
/** A refit's grids are swapped in this many outcomes after the one that started it (its work spread over them). */
export const REFIT_SPREAD = 500;
/**
 * How long the due outcome waits for a worker's refit (ms) before leaving it late (header: the previous grids stay and
 * the job finishes here over the next REFIT_SPREAD outcomes). A request never waits longer for a refit.
 */
export const LATE_WAIT_MS = 20;
/** settle() (tests, benches) waits this long for a worker's refit before computing it in this thread. */
const SETTLE_WAIT_MS = 120_000;
/** At most this many contacts' outcomes learn the grids (a fixed sample by a hash of the id beyond it). */
export const MAX_REFIT_CONTACTS = 1000;
/** EM iterations for each half-life's own grids when the half-life is chosen (warm-started from the current grids). */
const CHOICE_EM = 10;
/**
 * A finite half-life is chosen only when its prequential score beats no fading by more than this many nats (a Bayes
 * factor above e², "positive" evidence on Kass & Raftery's scale): no fading is the simpler model, and with little
 * evidence the ladder's seven scores differ by noise.
 */
const FADING_EVIDENCE_NATS = 2;
/** The half-lives (days) fading chooses from; Infinity: no fading. Doubling steps: the score tells octaves apart. */
export const HALF_LIFE_LADDER_DAYS = [3.5, 7, 14, 28, 56, 112, Infinity] as const;
/** A contact's cached posterior is reused for queries within this many hours (fading changes it slowly). */
const CACHE_HOURS = 2;
/** For the learning bench: a fixed half-life (days) instead of the chosen one (0: choose). */
let FIXED_HALF_LIFE_DAYS = 0;
export function setPreferenceHalfLife(days: number): void {
  FIXED_HALF_LIFE_DAYS = days;
}
/** No grid point's mass falls below this (so a shape the data start to show later can grow there). */
const MASS_FLOOR = 1e-5;

interface ContactOutcomes {
  actions: number[];
  etas: number[];
  ys: number[];
  /** When each outcome happened, hours since the epoch (NaN: unknown, never faded). */
  hours: number[];
  /** Each outcome's position among all outcomes learned (1-based), so a refit reads exactly those up to its cut. */
  seqs: number[];
}

/**
 * A refit's input, gathered at its cut (the outcome that starts it): the sampled contacts' outcomes up to the cut as
 * flat arrays (contact k's are [offsets[k], offsets[k + 1])), the grids it starts from and its settings. The refit
 * is a pure function of it (refitSteps), so it gives the same grids wherever it runs: spread over the next outcomes
 * in this thread, or in a worker thread (preference-refit-pool.ts).
 */
export interface RefitInput {
  offsets: Int32Array;
  actions: Int32Array;
  etas: Float64Array;
  ys: Uint8Array;
  hours: Float64Array;
  /** π_u then π_v where the EM starts. */
  start: Float64Array;
  /** The half-life (hours) the grids are learned with when it is not chosen (Infinity: none). */
  halfLifeHours: number;
  /** Whether the grids were learned before (a half-life choice then takes CHOICE_EM steps per step of the ladder). */
  fitted: boolean;
  cutHours: number;
  iterations: number;
  chooseHalfLife: boolean;
}

export interface RefitResult {
  pu: Float64Array;
  pv: Float64Array;
  halfLifeHours: number;
  /** Prequential log score per half-life of the ladder (when chosen), for tests and the docs. */
  scores?: number[];
}

/** A refit computed elsewhere (a worker thread): its result is taken at the job's due outcome, waiting a little if need be. */
export interface RemoteRefit {
  /** The result once it is there (without waiting); undefined while it is being computed (or if the worker failed). */
  poll(): RefitResult | undefined;
  /** The result, waiting at most `ms` for it; 'failed' if the worker failed, undefined if it is still computing. */
  wait(ms: number): RefitResult | 'failed' | undefined;
  /** The result is no longer wanted (the job finished in this thread): the worker may skip it. */
  cancel?(): void;
}

/** Where refits run off this thread: takes an input, returns a handle (undefined: not available, run it here). */
export type RefitRunner = (input: RefitInput) => RemoteRefit | undefined;

/** One refit under way (see the header): its cut, when it is swapped in, and its work — here or in a worker. */
interface RefitJob {
  cut: number;
  cutHours: number;
  due: number;
  iterations: number;
  chooseHalfLife: boolean;
  input: RefitInput;
  /** Run here: the work as a generator of units, advanced by a share per outcome. */
  work?: Generator<void, RefitResult>;
  perOutcome: number;
  /** The work's size in units (one contact's pass), to spread it over the outcomes until the due one. */
  units: number;
  /** Run in a worker thread. */
  remote?: RemoteRefit;
  result?: RefitResult;
}

interface ContactPosterior {
  /** Per action with outcomes: the mean of u + v_a and the variance of v_a given everything. */
  byAction: Map<number, { mean: number; variance: number }>;
  /** For an action without outcomes: E[u] + E_π[v] and Var_π(v). */
  untried: { mean: number; variance: number };
  /** The time it was computed for (hours; NaN without fading). */
  at: number;
}

export interface StoredContactPreferences {
  actions: string[];
  /** The learned grids (absent before the first refit). */
  pu?: number[];
  pv?: number[];
  observed: number;
  /**
   * contact id → [action indices, logits (float64 base64), responses as '0'/'1', hours (float64 base64), positions];
   * logits and hours may also be plain numbers (mergeContactOutcomes hands them over so, in memory).
   */
  contacts: Record<string, [number[], string | number[], string, (string | number[])?, number[]?]>;
  /** The chosen half-life in hours (absent: none, or not chosen yet). */
  halfLifeHours?: number;
  /** A refit under way: restarted from the same cut on reading. */
  pending?: { cut: number; cutHours: number; due: number; iterations: number; chooseHalfLife: boolean };
  /**
   * The contacts' outcomes are kept apart from this snapshot (`contacts` is empty): in the service, as chunks of
   * outcomes in their own registry rows (ContactOutcomeChunk), read back with mergeContactOutcomes up to `observed`.
   */
  contactsApart?: boolean;
  /**
   * In memory only (never stored): with a refit under way, the contacts' kept outcomes as they were at its cut
   * (merged from the service's rows). `contacts` at `observed` may have dropped some of them since (a contact past
   * MAX_OUTCOMES between the cut and the snapshot), and the refit must restart from the outcomes it started from.
   */
  contactsAtCut?: StoredContactPreferences['contacts'];
}

/**
 * Contacts' outcomes learned after some position (ContactPreferences.outcomesAfter), in the stored per-contact format:
 * a delta that is written once and never rewritten. Chunks of one workspace, merged up to a snapshot's `observed`,
 * give exactly the contacts a full snapshot would have carried (mergeContactOutcomes).
 */
export interface ContactOutcomeChunk {
  /** Outcomes with positions after this one (−1: every kept outcome, positions 0 of older snapshots included). */
  after: number;
  /** …up to this one (the learner's `observed` when it was taken). */
  through: number;
  /** How many outcomes it holds. */
  outcomes: number;
  contacts: StoredContactPreferences['contacts'];
  /** A base: every contact's kept outcomes up to `through`, merged from the rows no kept version needed apart. */
  base?: boolean;
}

const b64Floats = (xs: readonly number[]) => Buffer.from(Float64Array.from(xs).buffer).toString('base64');
const floatsOf = (s: string | number[]): number[] => {
  if (typeof s !== 'string') return s;
  const bytes = Buffer.from(s, 'base64');
  const out = new Array<number>(bytes.length >> 3);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readDoubleLE(i << 3);
  return out;
};

/** A chunk cut into chunks of whole contacts holding at most about `max` outcomes each (a row's size stays bounded). */
export function splitChunk(chunk: ContactOutcomeChunk, max: number): ContactOutcomeChunk[] {
  const out: ContactOutcomeChunk[] = [];
  let cur: ContactOutcomeChunk | undefined;
  for (const [id, c] of Object.entries(chunk.contacts)) {
    if (!cur || (cur.outcomes > 0 && cur.outcomes + c[0].length > max)) {
      cur = { after: chunk.after, through: chunk.through, outcomes: 0, contacts: {} };
      out.push(cur);
    }
    cur.contacts[id] = c;
    cur.outcomes += c[0].length;
  }
  return out;
}

/**
 * The part of a chunk with positions after `head` (what rows already hold up to `head` is left out): a server writing
 * a delta writes only what no one wrote. Outcomes without a position (0: from snapshots older than positions) are
 * kept only when nothing is stored yet (`head` < 0) — once rows exist, they hold them.
 */
export function chunkAfter(chunk: ContactOutcomeChunk, head: number): ContactOutcomeChunk {
  if (head <= chunk.after) return chunk;
  const contacts: StoredContactPreferences['contacts'] = {};
  let n = 0;
  for (const id in chunk.contacts) {
    const [actions, etas, ys, hours, seqs] = chunk.contacts[id]!;
    // Positions rise within a contact: the first one past `head` and all after it stay.
    let from = 0;
    if (seqs) while (from < seqs.length && seqs[from]! <= head) from++;
    else from = actions.length;
    if (from === actions.length) continue;
    if (from === 0) contacts[id] = chunk.contacts[id]!;
    else {
      const e = floatsOf(etas);
      const h = hours === undefined ? undefined : floatsOf(hours);
      // Hours absent (never faded) are NaN, as merging reads them.
      contacts[id] = [actions.slice(from), b64Floats(e.slice(from)), ys.slice(from), b64Floats(h ? h.slice(from) : new Array<number>(actions.length - from).fill(NaN)), seqs!.slice(from)];
    }
    n += actions.length - from;
  }
  return { after: Math.max(chunk.after, head), through: chunk.through, outcomes: n, contacts };
}

/**
 * The contacts' kept outcomes as a full snapshot at position `through` holds them, from chunks in the order they were
 * written: each contact's outcomes with positions up to `through`, by position, the newest MAX_OUTCOMES. A position
 * found in two chunks (two servers wrote overlapping deltas, or a rolled-back posterior learned the same log again)
 * is taken from the later chunk; positions 0 (outcomes of snapshots older than positions) are all kept, first.
 */
export function mergeContactOutcomes(chunks: readonly ContactOutcomeChunk[], through: number): StoredContactPreferences['contacts'] {
  const steps = mergeSteps(chunks, through);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** mergeContactOutcomes as steps: a yield after each chunk and every 1,000 contacts (a caller can let others run). */
export function* mergeSteps(chunks: readonly ContactOutcomeChunk[], through: number): Generator<void, StoredContactPreferences['contacts']> {
  // Per contact its outcomes in the order the chunks hold them; in the usual case (each delta after the last) that is
  // already by position, and only a contact whose positions repeat or go back is sorted and deduplicated.
  type Acc = { actions: number[]; etas: number[]; ys: string[]; hours: number[]; seqs: number[]; ordered: boolean };
  const byContact = new Map<string, Acc>();
  for (const chunk of chunks) {
    for (const id in chunk.contacts) {
      const [actions, etas, ys, hours, seqs] = chunk.contacts[id]!;
      let n = actions.length;
      // Positions rise within a chunk's contact: those past `through` are at its end.
      if (seqs) while (n > 0 && seqs[n - 1]! > through) n--;
      if (n === 0) continue;
      const e = floatsOf(etas);
      const h = hours === undefined ? undefined : floatsOf(hours);
      let c = byContact.get(id);
      if (!c) {
        c = { actions: [], etas: [], ys: [], hours: [], seqs: [], ordered: true };
        byContact.set(id, c);
      }
      const first = seqs?.[0] ?? 0;
      if (c.seqs.length > 0 && !(first > c.seqs[c.seqs.length - 1]!)) c.ordered = false;
      for (let k = 0; k < n; k++) {
        c.actions.push(actions[k]!);
        c.etas.push(e[k]!);
        c.ys.push(ys[k]!);
        c.hours.push(h ? h[k]! : NaN);
        c.seqs.push(seqs?.[k] ?? 0);
      }
    }
    yield;
  }
  const out: StoredContactPreferences['contacts'] = {};
  let done = 0;
  for (const [id, c] of byContact) {
    if (++done % 1000 === 0) yield;
    let order: number[] | undefined;
    if (!c.ordered) {
      // A position twice: the later chunk's; positions 0 (no position) all, first; the rest by position.
      const last = new Map<number, number>();
      const zeros: number[] = [];
      c.seqs.forEach((q, i) => (q > 0 ? last.set(q, i) : zeros.push(i)));
      order = [...zeros, ...[...last].sort((x, y) => x[0] - y[0]).map(([, i]) => i)];
    }
    const all = order ?? c.seqs.map((_, i) => i);
    const keep = all.slice(-MAX_OUTCOMES);
    const pick = <T>(xs: T[]) => (order || keep.length !== xs.length ? keep.map((i) => xs[i]!) : xs);
    out[id] = [pick(c.actions), pick(c.etas), pick(c.ys).join(''), pick(c.hours), pick(c.seqs)];
  }
  return out;
}

/**
 * A base at position `through`, in steps (a yield every chunk and 1,000 contacts: compaction runs on a server's thread
 * beside its requests): the chunks merged as a snapshot there holds them (mergeContactOutcomes), in the stored
 * format. For any position ≥ `through`, the base and the later chunks merge to what all the chunks merge to: what the
 * base drops is not among a contact's newest MAX_OUTCOMES up to `through`, so not among them up to any later position.
 */
export function* baseSteps(chunks: readonly ContactOutcomeChunk[], through: number): Generator<void, ContactOutcomeChunk> {
  const merged = yield* mergeSteps(chunks, through);
  const contacts: StoredContactPreferences['contacts'] = {};
  let n = 0;
  let done = 0;
  for (const id in merged) {
    if (++done % 1000 === 0) yield;
    const [actions, etas, ys, hours, seqs] = merged[id]!;
    contacts[id] = [actions, b64Floats(floatsOf(etas)), ys, b64Floats(floatsOf(hours ?? new Array<number>(actions.length).fill(NaN))), seqs];
    n += actions.length;
  }
  return { after: -1, through, outcomes: n, contacts, base: true };
}

const discretisedNormal = (min: number, n: number, sd: number): Float64Array => {
  const p = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = min + i * STEP;
    p[i] = Math.exp(-(x * x) / (2 * sd * sd));
    s += p[i]!;
  }
  for (let i = 0; i < n; i++) p[i] = p[i]! / s;
  return p;
};

/** log σ(z) and log(1 − σ(z)), stable. */
const logSigmoid = (z: number): number => (z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z)));

export class ContactPreferences {
  private readonly actionIndex = new Map<string, number>();
  private readonly actionNames: string[] = [];
  private readonly contacts = new Map<string, ContactOutcomes>();
  private readonly cache = new Map<string, ContactPosterior>();
  /** Start of the EM (START_SD) — the first refit's iterations move it where the outcomes say. */
  pu: Float64Array = discretisedNormal(U_MIN, U_N, START_SD);
  pv: Float64Array = discretisedNormal(V_MIN, V_N, START_SD);
  /** Whether the grids were learned at least once (before: the offsets are 0). */
  fitted = false;
  observed = 0;
  /** The evidence's half-life in hours (Infinity: no fading — always without `fade`). */
  halfLifeHours = Infinity;
  /** The last half-life choice's prequential scores per ladder step (for tests and the docs). */
  lastScores?: number[];
  private job?: RefitJob;
  /**
   * The refit's fixed sample when there are more contacts than it needs: the MAX_REFIT_CONTACTS smallest
   * (hash of the id, id), kept in that order as contacts arrive, so a refit's start does not sort the whole book.
   */
  private readonly sample: [number, string][] = [];

  /**
   * `fade`: a contact's evidence is discounted by its age, with a half-life chosen from the outcomes (header).
   * `runner`: where refits run off this thread (a worker: preference-refit-pool.ts); without one, each refit's work
   * is spread over the outcomes after its cut, in this thread. The grids are the same either way.
   */
  constructor(
    readonly fade = false,
    private readonly runner?: RefitRunner,
  ) {}

  /** Keeps `sample` the smallest MAX_REFIT_CONTACTS contacts by (hash, id) — a new contact's only cost, O(log n + n). */
  private sampleContact(id: string): void {
    const key: [number, string] = [hashOf(id), id];
    const s = this.sample;
    if (s.length >= MAX_REFIT_CONTACTS && bySampleOrder(key, s[s.length - 1]!) > 0) return;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bySampleOrder(s[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    s.splice(lo, 0, key);
    if (s.length > MAX_REFIT_CONTACTS) s.pop();
  }

  private indexOf(action: string): number {
    let i = this.actionIndex.get(action);
    if (i === undefined) {
      i = this.actionNames.length;
      this.actionIndex.set(action, i);
      this.actionNames.push(action);
    }
    return i;
  }

  /**
   * One outcome of (contact, action): `mu`, `v` — the shared model's logit mean and variance before it learned
   * this outcome (the offsets not included); `atHours` — when it happened (hours since the epoch; NaN: unknown).
   */
  learn(contactId: string, action: string, mu: number, v: number, responded: boolean, atHours = NaN): void {
    let c = this.contacts.get(contactId);
    if (!c) {
      c = { actions: [], etas: [], ys: [], hours: [], seqs: [] };
      this.contacts.set(contactId, c);
      this.sampleContact(contactId);
    }
    this.observed++;
    c.actions.push(this.indexOf(action));
    c.etas.push(mu / Math.sqrt(1 + (Math.PI * Math.max(v, 0)) / 8));
    c.ys.push(responded ? 1 : 0);
    c.hours.push(atHours);
    c.seqs.push(this.observed);
    if (c.actions.length > MAX_OUTCOMES) {
      c.actions.shift();
      c.etas.shift();
      c.ys.shift();
      c.hours.shift();
      c.seqs.shift();
    }
    this.cache.delete(contactId);
    const job = this.job;
    if (job) {
      if (this.observed >= job.due) this.finish(job, true);
      else this.advance(job, job.perOutcome);
    }
    if (this.observed >= PREFERENCE_REFIT_START && (this.observed - PREFERENCE_REFIT_START) % PREFERENCE_REFIT_EVERY === 0) {
      const n = this.observed / PREFERENCE_REFIT_START;
      // The half-life is re-chosen whenever the outcomes have doubled (1k, 2k, 4k …): its evidence grows slowly.
      this.startRefit(this.observed, Number.isFinite(atHours) ? atHours : NaN, this.observed + REFIT_SPREAD, this.fitted ? EM_LATER : EM_FIRST, this.fade && Number.isInteger(Math.log2(n)));
    }
  }

  /**
   * Runs a job's remaining work and swaps its grids in: at its due outcome (`atDue`), or now (tests, or a job still
   * under way when the next one starts). At the first due outcome a worker's result is waited for at most
   * LATE_WAIT_MS; without it the job is left late (header) and finished here by cut + 2·REFIT_SPREAD.
   */
  private finish(job: RefitJob, atDue = false, waitMs = 0): void {
    if (!job.result && job.remote) {
      const onTime = atDue && job.due === job.cut + REFIT_SPREAD;
      const r = job.remote.wait(onTime ? LATE_WAIT_MS : waitMs);
      if (r && r !== 'failed') job.result = r;
      else if (onTime) {
        // Late (or failed): the previous grids stay; the same work runs here over the next REFIT_SPREAD outcomes.
        if (r === 'failed') job.remote = undefined;
        job.due = job.cut + 2 * REFIT_SPREAD;
        job.work = refitSteps(job.input);
        job.perOutcome = Math.max(1, Math.ceil(job.units / Math.max(1, job.due - this.observed - 1)));
        return;
      }
    }
    // Whatever is left of the worker's job is not wanted any more (a no-op when its result was taken).
    job.remote?.cancel?.();
    // Run here: what is left of it (or all of it, when a worker failed), from the same input — the same grids.
    job.work ??= refitSteps(job.input);
    while (!job.result) this.advance(job, 1 << 30);
    this.pu = job.result.pu;
    this.pv = job.result.pv;
    if (this.fade) {
      this.halfLifeHours = job.result.halfLifeHours;
      if (job.result.scores) this.lastScores = job.result.scores;
    }
    this.fitted = true;
    this.cache.clear();
    this.job = undefined;
  }

  private advance(job: RefitJob, units: number): void {
    if (!job.work) return;
    // A late worker's result, when it comes before the work here is done, is the same grids: take it, stop the work.
    if (job.remote && !job.result) job.result = job.remote.poll();
    for (let i = 0; i < units && !job.result; i++) {
      const r = job.work.next();
      if (r.done) job.result = r.value;
    }
  }

  private startRefit(cut: number, cutHours: number, due: number, iterations: number, chooseHalfLife: boolean, atCut?: Map<string, ContactOutcomes>): void {
    // A job still under way (only if REFIT_SPREAD ≥ REFIT_EVERY) is finished first: refits apply in order.
    if (this.job) this.finish(this.job);
    const fixed = FIXED_HALF_LIFE_DAYS > 0 ? FIXED_HALF_LIFE_DAYS * 24 : undefined;
    const choose = chooseHalfLife && fixed === undefined;
    if (this.fade && fixed !== undefined) this.halfLifeHours = fixed;
    const input = this.gather(cut, cutHours, iterations, choose, atCut);
    const sample = input.offsets.length - 1;
    // A job restored from a snapshot after it was left late (due beyond cut + REFIT_SPREAD) runs here, spread.
    const remote = due <= cut + REFIT_SPREAD ? this.runner?.(input) : undefined;
    // Run here: work units — each EM pass and evidence evaluation over the sample (SQUAREM: 5 per 3 steps) and the
    // half-life ladder's prequential passes — spread evenly over the outcomes until the due one.
    const its = choose ? Math.min(iterations, this.fitted ? CHOICE_EM : iterations) : iterations;
    const units = 1 + sample * (1 + (choose ? HALF_LIFE_LADDER_DAYS.length : 1) * (2 + 5 * Math.ceil(its / 3)));
    this.job = { cut, cutHours, due, iterations, chooseHalfLife, input, ...(remote ? { remote } : { work: refitSteps(input) }), units, perOutcome: Math.max(1, Math.ceil(units / Math.max(1, due - this.observed - 1))) };
  }

  /** Refits now (tests): as a job started at this outcome and finished at once. */
  refit(iterations: number): void {
    const last = this.newestHours();
    this.startRefit(this.observed, last, this.observed, iterations, this.fade);
    this.finish(this.job!, false, SETTLE_WAIT_MS);
  }

  private newestHours(): number {
    let t = NaN;
    for (const c of this.contacts.values()) {
      const h = c.hours[c.hours.length - 1];
      if (h !== undefined && Number.isFinite(h) && !(h <= t)) t = h;
    }
    return t;
  }

  /** A refit under way (for tests and snapshots). */
  get refitPending(): boolean {
    return this.job !== undefined;
  }

  /** A refit under way whose work is done, waiting for its due outcome (for tests). */
  get refitComputed(): boolean {
    const job = this.job;
    if (job && !job.result && job.remote) {
      const r = job.remote.poll();
      if (r) job.result = r;
    }
    return job?.result !== undefined;
  }

  /** Whether the refit under way runs in another thread (for tests). */
  get refitOffThread(): boolean {
    return this.job?.remote !== undefined;
  }

  /** Finishes a refit under way now and swaps it in (tests and benches; a server waits for the due outcome). */
  settle(): void {
    if (this.job) this.finish(this.job, false, SETTLE_WAIT_MS);
  }

  /**
   * The offset of `action` for a contact: the posterior mean of u + v_a and the variance of v_a alone — u moves
   * every action of the contact together and changes nothing about which is best, so Thompson's independent draws
   * per action must not count its uncertainty once per action. `atHours`: when it is asked (for fading).
   */
  moments(contactId: string, action: string, atHours = NaN): { mean: number; variance: number } {
    if (!this.fitted) return { mean: 0, variance: 0 };
    const fading = Number.isFinite(this.halfLifeHours) && Number.isFinite(atHours);
    const at = fading ? atHours : NaN;
    let post = this.cache.get(contactId);
    if (!post || (fading ? !(Math.abs(post.at - at) <= CACHE_HOURS) : !Number.isNaN(post.at))) {
      const c = this.contacts.get(contactId);
      post = posteriorOf(this.pu, this.pv, c ? scaled(logLikelihoods(c, fading ? weightsOf(c.hours, at, this.halfLifeHours) : undefined)) : new Map());
      post.at = at;
      this.cache.set(contactId, post);
    }
    const i = this.actionIndex.get(action);
    return (i === undefined ? undefined : post.byAction.get(i)) ?? post.untried;
  }

  /**
   * A refit's input at its cut: the contacts with outcomes up to `cut` (a fixed sample above MAX_REFIT_CONTACTS: the
   * smallest by a hash of the id; below it, all, by id — an order of their own, not the map's, which a restored
   * snapshot may hold differently, so the EM's sums add up in the same order on every server) and their outcomes up
   * to it, copied. At the cut itself every contact's outcomes are up to it and the kept sample is the sample; a
   * snapshot read while a refit is under way (cut < observed) selects them afresh.
   */
  private gather(cut: number, cutHours: number, iterations: number, chooseHalfLife: boolean, atCut?: Map<string, ContactOutcomes>): RefitInput {
    const contacts = atCut ?? this.contacts;
    let picked: string[];
    if (cut >= this.observed) picked = this.contacts.size > MAX_REFIT_CONTACTS ? this.sample.map(([, id]) => id) : [...this.contacts.keys()].sort();
    else {
      const ids: string[] = [];
      for (const [id, c] of contacts) if (c.seqs[0]! <= cut) ids.push(id);
      picked = ids.length > MAX_REFIT_CONTACTS ? ids.map((id) => [hashOf(id), id] as [number, string]).sort(bySampleOrder).slice(0, MAX_REFIT_CONTACTS).map(([, id]) => id) : ids.sort();
    }
    const counts = picked.map((id) => {
      const c = contacts.get(id)!;
      let n = 0;
      while (n < c.seqs.length && c.seqs[n]! <= cut) n++;
      return n;
    });
    const total = counts.reduce((a, b) => a + b, 0);
    const input: RefitInput = {
      offsets: new Int32Array(picked.length + 1), actions: new Int32Array(total), etas: new Float64Array(total), ys: new Uint8Array(total), hours: new Float64Array(total),
      start: new Float64Array(U_N + V_N), halfLifeHours: this.halfLifeHours, fitted: this.fitted, cutHours, iterations, chooseHalfLife,
    };
    input.start.set(this.pu, 0);
    input.start.set(this.pv, U_N);
    let at = 0;
    picked.forEach((id, k) => {
      const c = contacts.get(id)!;
      input.offsets[k] = at;
      for (let i = 0; i < counts[k]!; i++, at++) {
        input.actions[at] = c.actions[i]!;
        input.etas[at] = c.etas[i]!;
        input.ys[at] = c.ys[i]!;
        input.hours[at] = c.hours[i]!;
      }
    });
    input.offsets[picked.length] = at;
    return input;
  }

  /** The learned grids' spread, for tests and the docs: sd of u and of v under π. */
  spread(): { u: number; v: number } {
    const sd = (p: Float64Array, min: number) => {
      let m = 0;
      let m2 = 0;
      p.forEach((w, i) => {
        m += w * (min + i * STEP);
        m2 += w * (min + i * STEP) ** 2;
      });
      return Math.sqrt(Math.max(m2 - m * m, 0));
    };
    return { u: sd(this.pu, U_MIN), v: sd(this.pv, V_MIN) };
  }

  get size(): number {
    return this.contacts.size;
  }

  /** A contact's own outcomes kept (at most MAX_OUTCOMES). */
  outcomesOf(contactId: string): number {
    return this.contacts.get(contactId)?.actions.length ?? 0;
  }
  toJSON(): StoredContactPreferences {
    return this.toStored(true);
  }

  /**
   * The snapshot; without `contacts` the contacts' outcomes are left out (`contactsApart`): its size then no longer
   * grows with the outcomes, and the outcomes are stored as deltas (outcomesAfter) beside it.
   */
  toStored(contacts: boolean): StoredContactPreferences {
    const job = this.job;
    return {
      actions: [...this.actionNames],
      ...(this.fitted ? { pu: Array.from(this.pu), pv: Array.from(this.pv) } : {}),
      observed: this.observed,
      contacts: contacts ? this.outcomesAfter(-1).contacts : {},
      ...(Number.isFinite(this.halfLifeHours) ? { halfLifeHours: this.halfLifeHours } : {}),
      ...(job ? { pending: { cut: job.cut, cutHours: job.cutHours, due: job.due, iterations: job.iterations, chooseHalfLife: job.chooseHalfLife } } : {}),
      ...(contacts ? {} : { contactsApart: true }),
    };
  }

  /**
   * The kept outcomes learned after position `after` (−1: all of them), per contact — what changed since a delta
   * taken at `after`. O(contacts) to find them plus O(outcomes returned).
   */
  outcomesAfter(after: number): ContactOutcomeChunk {
    const contacts: StoredContactPreferences['contacts'] = {};
    let n = 0;
    for (const [id, c] of this.contacts) {
      const len = c.seqs.length;
      if (len === 0 || (after >= 0 && c.seqs[len - 1]! <= after)) continue;
      let from = len;
      if (after < 0) from = 0;
      else while (from > 0 && c.seqs[from - 1]! > after) from--;
      contacts[id] = [c.actions.slice(from), b64Floats(c.etas.slice(from)), c.ys.slice(from).join(''), b64Floats(c.hours.slice(from)), c.seqs.slice(from)];
      n += len - from;
    }
    return { after, through: this.observed, outcomes: n, contacts };
  }

  static fromJSON(data: StoredContactPreferences | undefined, fade = false, runner?: RefitRunner): ContactPreferences {
    const out = new ContactPreferences(fade, runner);
    if (!data) return out;
    for (const a of data.actions) out.indexOf(a);
    if (data.pu && data.pv && data.pu.length === U_N && data.pv.length === V_N) {
      out.pu = Float64Array.from(data.pu);
      out.pv = Float64Array.from(data.pv);
      out.fitted = true;
    }
    out.observed = data.observed;
    if (fade && typeof data.halfLifeHours === 'number') out.halfLifeHours = data.halfLifeHours;
    const floats = floatsOf;
    const read = (stored: StoredContactPreferences['contacts'], into: Map<string, ContactOutcomes>) => {
      for (const [id, [actions, etas, ys, hours, seqs]] of Object.entries(stored)) {
        const n = actions.length;
        // Older snapshots: no times (never faded) and no positions (all before any later cut).
        into.set(id, { actions: [...actions], etas: floats(etas), ys: [...ys].map((ch) => (ch === '1' ? 1 : 0)), hours: hours ? floats(hours) : Array.from({ length: n }, () => NaN), seqs: seqs ? [...seqs] : Array.from({ length: n }, () => 0) });
      }
    };
    read(data.contacts, out.contacts);
    for (const id of out.contacts.keys()) out.sampleContact(id);
    // A refit under way restarts from its cut: the same outcomes (as they were at the cut, when the service gives
    // them: contactsAtCut), so the same grids at the same outcome.
    const p = data.pending;
    let atCut: Map<string, ContactOutcomes> | undefined;
    if (p && data.contactsAtCut && p.cut < data.observed) read(data.contactsAtCut, (atCut = new Map()));
    if (p) out.startRefit(p.cut, p.cutHours ?? NaN, p.due, p.iterations, p.chooseHalfLife, atCut);
    return out;
  }
}

/**
 * A refit's work from its input, one unit per yield (one contact's pass): EM for the grids (SQUAREM), then — when
 * asked — the half-life by the prequential score. A pure function of the input: the same grids in any thread.
 */
export function* refitSteps(input: RefitInput): Generator<void, RefitResult> {
  const { cutHours, iterations, chooseHalfLife } = input;
  const data: ContactOutcomes[] = [];
  for (let k = 0; k + 1 < input.offsets.length; k++) {
    const from = input.offsets[k]!;
    const to = input.offsets[k + 1]!;
    data.push({ actions: Array.from(input.actions.subarray(from, to)), etas: Array.from(input.etas.subarray(from, to)), ys: Array.from(input.ys.subarray(from, to)), hours: Array.from(input.hours.subarray(from, to)), seqs: [] });
  }
  const start = input.start.slice();
  if (data.length === 0) return { pu: start.slice(0, U_N), pv: start.slice(U_N), halfLifeHours: input.halfLifeHours };
  /** The grids learned with the outcomes faded by half-life h (hours) to the cut. */
  const fitted = input.fitted;
  const grids = function* (h: number, its: number): Generator<void, Float64Array> {
    const all: Map<number, Float64Array>[] = [];
    for (const c of data) {
      all.push(scaled(logLikelihoods(c, Number.isFinite(h) && Number.isFinite(cutHours) ? weightsOf(c.hours, cutHours, h) : undefined)));
      yield;
    }
    return yield* squarem(all, start, its);
  };
  if (!chooseHalfLife) {
    const theta = yield* grids(input.halfLifeHours, iterations);
    return { pu: theta.slice(0, U_N), pv: theta.slice(U_N), halfLifeHours: input.halfLifeHours };
  }
  // The half-life and the grids together: each half-life's own grids, then its prequential score with them (the
  // grids learned without fading say little about fading — a preference that changes averages out to a narrow
  // grid — so a half-life is judged with the grids it would have).
  const scores: number[] = [];
  const thetas: Float64Array[] = [];
  for (const days of HALF_LIFE_LADDER_DAYS) {
    // Warm-started from the current grids, a few EM steps each (all of them before the grids' first refit).
    const theta = yield* grids(days * 24, fitted ? Math.min(iterations, CHOICE_EM) : iterations);
    const pu = theta.slice(0, U_N);
    const pv = theta.slice(U_N);
    let total = 0;
    for (const c of data) {
      total += prequentialScore(pu, pv, c, days * 24);
      yield;
    }
    scores.push(total);
    thetas.push(theta);
  }
  // The best score; a tie goes to the longer half-life, and fading at all needs positive evidence over none.
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! >= scores[best]! - 1e-9) best = i;
  const none = HALF_LIFE_LADDER_DAYS.length - 1;
  if (scores[best]! - scores[none]! <= FADING_EVIDENCE_NATS) best = none;
  return { pu: thetas[best]!.slice(0, U_N), pv: thetas[best]!.slice(U_N), halfLifeHours: HALF_LIFE_LADDER_DAYS[best]! * 24, scores };
}

/** A refit's work run to its end (a worker thread's job). */
export function computeRefit(input: RefitInput): RefitResult {
  const work = refitSteps(input);
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
  }
}

/** The refit sample's order: by hash of the id, then by id. */
function bySampleOrder(a: readonly [number, string], b: readonly [number, string]): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : 1);
}

/**
 * EM for the grids from θ over the contacts' scaled likelihoods, one unit per contact pass. EM for a mixing
 * distribution crawls where the data are weakly informative; SQUAREM (Varadhan & Roland 2008) extrapolates two EM
 * steps along their path and falls back to the plain step when that does not help.
 */
function* squarem(all: Map<number, Float64Array>[], start: Float64Array, iterations: number): Generator<void, Float64Array> {
  /** One EM step from θ = (π_u, π_v). */
  const em = function* (theta: Float64Array): Generator<void, Float64Array> {
    const pu = theta.slice(0, U_N);
    const pv = theta.slice(U_N);
    const acc = { u: new Float64Array(U_N), v: new Float64Array(V_N), pairs: 0 };
    for (const ll of all) {
      posteriorOf(pu, pv, ll, acc);
      yield;
    }
    const out = new Float64Array(U_N + V_N);
    out.set(normalise(acc.u), 0);
    out.set(acc.pairs > 0 ? normalise(acc.v) : pv, U_N);
    return out;
  };
  let theta: Float64Array = start.slice();
  for (let it = 0; it < iterations; it += 3) {
    const t1 = yield* em(theta);
    const t2 = yield* em(t1);
    let rr = 0;
    let vv = 0;
    const r = new Float64Array(theta.length);
    const v = new Float64Array(theta.length);
    for (let i = 0; i < theta.length; i++) {
      r[i] = t1[i]! - theta[i]!;
      v[i] = t2[i]! - t1[i]! - r[i]!;
      rr += r[i]! * r[i]!;
      vv += v[i]! * v[i]!;
    }
    if (!(vv > 1e-30)) {
      theta = t2;
      break;
    }
    const alpha = Math.min(-1, -Math.sqrt(rr / vv));
    const jump = new Float64Array(theta.length);
    for (let i = 0; i < theta.length; i++) jump[i] = theta[i]! - 2 * alpha * r[i]! + alpha * alpha * v[i]!;
    // Back on the simplex (each part a distribution), then one EM step from there keeps the iteration monotone-ish.
    jump.set(normalise(jump.slice(0, U_N)), 0);
    jump.set(normalise(jump.slice(U_N)), U_N);
    const t3 = yield* em(jump);
    const e3 = yield* logEvidence(all, t3);
    const e2 = yield* logEvidence(all, t2);
    theta = e3 >= e2 ? t3 : t2;
  }
  return theta;
}

/** Each outcome's weight at time `at` (hours) with half-life `h`: 2^(−age/h); an unknown time weighs 1. */
function weightsOf(hours: readonly number[], at: number, h: number): number[] {
  return hours.map((t) => (Number.isFinite(t) ? Math.pow(2, -Math.max(0, at - t) / h) : 1));
}

/** log-likelihood of each u + v on the grid, per action with outcomes (each outcome weighted by `weights`). */
function logLikelihoods(c: ContactOutcomes, weights?: readonly number[]): Map<number, Float64Array> {
  const out = new Map<number, Float64Array>();
  for (let k = 0; k < c.actions.length; k++) {
    const a = c.actions[k]!;
    let l = out.get(a);
    if (!l) {
      l = new Float64Array(O_N);
      out.set(a, l);
    }
    const eta = c.etas[k]!;
    const y = c.ys[k]!;
    const w = weights ? weights[k]! : 1;
    for (let o = 0; o < O_N; o++) {
      const z = eta + O_MIN + o * STEP;
      l[o] = l[o]! + w * (y ? logSigmoid(z) : logSigmoid(-z));
    }
  }
  return out;
}

/**
 * The exact posterior on the grid: p(u | all) ∝ π_u(u) Πₐ mₐ(u), mₐ(u) = Σ_v π_v(v) Lₐ(u + v); and per action
 * p(u, vₐ | all) ∝ p(u | all) / mₐ(u) · π_v(vₐ) Lₐ(u + vₐ). `acc`: the EM's sums (responsibilities of u per contact
 * and of v per action with outcomes).
 */
function posteriorOf(pu: Float64Array, pv: Float64Array, lik: Map<number, Float64Array>, acc?: { u: Float64Array; v: Float64Array; pairs: number }): ContactPosterior {
  const m = new Map<number, Float64Array>();
  const postU = posteriorU(pu, pv, lik, m);
  let meanU = 0;
  for (let iu = 0; iu < U_N; iu++) meanU += postU[iu]! * (U_MIN + iu * STEP);
  if (acc) for (let iu = 0; iu < U_N; iu++) acc.u[iu] = acc.u[iu]! + postU[iu]!;
  let meanV = 0;
  let m2V = 0;
  for (let iv = 0; iv < V_N; iv++) {
    const x = V_MIN + iv * STEP;
    meanV += pv[iv]! * x;
    m2V += pv[iv]! * x * x;
  }
  const byAction = new Map<number, { mean: number; variance: number }>();
  for (const [a, e] of lik) {
    const ma = m.get(a)!;
    const qv = new Float64Array(V_N);
    let total = 0;
    for (let iu = 0; iu < U_N; iu++) {
      if (!(ma[iu]! > 0)) continue;
      const w = postU[iu]! / ma[iu]!;
      for (let iv = 0; iv < V_N; iv++) {
        const q = w * pv[iv]! * e[iu + iv]!;
        qv[iv] = qv[iv]! + q;
        total += q;
      }
    }
    let mv = 0;
    let m2 = 0;
    for (let iv = 0; iv < V_N; iv++) {
      qv[iv] = qv[iv]! / total;
      const x = V_MIN + iv * STEP;
      mv += qv[iv]! * x;
      m2 += qv[iv]! * x * x;
    }
    if (acc) {
      for (let iv = 0; iv < V_N; iv++) acc.v[iv] = acc.v[iv]! + qv[iv]!;
      acc.pairs++;
    }
    byAction.set(a, { mean: meanU + mv, variance: Math.max(m2 - mv * mv, 0) });
  }
  return { byAction, untried: { mean: meanU + meanV, variance: Math.max(m2V - meanV * meanV, 0) }, at: NaN };
}

/** p(u | all) on the grid; `m` receives each action's mₐ(u). */
function posteriorU(pu: Float64Array, pv: Float64Array, lik: Map<number, Float64Array>, m?: Map<number, Float64Array>): Float64Array {
  const logPostU = new Float64Array(U_N);
  for (let iu = 0; iu < U_N; iu++) logPostU[iu] = Math.log(pu[iu]!);
  for (const [a, e] of lik) {
    const ma = new Float64Array(U_N);
    for (let iu = 0; iu < U_N; iu++) {
      let s = 0;
      for (let iv = 0; iv < V_N; iv++) s += pv[iv]! * e[iu + iv]!;
      ma[iu] = s;
      logPostU[iu] = logPostU[iu]! + Math.log(Math.max(s, 1e-300));
    }
    m?.set(a, ma);
  }
  let max = -Infinity;
  for (let iu = 0; iu < U_N; iu++) if (logPostU[iu]! > max) max = logPostU[iu]!;
  const postU = new Float64Array(U_N);
  let z = 0;
  for (let iu = 0; iu < U_N; iu++) {
    postU[iu] = Math.exp(logPostU[iu]! - max);
    z += postU[iu]!;
  }
  for (let iu = 0; iu < U_N; iu++) postU[iu] = postU[iu]! / z;
  return postU;
}

/**
 * The prequential log score of one contact's outcomes under the grids with half-life `h` (hours): each outcome
 * predicted from the contact's earlier ones, faded to its time. Exponential forgetting is recursive — the faded
 * log-likelihoods at outcome k are those at k − 1 times 2^(−gap/h) plus outcome k − 1's own — so a contact costs
 * one posterior per outcome. The first outcome's prediction does not depend on h and is left out.
 */
function prequentialScore(pu: Float64Array, pv: Float64Array, c: ContactOutcomes, h: number): number {
  const logLik = new Map<number, Float64Array>();
  let score = 0;
  let last = NaN;
  for (let k = 0; k < c.actions.length; k++) {
    const t = c.hours[k]!;
    if (Number.isFinite(h) && Number.isFinite(t) && Number.isFinite(last) && t > last) {
      const d = Math.pow(2, -(t - last) / h);
      for (const l of logLik.values()) for (let o = 0; o < O_N; o++) l[o] = l[o]! * d;
    }
    if (Number.isFinite(t)) last = t;
    const a = c.actions[k]!;
    const eta = c.etas[k]!;
    const y = c.ys[k]!;
    if (k > 0) {
      const lik = scaled(logLik);
      const postU = posteriorU(pu, pv, lik);
      const e = lik.get(a);
      let p = 0;
      for (let iu = 0; iu < U_N; iu++) {
        let num = 0;
        let den = 0;
        for (let iv = 0; iv < V_N; iv++) {
          const q = pv[iv]! * (e ? e[iu + iv]! : 1);
          den += q;
          num += q / (1 + Math.exp(-(eta + U_MIN + V_MIN + (iu + iv) * STEP)));
        }
        if (den > 0) p += postU[iu]! * (num / den);
      }
      p = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
      score += y ? Math.log(p) : Math.log(1 - p);
    }
    let l = logLik.get(a);
    if (!l) {
      l = new Float64Array(O_N);
      logLik.set(a, l);
    }
    for (let o = 0; o < O_N; o++) {
      const z = eta + O_MIN + o * STEP;
      l[o] = l[o]! + (y ? logSigmoid(z) : logSigmoid(-z));
    }
  }
  return score;
}

/** Σ over contacts of log p(outcomes | θ), up to the likelihoods' scaling (the same for every θ); `all`: scaled likelihoods. One unit per contact. */
function* logEvidence(all: Map<number, Float64Array>[], theta: Float64Array): Generator<void, number> {
  const pu = theta.subarray(0, U_N);
  const pv = theta.subarray(U_N);
  let total = 0;
  const logU = new Float64Array(U_N);
  for (const ll of all) {
    let max = -Infinity;
    for (let iu = 0; iu < U_N; iu++) logU[iu] = Math.log(pu[iu]!);
    for (const e of ll.values()) {
      for (let iu = 0; iu < U_N; iu++) {
        let s = 0;
        for (let iv = 0; iv < V_N; iv++) s += pv[iv]! * e[iu + iv]!;
        logU[iu] = logU[iu]! + Math.log(Math.max(s, 1e-300));
      }
    }
    for (let iu = 0; iu < U_N; iu++) if (logU[iu]! > max) max = logU[iu]!;
    let s = 0;
    for (let iu = 0; iu < U_N; iu++) s += Math.exp(logU[iu]! - max);
    total += max + Math.log(s);
    yield;
  }
  return total;
}

/** FNV-1a of a contact id: the refit's fixed sample when there are more contacts than it needs. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Likelihoods on the grid, each action's scaled by its maximum (only ratios matter per action). */
function scaled(ll: Map<number, Float64Array>): Map<number, Float64Array> {
  const out = new Map<number, Float64Array>();
  for (const [a, l] of ll) {
    let max = -Infinity;
    for (let o = 0; o < O_N; o++) if (l[o]! > max) max = l[o]!;
    const e = new Float64Array(O_N);
    for (let o = 0; o < O_N; o++) e[o] = Math.exp(l[o]! - max);
    out.set(a, e);
  }
  return out;
}

function normalise(p: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    p[i] = Math.max(p[i]!, 0);
    s += p[i]!;
  }
  for (let i = 0; i < p.length; i++) p[i] = p[i]! / s;
  // A floor, then renormalised: no grid point is ever impossible.
  let t = 0;
  for (let i = 0; i < p.length; i++) {
    p[i] = Math.max(p[i]!, MASS_FLOOR);
    t += p[i]!;
  }
  for (let i = 0; i < p.length; i++) p[i] = p[i]! / t;
  return p;
}
