/**
 * The next-best-action learner as one object: how a contact becomes a context and features, the posterior over
 * every action's response, the estimates the policies choose from, and learning from an outcome. The service
 * (next-action.service.ts) wraps it with storage, the outcome log and the model registry; the learning bench
 * (bench/nba-learner.ts) drives the very same object in-process against a response simulation.
 */
import type { ContactOutcomeChunk, RefitRunner } from './contact-preferences.js';
import { CorrelatedPosterior, type PosteriorOptions } from './correlated-posterior.js';
import { actionFeatures, contextOf, DEFAULT_FEATURE_OPTIONS, featuresOf, type ContactContext, type FeatureOptions, type TouchHistory } from './features.js';
import { estimate, type Estimates } from './policies.js';
import { ContextualPosterior, type ActionPosterior } from './posterior.js';

export interface LearnerOptions extends FeatureOptions {
  /** `full`: correlated posterior (the default); `diagonal`: the first version's, with tempered draws. */
  covariance: 'full' | 'diagonal';
  /** Thompson's draws use the logit's sd times this (full covariance only). */
  temper: number;
  /** The contact/company offsets' variances learned from the outcomes (empirical Bayes); false: fixed at their start. */
  ebVariances: boolean;
  /** Each action learns its feature groups' prior variances from the outcomes (relevance determination; full covariance). */
  groupVariances: boolean;
  /** The actions share strength: weights common to all actions + per-action deviations (full covariance). */
  shareActions: boolean;
  /** The actions of one kind of outreach (written, live: catalog-structure.ts) share strength (full covariance). */
  shareChannels: boolean;
  /**
   * A contact's own responsiveness and preference per action, learned from its own outcomes under grids learned
   * from all contacts (contact-preferences.ts; the contexts carry the contact's id as with contactEffect).
   */
  contactPreference: boolean;
  /**
   * With contactPreference: a contact's evidence fades with its age (exponential forgetting), the half-life chosen
   * from the outcomes by its prequential score (contact-preferences.ts) — a reply's warmth is not a lasting preference.
   */
  preferenceFading: boolean;
  /** With learned group variances: a group whose evidence favours "no effect" is switched off (and back on later). */
  switchGroups: boolean;
  /** Evidence fixed-point steps per refit of the group variances (1: one step per refit). */
  ardIterations: number;
  /** A feature group's prior variance before its first refit is at most this (0: the features' own prior). */
  groupStart: number;
  /** groupStart for main-effect groups only (crosses start at their own prior). */
  groupStartMainOnly: boolean;
  /** Crosses start off and are on only while their evidence (a Bayes factor at each refit) says so. */
  gateCrosses: boolean;
  /**
   * The group variances' floor falls as floorDecay / an action's outcomes, down to floorEnd (0: the fixed floor 0.05).
   * Default 70: the fixed 0.05 until an action's 1,400th outcome, 0.01 from its 7,000th (docs/next-best-action.md,
   * "A floor that falls with the evidence").
   */
  floorDecay: number;
  floorEnd: number;
  /** With fatigueLoad: the load's weights shared by every outreach action, each keeping its deviation (full covariance). */
  shareFatigue: boolean;
  /** With shareFatigue: each outreach action keeps its own deviation of the load's weights (false: the shared ones alone). */
  fatigueDeviations: boolean;
  /**
   * With shareFatigue: Thompson draws the shared load term once per decision for every outreach action (the joint
   * posterior; probabilityBest integrates it once) — false: independently per action, as before 2026-12-07.
   */
  sharedDraw: boolean;
  /**
   * With shareFatigue: wait reads the shared load mirrored (−1 × the outreach's load term; its own load weights its
   * deviation from it), so wait and outreach learn one fatigue estimate. Default false.
   */
  waitMirror: boolean;
  /** With contactPreference: Thompson draws the contact's own offset at full width, the temper only the shared part. Default false. */
  preferenceFullDraw: boolean;
  /**
   * With contactPreference, n₀ > 0: the contact's own offset is drawn at full width in the share n₀ / (n₀ + n) of its
   * variance, n the contact's own outcomes, the rest tempered — full width for a new contact, tempered as its own
   * evidence grows (preferenceFullDraw explored too long). 0: off (the default).
   */
  preferenceDrawOutcomes: number;
}

export const DEFAULT_LEARNER_OPTIONS: LearnerOptions = { ...DEFAULT_FEATURE_OPTIONS, covariance: 'full', temper: 0.3, ebVariances: true, groupVariances: true, shareActions: false, shareChannels: false, contactPreference: true, preferenceFading: false, switchGroups: false, ardIterations: 1, groupStart: 0, groupStartMainOnly: false, gateCrosses: false, floorDecay: 70, floorEnd: 0.01, shareFatigue: false, fatigueDeviations: true, sharedDraw: true, waitMirror: false, preferenceFullDraw: false, preferenceDrawOutcomes: 0 };

