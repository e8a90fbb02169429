/**
 * Next-best action (issue 18): which outreach to do next with a contact, how sure the model is, and why; and
 * learning from every outcome.
 *
 * One posterior per workspace (posterior.ts) learns from every outcome whichever policy chose the action. It lives
 * in memory and is rebuilt from the durable record: the newest snapshot in the model registry (strategy
 * `nba:posterior`, a new version every SNAPSHOT_EVERY outcomes and at shutdown) plus the `action_outcome`
 * entries of the outcome log after the snapshot's `throughSeq`, replayed in log order. Before answering, a process
 * asks the log whether outcomes arrived after the last one it applied (one indexed count) and applies them, so
 * every server on one database answers from the same posterior within a request of an outcome, and a restart
 * loses nothing. Updates are serialised per workspace so two concurrent requests never apply an outcome twice.
 */
import type { Clock } from '../../core/clock.js';
import { toTimestamp } from '../../core/clock.js';
import { ENTITIES, type CrmRecord } from '../../core/entities.js';
import { conflict, notFound, validationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Crm, RecordChange } from '../../crm/index.js';
import type { WriteOptions } from '../../crm/records.service.js';
import type { OutcomeEvent, OutcomeSource, RecommendationOutcome, Storage, StoredRecommendation } from '../../storage/index.js';
import { assignVariant } from '../learning/experiments.js';
import { mulberry32 } from '../scoring/learn/rng.js';
import type { LoggedDecision } from './evaluate.js';
import { featureInWords, LONG_TOUCH_DAYS, type ContactContext, type TouchHistory } from './features.js';
import { DEFAULT_LEARNER_OPTIONS, NbaLearner, type LearnerOptions, type LearnerRuntime } from './learner.js';
import { DEFAULT_POLICY, FIXED_PREFIX, policyByName, POLICIES, type Estimates } from './policies.js';
import { priorOf } from './posterior.js';
import { baseSteps, chunkAfter, mergeContactOutcomes, splitChunk, type ContactOutcomeChunk, type StoredContactPreferences } from './contact-preferences.js';
import { refitInWorker } from './preference-refit-pool.js';
import { isRandomEffect } from './random-effects.js';

export const POSTERIOR_MODEL = 'nba:posterior';
/**
 * The contacts' outcomes (contactPreference) are stored apart from the posterior's versions: each version stores the
 * outcomes learned since the previous one as rows of this strategy (deltas, written once), so a version's size does
 * not grow with the outcomes. Reading a version merges the rows up to its position (mergeContactOutcomes).
 */
export const CONTACT_OUTCOMES_MODEL = 'nba:contact-outcomes';
/**
 * The posterior's versions kept in the registry: the current one and the rollback targets behind it (a version is
 * stored every SNAPSHOT_EVERY outcomes; older ones are deleted when a new one is stored). The contacts' rows are kept.
 */
export const POSTERIOR_VERSIONS_KEPT = 8;
/** A row of contacts' outcomes holds about this many outcomes at most (whole contacts). */
const CONTACT_ROW_OUTCOMES = 2000;
/**
 * The rows no kept version needs apart are merged into a base (compactContactOutcomes) once they hold at least this
 * many outcomes and at least half as many as the base: what a start reads stays within about twice the kept outcomes
 * (contacts × their newest 200) plus the kept versions' span, and each outcome is merged a bounded number of times.
 */
const COMPACT_MIN_OUTCOMES = 1000;
/**
 * What a row of CONTACT_OUTCOMES_MODEL says of itself (its metrics): the positions it holds; `head`: every position up
 * to it is in rows (the chain written under the workspace's lock); `baseThrough`: the base's position then (−1: none).
 * Rows written before these fields have `after` and `through` only.
 */
interface ContactRowInfo {
  after: number;
  through: number;
  outcomes?: number;
  head?: number;
  baseThrough?: number;
  base?: boolean;
}
/** A version at a position below the rows' base cannot be read from the rows: it is stored with its contacts inside. */
class BehindBase extends Error {}

/**
 * The contacts' rows in the order merging reads them: the base (and rows holding every kept outcome, after = −1)
 * first, then the deltas. Stable: within each kind the order written stays (a position found twice is taken from the
 * later row).
 */
function baseFirst(chunks: readonly ContactOutcomeChunk[]): ContactOutcomeChunk[] {
  return [...chunks.filter((c) => c.after < 0), ...chunks.filter((c) => c.after >= 0)];
}
export const DEFAULT_ACTIONS = ['email', 'call', 'linkedin_message', 'meeting_invite', 'event_invite', 'case_study', 'wait'] as const;
export const DEFAULT_RESPONSE_WINDOW_DAYS = 14;
export const DEFAULT_FATIGUE_DAYS = 14;
/** Below this probability of being best, the answer says no action is clearly best. */
export const CLEARLY_BEST = 0.8;
const SNAPSHOT_EVERY = 500;
const TOUCH_HISTORY_LIMIT = 200;
const SETTINGS_TTL_MS = 1000;
const OUTREACH_KEY = 'nba.outreach';
const POLICY_KEY = 'nba.policy';
const EXPERIMENT_KEY = 'nba.experiment';
const DAY_MS = 86_400_000;

export interface OutreachAction {
  key: string;
  label: string;
}
export interface OutreachSettings {
  actions: OutreachAction[];
  responseWindowDays: number;
  fatigueDays: number;
  defaultPolicy: string;
}
export interface OutreachSettingsInput {
  actions?: (string | { key: string; label?: string })[];
  responseWindowDays?: number;
  fatigueDays?: number;
  defaultPolicy?: string | null;
}

/** A running A/B test of policies: contacts are assigned by the same hash as scoring experiments (assignVariant). */
export interface PolicyExperiment {
  id: string;
  name: string;
  variants: { policy: string; share: number }[];
  started_at: string;
}