type StoredPosterior = ActionPosterior & { toJSON(): unknown };

/** How a learner runs, not what it learns: the same options give the same posterior with any of these. */
export interface LearnerRuntime {
  /** Where contactPreference's grid refits run (the server: a worker thread, preference-refit-pool.ts). */
  preferenceRunner?: RefitRunner;
}

const posteriorOptions = (o: LearnerOptions, runtime: LearnerRuntime = {}): PosteriorOptions => ({ ...(runtime.preferenceRunner ? { preferenceRunner: runtime.preferenceRunner } : {}), learnVariances: o.ebVariances, learnGroupVariances: o.groupVariances, shareActions: o.shareActions, shareChannels: o.shareChannels, contactPreference: o.contactPreference, preferenceFading: o.preferenceFading, switchGroups: o.switchGroups, ardIterations: o.ardIterations, groupStart: o.groupStart > 0 ? o.groupStart : undefined, groupStartMainOnly: o.groupStartMainOnly, gateCrosses: o.gateCrosses, floorDecay: o.floorDecay, floorEnd: o.floorEnd, shareFatigue: o.shareFatigue && o.fatigueLoad === true, fatigueDeviations: o.fatigueDeviations, sharedDraw: o.sharedDraw, waitMirror: o.waitMirror, preferenceFullDraw: o.preferenceFullDraw, preferenceDrawOutcomes: o.preferenceDrawOutcomes });

export class NbaLearner {
  readonly posterior: StoredPosterior;

  constructor(
    readonly options: LearnerOptions = DEFAULT_LEARNER_OPTIONS,
    posterior?: StoredPosterior,
    runtime: LearnerRuntime = {},
  ) {
    this.posterior = posterior ?? (options.covariance === 'full' ? new CorrelatedPosterior(options.temper, posteriorOptions(options, runtime)) : new ContextualPosterior());
  }

  /** Reads a stored snapshot (any earlier format: a diagonal snapshot becomes an uncorrelated full posterior). */
  static fromJSON(data: unknown, options: LearnerOptions = DEFAULT_LEARNER_OPTIONS, runtime: LearnerRuntime = {}): NbaLearner {
    return new NbaLearner(options, options.covariance === 'full' ? CorrelatedPosterior.fromJSON(data, options.temper, posteriorOptions(options, runtime)) : ContextualPosterior.fromJSON(data), runtime);
  }

  toJSON(): unknown {
    return this.posterior.toJSON();
  }

  /**
   * The snapshot without the contacts' outcomes (contactPreference), whose size does not grow with the outcomes; the
   * outcomes are stored apart as deltas (contactOutcomesAfter) and merged back in on reading (fromJSON's `contacts`).
   */
  toStoredApart(): unknown {
    return this.posterior instanceof CorrelatedPosterior ? this.posterior.toStored(false) : this.posterior.toJSON();
  }

  /** The contacts' outcomes learned after position `after` (−1: all kept); undefined without contactPreference. */
  contactOutcomesAfter(after: number): ContactOutcomeChunk | undefined {
    return this.posterior instanceof CorrelatedPosterior ? this.posterior.preferences?.outcomesAfter(after) : undefined;
  }

  get outcomes(): number {
    return this.posterior.outcomes;
  }

  context(contact: Record<string, unknown>, company: Record<string, unknown> | undefined, history: TouchHistory, now: Date): ContactContext {
    return contextOf(contact, company, history, now);
  }

  /** The features of a context per action (most are shared; a few depend on the action). */
  featuresFor(context: ContactContext): (action: string) => readonly string[] {
    let opts: FeatureOptions = this.options.contactPreference ? { ...this.options, contactEffect: true, contactTime: this.options.preferenceFading } : this.options;
    // Valued features (the fatigue load) are read by the full-covariance posterior only.
    if (opts.fatigueLoad && this.options.covariance !== 'full') opts = { ...opts, fatigueLoad: false };
    const shared = featuresOf(context, opts);
    return (action) => actionFeatures(context, shared, action, opts);
  }

  estimate(context: ContactContext, catalog: readonly string[], rng: () => number, draws?: number): Estimates {
    return estimate(this.posterior, this.featuresFor(context), catalog, rng, draws);
  }

  learn(action: string, context: ContactContext, responded: boolean): void {
    this.posterior.update(action, this.featuresFor(context)(action), responded);
  }
}