export interface NextActionAnswer {
  recommendationId: string;
  action: string;
  policy: string;
  expected: number;
  interval: [number, number];
  probabilityBest: number;
  propensity: number;
  alternatives: { action: string; expected: number; interval: [number, number]; probabilityBest: number }[];
  reasons: string[];
  modelVersion: number;
  experiment?: { id: string; variant: number };
}

export interface RecommendationView {
  id: string;
  contact_id: string;
  policy: string;
  action: string;
  propensity: number;
  model_version: number;
  /**
   * The posterior version that answered is no longer in the registry (POSTERIOR_VERSIONS_KEPT are kept): it cannot be
   * rolled back to or read. What off-policy evaluation needs of the recommendation — its context and propensity — is
   * logged with it and does not depend on the version.
   */
  model_version_pruned: boolean;
  context: Record<string, unknown>;
  created_at: string;
  acted_at: string | null;
  outcome: RecommendationOutcome | null;
  outcome_at: string | null;
  outcome_source: OutcomeSource | null;
}

interface WorkspacePosterior {
  learner: NbaLearner;
  version: number;
  /** The outcome-log seq of the newest outcome applied. */
  lastSeq: number;
  sinceSnapshot: number;
  /**
   * The contacts' outcomes up to this position (ContactPreferences.observed) are in CONTACT_OUTCOMES_MODEL rows
   * stored with (or before) a posterior version; −1: none are (a posterior read from a snapshot that carried them).
   */
  contactsThrough: number;
  /** Serialises syncs: each runs after the previous one. */
  queue: Promise<unknown>;
  /** The last snapshot's write (it runs beside later syncs; the next snapshot waits for it). */
  writing: Promise<void>;
  /** The next snapshot carries the contacts' outcomes inside (its position is below the rows' base: see BehindBase). */
  inline?: boolean;
  /**
   * Outcomes in the contacts' rows outside the base, and in the base, as this server knows them (read at the start,
   * counted as it writes): a compaction is looked for only when they make one likely, since looking reads every
   * row's metrics.
   */
  rowsOutside: number;
  rowsInBase: number;
}

const labelOf = (key: string) => key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const pct = (p: number) => `${Math.round(p * 100)}%`;

/** An activity that means the contact answered: a held meeting, a connected call, an inbound or reply e-mail. */
export function isResponseActivity(a: CrmRecord): boolean {
  if (a.type === 'meeting') return a.outcome === 'held';
  if (a.type === 'call') return a.outcome === 'connected';
  if (a.type === 'email') {
    const custom = (a.custom ?? {}) as Record<string, unknown>;
    return custom.direction === 'inbound' || (typeof a.subject === 'string' && /^\s*re\s*:/i.test(a.subject));
  }
  return false;
}

/** The activity a recommended action is logged as when it is done. */
const ACTIVITY_TYPE_OF: Record<string, string> = { email: 'email', call: 'call', meeting_invite: 'email', event_invite: 'email', case_study: 'email' };

export class NextActionService {
  private readonly states = new Map<string, Promise<WorkspacePosterior>>();
  private readonly settingsCache = new Map<string, { until: number; value: Promise<{ settings: OutreachSettings; experiment: PolicyExperiment | undefined }> }>();
  private readonly rng: () => number;
  private readonly learnerOptions: LearnerOptions;
  /** Contact-preference refits run in a worker thread: off the request path (the posterior is the same). */
  private readonly learnerRuntime: LearnerRuntime;

  /**
   * `learner`: the learner's options (default DEFAULT_LEARNER_OPTIONS); the latency bench passes options that are off
   * by default to measure their cost on the request path (bench/nba-latency.ts --learner).
   */
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    opts: { rng?: () => number; seed?: number; learner?: LearnerOptions; refitWorker?: boolean } = {},
  ) {
    this.rng = opts.rng ?? mulberry32(opts.seed ?? (Date.now() ^ (process.pid << 8)));
    this.learnerOptions = opts.learner ?? DEFAULT_LEARNER_OPTIONS;
    this.learnerRuntime = opts.refitWorker === false ? {} : { preferenceRunner: refitInWorker };
  }

  /* ── settings ── */

  /**
   * The workspace's settings as next-action answers use them: read at most once a second per workspace (two
   * reads saved per request; another server's change shows within a second, this server's at once).
   */
  private cachedSettings(ws: string): Promise<{ settings: OutreachSettings; experiment: PolicyExperiment | undefined }> {
    const hit = this.settingsCache.get(ws);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = Promise.all([this.settings(ws), this.experiment(ws)]).then(([settings, experiment]) => ({ settings, experiment }));
    this.settingsCache.set(ws, { until: Date.now() + SETTINGS_TTL_MS, value });
    value.catch(() => this.settingsCache.delete(ws));
    return value;
  }

  /** The workspace's catalog and windows (read through `storage`: inside a write, its transaction). */
  async settings(ws: string, storage: Storage = this.storage): Promise<OutreachSettings> {
    const stored = (await storage.settings.get(ws, OUTREACH_KEY)) as Partial<OutreachSettings> | undefined;
    const policy = await storage.settings.get(ws, POLICY_KEY);
    return {
      actions: Array.isArray(stored?.actions) && stored.actions.length >= 2 ? stored.actions : DEFAULT_ACTIONS.map((key) => ({ key, label: labelOf(key) })),
      responseWindowDays: stored?.responseWindowDays ?? DEFAULT_RESPONSE_WINDOW_DAYS,
      fatigueDays: stored?.fatigueDays ?? DEFAULT_FATIGUE_DAYS,
      defaultPolicy: typeof policy === 'string' ? policy : DEFAULT_POLICY,
    };
  }

  async saveSettings(ws: string, input: OutreachSettingsInput): Promise<OutreachSettings> {
    const current = await this.settings(ws);
    const actions = input.actions ? input.actions.map((a) => (typeof a === 'string' ? { key: a, label: labelOf(a) } : { key: a.key, label: a.label ?? labelOf(a.key) })) : current.actions;
    const seen = new Set<string>();
    actions.forEach((a, i) => {
      if (seen.has(a.key)) throw validationError(`actions.${i}: "${a.key}" is listed twice`, [{ field: `actions.${i}`, message: 'listed twice' }]);
      seen.add(a.key);
    });
    if (input.defaultPolicy != null) this.checkPolicy(input.defaultPolicy, actions.map((a) => a.key), 'defaultPolicy');
    if (input.defaultPolicy === undefined && current.defaultPolicy.startsWith(FIXED_PREFIX) && !seen.has(current.defaultPolicy.slice(FIXED_PREFIX.length)))
      throw validationError(`actions: the default policy ${current.defaultPolicy} needs its action; change defaultPolicy too`, [{ field: 'actions', message: 'the default policy needs this action' }]);
    const now = toTimestamp(this.clock.now());
    await this.storage.transaction(async (tx) => {
      await tx.settings.set(ws, OUTREACH_KEY, { actions, responseWindowDays: input.responseWindowDays ?? current.responseWindowDays, fatigueDays: input.fatigueDays ?? current.fatigueDays }, now);
      if (input.defaultPolicy === null) await tx.settings.delete(ws, POLICY_KEY);
      else if (input.defaultPolicy !== undefined) await tx.settings.set(ws, POLICY_KEY, input.defaultPolicy, now);
    });
    this.settingsCache.delete(ws);
    return this.settings(ws);
  }

  /** A policy name's problem in words, or nothing; `field` names it in the error. */
  private checkPolicy(name: string, catalog: readonly string[], field: string): void {
    if (!policyByName(name)) throw validationError(`${field}: unknown policy "${name}"; use one of ${POLICIES.join(', ')} or fixed:<action>`, [{ field, message: 'unknown policy' }]);
    if (name.startsWith(FIXED_PREFIX) && !catalog.includes(name.slice(FIXED_PREFIX.length)))
      throw validationError(`${field}: ${name.slice(FIXED_PREFIX.length)} is not in the outreach catalog (${catalog.join(', ')})`, [{ field, message: 'action not in the catalog' }]);
  }

  /* ── experiments (A/B of policies, assignment per contact) ── */

  async experiment(ws: string): Promise<PolicyExperiment | undefined> {
    return ((await this.storage.settings.get(ws, EXPERIMENT_KEY)) as PolicyExperiment | undefined) ?? undefined;
  }

  async startExperiment(ws: string, policies: readonly string[], name?: string): Promise<PolicyExperiment> {
    const { actions } = await this.settings(ws);
    if (policies.length < 2 || policies.length > 4) throw validationError('an experiment compares 2 to 4 policies', [{ field: 'variants', message: 'need 2–4 policies' }]);
    if (new Set(policies).size !== policies.length) throw validationError('each variant must use a different policy', [{ field: 'variants', message: 'duplicate policy' }]);
    policies.forEach((p, i) => this.checkPolicy(p, actions.map((a) => a.key), `variants.${i}`));
    const running = await this.experiment(ws);
    if (running) throw conflict(`experiment ${running.id} is already running; stop it first`);
    const exp: PolicyExperiment = { id: newId('xp'), name: name ?? policies.join(' vs '), variants: policies.map((policy) => ({ policy, share: 1 })), started_at: toTimestamp(this.clock.now()) };
    await this.storage.settings.set(ws, EXPERIMENT_KEY, exp, exp.started_at);
    this.settingsCache.delete(ws);
    return exp;
  }

  async stopExperiment(ws: string): Promise<PolicyExperiment | undefined> {
    const running = await this.experiment(ws);
    if (running) await this.storage.settings.delete(ws, EXPERIMENT_KEY);
    this.settingsCache.delete(ws);
    return running;
  }

  /* ── the posterior ── */

  private load(ws: string): Promise<WorkspacePosterior> {
    let state = this.states.get(ws);
    if (!state) {
      state = (async () => {
        let stored: Awaited<ReturnType<Storage['models']['current']>>;
        let data: { preferences?: StoredContactPreferences } | undefined;
        let contactsThrough = 0;
        let rowsOutside = 0;
        let rowsInBase = 0;
        for (let attempt = 1; ; attempt++) {
          rowsOutside = rowsInBase = 0;
          stored = await this.storage.models.current(ws, POSTERIOR_MODEL);
          data = stored ? (JSON.parse(stored.data) as { preferences?: StoredContactPreferences }) : undefined;
          const prefs = data?.preferences;
          contactsThrough = 0;
          if (prefs?.contactsApart) {
            const chunks = await this.contactOutcomeRows(ws);
            // A refit under way restarts from the outcomes at its cut (contactsAtCut), not at the version's position.
            const cut = prefs.pending && prefs.pending.cut < prefs.observed ? prefs.pending.cut : undefined;
            // Between the two reads other servers stored enough newer versions for a base past this one's position
            // (compactContactOutcomes): the rows no longer give this version; read the newer one.
            if (attempt < 5 && chunks.some((c) => c.base && c.through > (cut ?? prefs.observed))) continue;
            prefs.contacts = mergeContactOutcomes(chunks, prefs.observed);
            if (cut !== undefined) prefs.contactsAtCut = mergeContactOutcomes(chunks, cut);
            for (const c of chunks) {
              if (c.base) rowsInBase += c.outcomes;
              else rowsOutside += c.outcomes;
            }
            contactsThrough = prefs.observed;
          } else if (prefs && Object.keys(prefs.contacts ?? {}).length > 0) contactsThrough = -1;
          break;
        }
        const throughSeq = stored ? ((JSON.parse(stored.metrics) as { throughSeq?: number }).throughSeq ?? 0) : 0;
        return {
          learner: data ? NbaLearner.fromJSON(data, this.learnerOptions, this.learnerRuntime) : new NbaLearner(this.learnerOptions, undefined, this.learnerRuntime),
          version: stored?.version ?? 0,
          lastSeq: throughSeq,
          sinceSnapshot: 0,
          contactsThrough,
          rowsOutside,
          rowsInBase,
          queue: Promise.resolve(),
          writing: Promise.resolve(),
        };
      })();
      this.states.set(ws, state);
      state.catch(() => this.states.delete(ws));
    }
    return state;
  }

  /** Applies outcomes logged since the last look (by this process or any other); returns the posterior. */
  async sync(ws: string): Promise<WorkspacePosterior> {
    const state = await this.load(ws);
    const run = state.queue.then(async () => {
      for (;;) {
        const batch = await this.storage.outcomes.since(ws, state.lastSeq, 1000, ['action_outcome']);
        for (const e of batch) {
          state.lastSeq = e.seq;
          const detail = e.detail as { action?: string; responded?: boolean };
          if (typeof detail.action !== 'string' || typeof detail.responded !== 'boolean' || !e.context) continue;
          state.learner.learn(detail.action, e.context as unknown as ContactContext, detail.responded);
          state.sinceSnapshot++;
        }
        if (batch.length < 1000) break;
      }
      return state.sinceSnapshot >= SNAPSHOT_EVERY;
    });
    // A snapshot that falls due is taken after this request's own work (setImmediate: on SQLite, whose calls do not
    // yield, after its reply), still in the queue so that it sees the posterior exactly at this log position; its
    // write then runs beside later syncs. What any server learns does not depend on when snapshots are taken.
    const after = run.then((due) => (due ? new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.snapshot(ws, state)) : undefined));
    state.queue = after.catch(() => undefined);
    await run;
    return state;
  }

  /**
   * The CONTACT_OUTCOMES_MODEL rows of a workspace: the base (and rows holding every kept outcome, after = −1) first,
   * then the deltas in the order they were written. One statement, so that a compaction (which deletes rows and
   * writes the base in one transaction) is seen whole or not at all; the rows are bounded by compaction.
   */
  private async contactOutcomeRows(ws: string): Promise<ContactOutcomeChunk[]> {
    const rows = await this.storage.models.versionsAfter(ws, CONTACT_OUTCOMES_MODEL, 0, 1_000_000_000);
    return baseFirst(rows.map((r) => JSON.parse(r.data) as ContactOutcomeChunk));
  }

  /**
   * Merges the contacts' rows that no kept version needs apart into a base: C is the newest delta's position at or
   * before the oldest kept version's (the rows no version may read below it); the rows up to C and the old base become
   * one base at C (baseOf: for every position ≥ C the same contacts as all of them), when they hold enough to be worth
   * it (COMPACT_MIN_OUTCOMES, and half the base). The merge runs outside a transaction; the swap (delete the rows,
   * write the base) is one, under the workspace's lock, and changes nothing when another server compacted first.
   * Returns what it did, or undefined when nothing was due. Run after a version is stored (snapshot), or by hand.
   */
  async compactContactOutcomes(ws: string): Promise<{ through: number; rowsMerged: number; outcomesMerged: number; baseOutcomes: number } | undefined> {
    const models = await this.storage.models.list(ws);
    let oldest = Infinity;
    for (const v of models) {
      if (v.strategy !== POSTERIOR_MODEL || !v.active) continue;
      const m = JSON.parse(v.metrics) as { observed?: number; cut?: number; apart?: boolean };
      let observed = m.observed;
      let cut = m.cut;
      let apart = m.apart;
      if (apart === undefined) {
        // A version stored before its metrics said so: read it.
        const full = (await this.storage.models.versionsAfter(ws, POSTERIOR_MODEL, v.version - 1, 1))[0];
        const prefs = full && full.version === v.version ? (JSON.parse(full.data) as { preferences?: StoredContactPreferences }).preferences : undefined;
        apart = prefs?.contactsApart === true;
        observed = prefs?.observed;
        cut = prefs?.pending?.cut;
      }
      // A version with a refit under way reads the rows at the refit's cut too.
      if (apart && observed !== undefined) oldest = Math.min(oldest, observed, cut ?? observed);
    }
    if (!Number.isFinite(oldest)) return undefined;
    const rows = models.filter((m) => m.strategy === CONTACT_OUTCOMES_MODEL).map((m) => ({ version: m.version, info: JSON.parse(m.metrics) as ContactRowInfo }));
    let through = -1;
    for (const r of rows) if (!r.info.base && r.info.through <= oldest) through = Math.max(through, r.info.through);
    if (through < 0) return undefined;
    const merging = rows.filter((r) => r.info.through <= through);
    // Rows stored before their metrics counted outcomes are merged at the first chance (a one-off).
    const fresh = merging.reduce((n, r) => n + (r.info.base ? 0 : (r.info.outcomes ?? CONTACT_ROW_OUTCOMES)), 0);
    const inBase = merging.reduce((n, r) => n + (r.info.base ? (r.info.outcomes ?? 0) : 0), 0);
    if (fresh < Math.max(COMPACT_MIN_OUTCOMES, inBase / 2)) return undefined;
    const versions = new Set(merging.map((r) => r.version));
    // The parse and the merge yield to the event loop between rows (this runs beside the server's requests).
    const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
    // Read in pages (a page is one synchronous read on SQLite); rows another server deleted meanwhile show as missing.
    const chunks: ContactOutcomeChunk[] = [];
    const last = Math.max(...versions);
    for (let after = 0; after < last; ) {
      const page = await this.storage.models.versionsAfter(ws, CONTACT_OUTCOMES_MODEL, after, 20);
      if (page.length === 0) break;
      for (const r of page) if (versions.has(r.version)) chunks.push(JSON.parse(r.data) as ContactOutcomeChunk);
      after = page[page.length - 1]!.version;
      await pause();
    }
    if (chunks.length !== versions.size) return undefined;
    const steps = baseSteps(baseFirst(chunks), through);
    let step = steps.next();
    for (; !step.done; step = steps.next()) await pause();
    const base = step.value;
    const parts = splitChunk(base, CONTACT_ROW_OUTCOMES).map((c) => ({ ...c, base: true }));
    const at = toTimestamp(this.clock.now());
    const swapped = await this.storage.transaction(async (tx) => {
      await tx.lock(`${CONTACT_OUTCOMES_MODEL}/${ws}`);
      if ((await tx.models.remove(ws, CONTACT_OUTCOMES_MODEL, [...versions])) !== versions.size) throw new BehindBase('compacted by another server');
      const newest = await tx.models.currentInfo(ws, CONTACT_OUTCOMES_MODEL);
      const info = newest ? (JSON.parse(newest.metrics) as ContactRowInfo) : undefined;
      const head = info ? (info.head ?? info.through) : through;
      for (const c of parts) await tx.models.save(ws, CONTACT_OUTCOMES_MODEL, JSON.stringify(c), JSON.stringify({ after: -1, through, outcomes: c.outcomes, head: Math.max(head, through), baseThrough: through, base: true } satisfies ContactRowInfo), at);
      return true;
    }).catch((e: unknown) => {
      if (e instanceof BehindBase) return false;
      throw e;
    });
    return swapped ? { through, rowsMerged: versions.size, outcomesMerged: chunks.reduce((n, c) => n + c.outcomes, 0), baseOutcomes: base.outcomes } : undefined;
  }

  /**
   * Takes a snapshot of the posterior (in the sync queue: the posterior as of `lastSeq`) and starts storing it as a
   * new version in the model registry, with the contacts' outcomes learned since the last stored version as rows of
   * CONTACT_OUTCOMES_MODEL in the same transaction — so every version finds the contacts' outcomes up to its position.
   */
  private async snapshot(ws: string, state: WorkspacePosterior): Promise<void> {
    await state.writing;
    if (state.sinceSnapshot === 0) return;
    const lastSeq = state.lastSeq;
    const inline = state.inline === true;
    const delta = inline ? undefined : state.learner.contactOutcomesAfter(state.contactsThrough);
    const stored = (inline ? state.learner.toJSON() : state.learner.toStoredApart()) as { preferences?: StoredContactPreferences };
    // `observed`, `cut` (a refit under way) and `apart` tell compaction which rows the version reads, without reading it.
    const cut = stored.preferences?.pending?.cut;
    const metrics = JSON.stringify({ throughSeq: lastSeq, outcomes: state.learner.outcomes, ...(delta ? { observed: delta.through, ...(cut !== undefined ? { cut } : {}), apart: true } : { apart: false }) });
    const data = JSON.stringify(stored);
    const sinceSnapshot = state.sinceSnapshot;
    state.sinceSnapshot = 0;
    state.writing = (async () => {
      // Another server applying the same outcomes may have stored this very posterior already: take its version.
      const current = await this.storage.models.currentInfo(ws, POSTERIOR_MODEL);
      if (current && ((JSON.parse(current.metrics) as { throughSeq?: number }).throughSeq ?? 0) >= lastSeq) state.version = current.version;
      else {
        const at = toTimestamp(this.clock.now());
        let written = 0;
        state.version = await this.storage.transaction(async (tx) => {
          written = 0;
          if (delta) {
            // One writer of the contacts' rows per workspace at a time (PostgreSQL: an advisory lock; SQLite's
            // BEGIN IMMEDIATE already is one), and it writes only the positions after the rows' head: with several
            // servers on one database each outcome is stored once, whoever stores a version first.
            await tx.lock(`${CONTACT_OUTCOMES_MODEL}/${ws}`);
            const newest = await tx.models.currentInfo(ws, CONTACT_OUTCOMES_MODEL);
            const info = newest ? (JSON.parse(newest.metrics) as ContactRowInfo) : undefined;
            const head = info ? (info.head ?? info.through) : -1;
            const baseThrough = info?.baseThrough ?? -1;
            if (delta.through < baseThrough) throw new BehindBase();
            const fresh = chunkAfter(delta, head);
            const meta = (c: ContactOutcomeChunk) => JSON.stringify({ after: c.after, through: c.through, outcomes: c.outcomes, head: Math.max(head, delta.through), baseThrough } satisfies ContactRowInfo);
            if (fresh.outcomes > 0) for (const c of splitChunk(fresh, CONTACT_ROW_OUTCOMES)) await tx.models.save(ws, CONTACT_OUTCOMES_MODEL, JSON.stringify(c), meta(c), at);
            written = fresh.outcomes;
          }
          const version = await tx.models.save(ws, POSTERIOR_MODEL, data, metrics, at);
          await tx.models.prune(ws, POSTERIOR_MODEL, POSTERIOR_VERSIONS_KEPT);
          return version;
        });
        state.rowsOutside += written;
      }
      state.contactsThrough = delta ? delta.through : -1;
      state.inline = false;
      // The rows no kept version needs apart any more are merged (when enough are): what a start reads stays bounded.
      // Looked for only when this server's count makes one likely (the kept versions' span cannot be merged); a look
      // that finds nothing waits another COMPACT_MIN_OUTCOMES.
      if (delta && state.rowsOutside >= Math.max(COMPACT_MIN_OUTCOMES, state.rowsInBase / 2) + POSTERIOR_VERSIONS_KEPT * SNAPSHOT_EVERY) {
        const did = await this.compactContactOutcomes(ws).catch(() => undefined);
        if (did) {
          // The merged rows held the old base and rows outside it.
          state.rowsOutside = Math.max(0, state.rowsOutside - (did.outcomesMerged - state.rowsInBase));
          state.rowsInBase = did.baseOutcomes;
        } else state.rowsOutside -= COMPACT_MIN_OUTCOMES;
      }
    })().catch((e: unknown) => {
      // Not stored: the next sync tries again (the rows not written are in the next delta). Below the base (this
      // server learned from a version older than every kept one) the next version carries its contacts inside.
      if (e instanceof BehindBase) state.inline = true;
      state.sinceSnapshot += sinceSnapshot;
    });
  }

  /** The posterior's version and size now (after applying what the log holds). */
  async posteriorInfo(ws: string): Promise<{ version: number; outcomes: number; throughSeq: number }> {
    const s = await this.sync(ws);
    return { version: s.version, outcomes: s.learner.outcomes, throughSeq: s.lastSeq };
  }

  /** Stores a snapshot now when outcomes arrived since the last one. */
  async flush(ws: string): Promise<void> {
    const s = await this.sync(ws);
    const run = s.queue.then(() => (s.sinceSnapshot > 0 ? this.snapshot(ws, s) : undefined));
    s.queue = run.catch(() => undefined);
    await run;
    await s.writing;
  }

  /** At shutdown: every loaded workspace's posterior into the registry, so the next start replays little. */
  async flushAll(): Promise<void> {
    for (const ws of this.states.keys()) await this.flush(ws).catch(() => undefined);
  }

  /** The logged decisions with outcomes, in log order, as off-policy evaluation reads them (evaluate.ts). */
  async loggedDecisions(ws: string): Promise<LoggedDecision[]> {
    const out: LoggedDecision[] = [];
    const features = new NbaLearner();
    for (let after = 0; ; ) {
      const batch = await this.storage.outcomes.since(ws, after, 1000);
      for (const e of batch) {
        if (e.kind !== 'action_outcome' || !e.context) continue;
        const d = e.detail as { action?: unknown; propensity?: unknown; responded?: unknown; policy?: unknown };
        const catalog = (e.context as { catalog?: unknown }).catalog;
        if (typeof d.action !== 'string' || typeof d.propensity !== 'number' || typeof d.responded !== 'boolean' || !Array.isArray(catalog)) continue;
        out.push({ features: features.featuresFor(e.context as unknown as ContactContext), catalog: catalog as string[], action: d.action, propensity: d.propensity, responded: d.responded, policy: String(d.policy) });
      }
      if (batch.length < 1000) break;
      after = batch[batch.length - 1]!.seq;
    }
    return out;
  }

  /* ── recommending ── */

  /** The contact's outreach in the fatigue window: recommendations (with their actions) and logged touches. */
  private async touchHistory(ws: string, contactId: string, fatigueDays: number): Promise<TouchHistory> {
    const now = this.clock.now().getTime();
    const since = toTimestamp(new Date(now - fatigueDays * DAY_MS));
    // With `longTouches` the recommendations and activities are read a month back (LONG_TOUCH_DAYS) and the fatigue
    // window's are taken from them; otherwise the window alone, as before.
    const long = this.learnerOptions.longTouches === true && LONG_TOUCH_DAYS > fatigueDays;
    const from = long ? toTimestamp(new Date(now - LONG_TOUCH_DAYS * DAY_MS)) : since;
    const countActivities = (after: string) =>
      this.storage.records.count(ws, ENTITIES.activity, [
        { field: 'contact_id', op: 'eq', value: contactId },
        { field: 'occurred_at', op: 'gte', value: after },
        { field: 'type', op: 'in', value: ['email', 'call', 'meeting'] },
      ]);
    const [recommendations, activities, longActivities] = await Promise.all([
      // Oldest first; more than TOUCH_HISTORY_LIMIT in one window is "4+ touches" either way.
      this.storage.recommendations.list(ws, { contactId, createdAfter: from, limit: TOUCH_HISTORY_LIMIT }),
      countActivities(since),
      long ? countActivities(from) : undefined,
    ]);
    const recs = recommendations.map((r) => ({ at: new Date(r.created_at), action: r.action }));
    const sinceMs = now - fatigueDays * DAY_MS;
    const inWindow = long ? recs.filter((r) => r.at.getTime() > sinceMs) : recs;
    const longTouches = this.learnerOptions.longTouches === true ? { longTouches: recs.filter((r) => r.action !== 'wait').length + (longActivities ?? activities) } : {};
    return { recommendations: inWindow, activities, ...longTouches };
  }

  /** Which policy answers for a contact: the one asked for, else a running experiment's variant, else the rollout flag. */
  private policyFor(contactId: string, asked: string | undefined, settings: OutreachSettings, exp: PolicyExperiment | undefined): { name: string; experiment?: { id: string; variant: number } } {
    const catalog = settings.actions.map((a) => a.key);
    if (asked !== undefined) {
      this.checkPolicy(asked, catalog, 'policy');
      return { name: asked };
    }
    if (exp) {
      const variant = assignVariant({ id: exp.id, variants: exp.variants.map((v) => ({ strategy: 'logistic' as const, share: v.share })) }, contactId);
      const name = exp.variants[variant]!.policy;
      if (policyByName(name) && (!name.startsWith(FIXED_PREFIX) || catalog.includes(name.slice(FIXED_PREFIX.length)))) return { name, experiment: { id: exp.id, variant } };
    }
    const flag = settings.defaultPolicy;
    return { name: policyByName(flag) && (!flag.startsWith(FIXED_PREFIX) || catalog.includes(flag.slice(FIXED_PREFIX.length))) ? flag : DEFAULT_POLICY };
  }

  async nextAction(ws: string, contactId: string, opts: { policy?: string; actor?: string | null } = {}): Promise<NextActionAnswer> {
    const { settings, experiment } = await this.cachedSettings(ws);
    const catalog = settings.actions.map((a) => a.key);
    const policy = this.policyFor(contactId, opts.policy, settings, experiment);
    const contact = await this.storage.records.get(ws, ENTITIES.contact, contactId);
    if (!contact) throw notFound('contact', contactId);
    const [state, company, history] = await Promise.all([
      this.sync(ws),
      typeof contact.company_id === 'string' ? this.storage.records.get(ws, ENTITIES.company, contact.company_id) : undefined,
      this.touchHistory(ws, contactId, settings.fatigueDays),
    ]);
    const context = state.learner.context(contact, company, history, this.clock.now());
    const est = state.learner.estimate(context, catalog, this.rng);
    const choice = policyByName(policy.name)!.choose(est, this.rng);
    const id = newId('rc');
    const at = toTimestamp(this.clock.now());
    const logged = { ...context, catalog };
    await this.storage.transaction(async (tx) => {
      await tx.recommendations.insert(ws, {
        id, contact_id: contactId, policy: policy.name, action: choice.action, propensity: choice.propensity, context: JSON.stringify(logged),
        model_version: state.version, created_at: at, acted_at: null, outcome: null, outcome_at: null, outcome_source: null,
      });
      const entry: OutcomeEvent = {
        kind: 'action_recommended', entity: 'contact', record_id: contactId, at, source: 'api', actor: opts.actor ?? null,
        detail: { recommendation_id: id, policy: policy.name, action: choice.action, propensity: choice.propensity, model_version: state.version, ...(policy.experiment ? { experiment: policy.experiment } : {}) },
        context: logged,
      };
      await tx.outcomes.append(ws, [entry]);
    });
    const chosen = est.actions.find((a) => a.action === choice.action)!;
    return {
      recommendationId: id,
      action: choice.action,
      policy: policy.name,
      expected: chosen.expected,
      interval: chosen.interval,
      probabilityBest: chosen.probabilityBest,
      propensity: choice.propensity,
      alternatives: est.actions.filter((a) => a.action !== choice.action).sort((a, b) => b.expected - a.expected).map(({ action, expected, interval, probabilityBest }) => ({ action, expected, interval, probabilityBest })),
      reasons: this.reasons(est, choice.action, state.learner, context, settings, policy),
      modelVersion: state.version,
      ...(policy.experiment ? { experiment: policy.experiment } : {}),
    };
  }

  /** Why, in words: how sure, what in the contact favours it, fatigue, which policy chose. */
  private reasons(est: Estimates, action: string, learner: NbaLearner, context: ContactContext, settings: OutreachSettings, policy: { name: string; experiment?: { id: string } }): string[] {
    const out: string[] = [];
    const ranked = [...est.actions].sort((a, b) => b.probabilityBest - a.probabilityBest);
    const top = ranked[0]!;
    const labelOfKey = (k: string) => settings.actions.find((a) => a.key === k)?.label ?? k;
    const posterior = learner.posterior;
    if (posterior.outcomes === 0) out.push('Nothing learned yet: no outcomes so far, so every expected response is the prior guess and the answer explores.');
    if (top.probabilityBest >= CLEARLY_BEST) out.push(`${labelOfKey(top.action)} is the best action with ${pct(top.probabilityBest)} probability (expected response ${pct(top.expected)}, ${pct(top.interval[0])}–${pct(top.interval[1])}).`);
    else {
      const second = ranked[1];
      out.push(`No action is clearly best yet: ${labelOfKey(top.action)} ${pct(top.probabilityBest)}${second ? `, ${labelOfKey(second.action)} ${pct(second.probabilityBest)}` : ''} chance of being best.`);
    }
    // The feature that most favours the chosen action over the others' average, once it has evidence.
    const featuresFor = learner.featuresFor(context);
    let best: { feature: string; lift: number } | undefined;
    for (const f of featuresFor(action)) {
      if (f === 'bias' || isRandomEffect(f)) continue;
      const w = posterior.weight(action, f);
      if (!w || 1 / w.variance - priorOf(f).precision < 1) continue;
      const others = est.actions.filter((a) => a.action !== action).map((a) => posterior.weight(a.action, f)?.mean ?? priorOf(f).mean);
      const lift = w.mean - (others.length ? others.reduce((s, x) => s + x, 0) / others.length : 0);
      if (lift > 0.1 && (!best || lift > best.lift)) best = { feature: f, lift };
    }
    if (best) out.push(`${labelOfKey(action)} has drawn more responses than other actions among ${featureInWords(best.feature)}.`);
    if (context.touches >= 2) out.push(`${context.touches} touches in the last ${settings.fatigueDays} days.`);
    if (posterior.outcomes > 0) out.push(`Learned from ${posterior.outcomes} outcome${posterior.outcomes === 1 ? '' : 's'}.`);
    if (policy.experiment) out.push(`Policy ${policy.name}, assigned by experiment ${policy.experiment.id}.`);
    else if (policy.name !== 'thompson') out.push(`Chosen by the ${policy.name} policy.`);
    return out;
  }

  /* ── outcomes ── */

  private async get(ws: string, id: string): Promise<StoredRecommendation> {
    const r = await this.storage.recommendations.get(ws, id);
    if (!r) throw notFound('recommendation', id);
    return r;
  }

  /** Records what came of a recommendation; a second outcome is a conflict and changes nothing. */
  async recordOutcome(ws: string, id: string, outcome: RecommendationOutcome, opts: { at?: string; actor?: string | null } = {}): Promise<void> {
    const at = opts.at ? toTimestamp(new Date(opts.at)) : toTimestamp(this.clock.now());
    await this.storage.transaction(async (tx) => {
      const rec = await tx.recommendations.get(ws, id);
      if (!rec) throw notFound('recommendation', id);
      if (!(await writeOutcome(tx, ws, rec, outcome, at, 'api', opts.actor ?? null))) throw conflict(`recommendation ${id} already has an outcome (${rec.outcome})`, [{ field: 'outcome', message: 'already recorded' }]);
    });
    // Every process (this one too) applies it to its posterior before its next answer (sync), in log order.
  }

  async list(ws: string, q: { contactId?: string; policy?: string; after?: string; limit: number }): Promise<{ data: RecommendationView[]; next: string | null }> {
    let afterSeq: number | undefined;
    let createdAfter: string | undefined;
    if (q.after !== undefined) {
      if (/^\d+$/.test(q.after)) afterSeq = Number(q.after);
      else if (!Number.isNaN(Date.parse(q.after))) createdAfter = toTimestamp(new Date(q.after));
      else throw validationError('after: a page cursor (next) or an ISO date-time', [{ field: 'after', message: 'not a cursor or date-time' }]);
    }
    const rows = await this.storage.recommendations.list(ws, { contactId: q.contactId, policy: q.policy, afterSeq, createdAfter, limit: q.limit });
    const stored = await this.storedVersions(ws);
    return { data: rows.map((r) => viewOf(r, stored)), next: rows.length === q.limit ? String(rows[rows.length - 1]!.seq) : null };
  }

  /** The posterior's versions still in the registry (active or rolled back). */
  async storedVersions(ws: string): Promise<Set<number>> {
    // The key alone: the registry's list would read every stored model's metrics (on SQLite, past its data).
    return new Set(await this.storage.models.versionNumbers(ws, POSTERIOR_MODEL));
  }

  /** Turns a recommendation into a task (due later) or logs it as done; either marks it acted on. The acting member owns it. */
  async act(crm: Crm, ws: string, id: string, input: { as: 'task' | 'done'; due_at?: string; subject?: string }, opts: WriteOptions & { owner?: string | null }): Promise<{ recommendation: RecommendationView; activity_id: string }> {
    const rec = await this.get(ws, id);
    const settings = await this.settings(ws);
    const label = settings.actions.find((a) => a.key === rec.action)?.label ?? rec.action;
    const now = this.clock.now();
    const tomorrow9 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 9));
    const activity =
      input.as === 'task'
        ? { type: 'task', due_at: input.due_at ?? toTimestamp(tomorrow9) }
        : { type: ACTIVITY_TYPE_OF[rec.action] ?? 'note' };
    const { record } = await crm.records.create(
      ws,
      'activity',
      { ...activity, ...(opts.owner ? { owner: opts.owner } : {}), contact_id: rec.contact_id, occurred_at: toTimestamp(now), subject: input.subject ?? `${label} (recommended next action)`, custom: { recommendation_id: id } },
      { actor: opts.actor, source: opts.source },
    );
    return { recommendation: viewOf(await this.get(ws, id), await this.storedVersions(ws)), activity_id: record.id };
  }

  /**
   * Outcome inference, inside the writing transaction of an activity: an activity made from a recommendation
   * (custom.recommendation_id) marks it acted on; an activity from the contact (isResponseActivity) within the
   * response window after an acted-on recommendation without an outcome records `responded` for the newest one.
   */
  async onActivityWritten(tx: Storage, change: RecordChange): Promise<void> {
    const write = change.writes?.[0];
    if (change.entity !== 'activity' || change.op !== 'upsert' || change.ids.length !== 1 || !write || write.source === 'import' || write.source === 'merge') return;
    const ws = change.workspaceId;
    const activity = await tx.records.get(ws, ENTITIES.activity, change.ids[0]!);
    if (!activity || typeof activity.contact_id !== 'string') return;
    const recId = (activity.custom as Record<string, unknown> | undefined)?.recommendation_id;
    if (typeof recId === 'string') {
      const rec = await tx.recommendations.get(ws, recId);
      if (rec && rec.contact_id === activity.contact_id) await tx.recommendations.markActed(ws, recId, write.at);
      return;
    }
    if (!isResponseActivity(activity)) return;
    const at = typeof activity.occurred_at === 'string' ? activity.occurred_at : write.at;
    const { responseWindowDays } = await this.settings(ws, tx);
    const from = toTimestamp(new Date(Date.parse(at) - responseWindowDays * DAY_MS));
    const rec = await tx.recommendations.latestAwaitingOutcome(ws, activity.contact_id, from, at);
    if (rec) await writeOutcome(tx, ws, rec, 'responded', at, 'inferred', write.actor);
  }

  /** Subscribes outcome inference to the CRM's writes; returns the unsubscribe function. */
  subscribe(crm: Crm): () => void {
    return crm.changes.subscribe((tx, change) => this.onActivityWritten(tx, change));
  }
}

/** Sets the outcome (once) and logs it with the context and propensity; false when it had one already. */
async function writeOutcome(tx: Storage, ws: string, rec: StoredRecommendation, outcome: RecommendationOutcome, at: string, source: OutcomeSource, actor: string | null): Promise<boolean> {
  if (!(await tx.recommendations.recordOutcome(ws, rec.id, outcome, at, source))) return false;
  await tx.outcomes.append(ws, [
    {
      kind: 'action_outcome', entity: 'contact', record_id: rec.contact_id, at, source: source === 'inferred' ? 'system' : 'api', actor,
      detail: { recommendation_id: rec.id, policy: rec.policy, action: rec.action, propensity: rec.propensity, model_version: rec.model_version, outcome, responded: outcome === 'responded', outcome_source: source },
      context: JSON.parse(rec.context) as Record<string, unknown>,
    },
  ]);
  return true;
}

/** `stored`: the posterior's versions in the registry (version 0, the prior before any outcome, is never stored). */
function viewOf(r: StoredRecommendation, stored: ReadonlySet<number>): RecommendationView {
  return {
    id: r.id, contact_id: r.contact_id, policy: r.policy, action: r.action, propensity: r.propensity, model_version: r.model_version,
    model_version_pruned: r.model_version > 0 && !stored.has(r.model_version),
    context: JSON.parse(r.context) as Record<string, unknown>, created_at: r.created_at, acted_at: r.acted_at, outcome: r.outcome, outcome_at: r.outcome_at, outcome_source: r.outcome_source,
  };
}
