/**
 * A family of randomised response worlds on the shared data's contacts, to judge whether a learner is general
 * rather than fitted to one world's structure (bench/nba/README.md, "The family of worlds"). World k of the family
 * is drawn from its own seed: which attributes matter for which action and how much, a few two-attribute
 * interactions, how responsive a contact and a company are, per-contact channel preferences of random strength
 * (zero included), a share of people who never answer, a fatigue shape (a decaying load, a count over a window,
 * or the gap since the last touch), a repeat penalty, a change after a response (warmer or colder, or none), and
 * the base rates. The schedule (who is up, when) and the dice come from the run seed through the open world's
 * `World`, so every policy of a seed meets the same people at the same times with the same luck. Nothing here is
 * read by the server or the learner: they see only outcomes.
 */
import { mixSeed, Random, sigmoid } from './random.js';
import type { SimContact } from './population.js';
import { ACTIONS, type Action, type OutreachAction } from './response-model.js';
import { World, type LocalPath, type StepResult, runAlong, bestSingleActionAlong } from './simulator.js';

const DAY_MS = 86_400_000;
const OUTREACH = ACTIONS.filter((a): a is OutreachAction => a !== 'wait');

/** The attributes a family world's effects read; a few are the raw values the learner's features only approximate. */
const ATTRIBUTES = ['seniority', 'family', 'industry', 'industryGroup', 'size', 'employeesBand', 'leadSource', 'leadStatus', 'tag', 'titleWord'] as const;
/**
 * Attributes only the newer worlds (`variant:*`, below) read: where the company is and the words of the notes. Kept
 * out of ATTRIBUTES so that the original six worlds draw exactly as before.
 */
const EXTRA_ATTRIBUTES = ['country', 'region', 'noteWord'] as const;
type Attribute = (typeof ATTRIBUTES)[number] | (typeof EXTRA_ATTRIBUTES)[number];
const ALL_ATTRIBUTES: readonly Attribute[] = [...ATTRIBUTES, ...EXTRA_ATTRIBUTES];

/** The values of an attribute for a contact (tags, title and note words: several; others: one). */
function valuesOf(c: SimContact, attr: Attribute): string[] {
  switch (attr) {
    case 'country':
      return [c.country || 'none'];
    case 'region':
      return [c.region || 'unknown'];
    case 'noteWord':
      return c.noteWords?.length ? c.noteWords : ['none'];
    case 'seniority':
      return [c.seniority];
    case 'family':
      return [c.family];
    case 'industry':
      return [c.industry.trim().toLowerCase() || 'none'];
    case 'industryGroup':
      return [c.industryGroup];
    case 'size':
      return [c.size];
    case 'employeesBand':
      // Finer than the CRM's size bands: a third of a decade each.
      return [c.employees && c.employees > 0 ? String(Math.floor(3 * Math.log10(c.employees))) : 'none'];
    case 'leadSource':
      return [c.leadSource || 'none'];
    case 'leadStatus':
      return [c.leadStatus || 'none'];
    case 'tag':
      return c.tags.length ? c.tags : ['none'];
    case 'titleWord':
      return [...new Set(c.title.toLowerCase().split(/[^a-z&]+/).filter((w) => w.length > 2))];
  }
}

export type FatigueShape = 'decay' | 'window' | 'gap';

/** Everything that defines world k (drawn from its seed; printed by `describeFamilyWorld`). */
export interface FamilySpec {
  index: number;
  base: Record<OutreachAction, number>;
  waitBase: number;
  /** Main effects: action → "attribute=value" → logit. */
  effects: Record<OutreachAction, Map<string, number>>;
  /** Two-attribute interactions: the effect holds when both values do. */
  interactions: { action: OutreachAction; a: string; b: string; logit: number }[];
  statusResponsiveness: Map<string, number>;
  contactSd: number;
  companySd: number;
  /** Per-contact channel preference: none, a Gaussian taste per action, or one preferred action with a lift. */
  channel: { kind: 'none' | 'taste' | 'preferred'; strength: number };
  nonResponderShare: number;
  fatigue: { shape: FatigueShape; days: number; weight: Record<OutreachAction, number> };
  repeatPenalty: number;
  /** Logit added for `afterResponseDays` after the contact responded (positive: warmer; negative: they got what they needed). */
  afterResponse: number;
  afterResponseDays: number;
  /** Waiting: replies to recent touches still arrive (per unit of recent-touch pressure, up to 2). */
  pendingReply: number;
  /** The newer worlds' terms (absent in the original six): */
  /** Which variant this is ('region', 'interactions', 'timing'); absent for family worlds 1…N. */
  variant?: VariantName;
  /**
   * Dense interaction tables: for an action, every combination of two or three single-valued attributes has its own
   * logit (what no sum of main effects reproduces).
   */
  tables?: { action: OutreachAction; attrs: Attribute[]; cells: Map<string, number> }[];
  /** Decay fatigue with a time constant per action (calls forgotten in a day, e-mails remembered for weeks). */
  daysByAction?: Record<OutreachAction, number>;
  /** A follow-up lift: the action works better when the last touch was between `from` and `to` days ago. */
  followUp?: Partial<Record<OutreachAction, { from: number; to: number; lift: number }>>;
  /** Annoyance: −perTouch for every touch beyond `free` in the last 30 days. */
  annoyance?: { free: number; perTouch: number };
}

export const VARIANTS = ['region', 'interactions', 'timing'] as const;
export type VariantName = (typeof VARIANTS)[number];

/** Per action, each attribute of `attrs` matters with its probability; its values' effects are N(0, spread²). */
function drawEffects(r: Random, valueLists: Map<Attribute, string[]>, attrs: { attr: Attribute; p: number; spread: number; share?: number }[]): Record<OutreachAction, Map<string, number>> {
  const effects = {} as Record<OutreachAction, Map<string, number>>;
  for (const a of OUTREACH) {
    const m = new Map<string, number>();
    for (const { attr, p, spread, share = 1 } of attrs) {
      if (!r.chance(p)) continue;
      for (const v of valueLists.get(attr)!) if (share >= 1 || r.chance(share)) m.set(`${attr}=${v}`, r.normal(0, spread));
    }
    effects[a] = m;
  }
  return effects;
}

function valueListsOf(population: readonly SimContact[]): Map<Attribute, string[]> {
  const lists = new Map<Attribute, string[]>();
  for (const attr of ALL_ATTRIBUTES) {
    if (attr !== 'noteWord') {
      lists.set(attr, [...new Set(population.flatMap((c) => valuesOf(c, attr)))].sort());
      continue;
    }
    // Note words that 2–35 % of the contacts' notes hold: the ones that can say something about a segment.
    const n = new Map<string, number>();
    for (const c of population) for (const w of valuesOf(c, attr)) n.set(w, (n.get(w) ?? 0) + 1);
    lists.set(attr, [...n].filter(([, k]) => k >= 0.02 * population.length && k <= 0.35 * population.length).map(([w]) => w).sort());
  }
  return lists;
}

const SINGLE_VALUED: Attribute[] = ['seniority', 'family', 'industryGroup', 'size', 'leadSource', 'leadStatus', 'region'];

/** A dense table over `attrs` for `action`: every combination of their values gets N(0, sd²). */
function drawTable(r: Random, valueLists: Map<Attribute, string[]>, action: OutreachAction, attrs: Attribute[], sd: number) {
  let keys = [''];
  for (const attr of attrs) keys = keys.flatMap((k) => valueLists.get(attr)!.map((v) => (k ? `${k}&` : '') + `${attr}=${v}`));
  return { action, attrs, cells: new Map(keys.map((k) => [k, r.normal(0, sd)])) };
}

/**
 * Three worlds whose structure the original family does not have (written before the learner was changed, to
 * judge it on dependence it was not built around):
 * - `region`: where the company is (region, country), the lead source and the words of the notes decide which
 *   action works, plus region × source tables; role and seniority do not matter at all;
 * - `interactions`: weak main effects, the best action set by dense two- and three-way tables (seniority × size,
 *   family × status, …) that no sum of main effects reproduces;
 * - `timing`: fatigue with a time constant per action, follow-ups that work only in a window of days after the
 *   last touch, a 30-day annoyance beyond two touches, a preferred channel per contact; segments matter little.
 */
export function variantSpec(variant: VariantName, population: readonly SimContact[]): FamilySpec {
  const k = VARIANTS.indexOf(variant);
  const r = new Random(mixSeed(0x7a21a7, k + 1));
  const valueLists = valueListsOf(population);
  const level = r.uniform(-3.2, -2.5);
  const base = {} as Record<OutreachAction, number>;
  for (const a of OUTREACH) base[a] = level + r.normal(0, 0.3);
  const statusResponsiveness = new Map<string, number>();
  for (const st of valueLists.get('leadStatus')!) statusResponsiveness.set(st, r.normal(0, 0.3));
  const weight = {} as Record<OutreachAction, number>;
  const common: FamilySpec = {
    index: 100 + k,
    variant,
    base,
    waitBase: level - r.uniform(0.8, 1.4),
    effects: {} as FamilySpec['effects'],
    interactions: [],
    statusResponsiveness,
    contactSd: 0.4,
    companySd: 0.3,
    channel: { kind: 'taste', strength: 0.3 },
    nonResponderShare: 0.1,
    fatigue: { shape: 'decay', days: 4, weight },
    repeatPenalty: 0.3,
    afterResponse: 0,
    afterResponseDays: 30,
    pendingReply: r.uniform(0.4, 1.2),
  };
  if (variant === 'region') {
    for (const a of OUTREACH) weight[a] = r.uniform(0.6, 1.4);
    common.effects = drawEffects(r, valueLists, [
      { attr: 'region', p: 1, spread: 0.6 },
      { attr: 'country', p: 0.6, spread: 0.4 },
      { attr: 'leadSource', p: 0.7, spread: 0.5 },
      { attr: 'noteWord', p: 0.6, spread: 0.5, share: 0.25 },
      { attr: 'leadStatus', p: 0.3, spread: 0.3 },
    ]);
    common.tables = Array.from({ length: 3 }, () => drawTable(r, valueLists, r.pick(OUTREACH), ['region', 'leadSource'], 0.6));
  } else if (variant === 'interactions') {
    for (const a of OUTREACH) weight[a] = r.uniform(0.5, 1.2);
    common.fatigue = { shape: 'window', days: 14, weight };
    common.repeatPenalty = 0.4;
    common.companySd = 0;
    common.channel = { kind: 'none', strength: 0 };
    common.effects = drawEffects(r, valueLists, SINGLE_VALUED.map((attr) => ({ attr, p: 0.3, spread: 0.2 })));
    const tables: NonNullable<FamilySpec['tables']> = [];
    for (const a of OUTREACH) {
      for (let t = 0; t < 2; t++) {
        const x = r.pick(SINGLE_VALUED);
        let y = r.pick(SINGLE_VALUED);
        while (y === x) y = r.pick(SINGLE_VALUED);
        tables.push(drawTable(r, valueLists, a, [x, y], 0.7));
      }
    }
    for (let t = 0; t < 2; t++) tables.push(drawTable(r, valueLists, r.pick(OUTREACH), ['seniority', 'size', 'leadStatus'], 0.8));
    common.tables = tables;
  } else {
    const daysByAction = {} as Record<OutreachAction, number>;
    const followUp: NonNullable<FamilySpec['followUp']> = {};
    for (const a of OUTREACH) {
      weight[a] = r.uniform(0.6, 2.0);
      daysByAction[a] = r.uniform(0.5, 12);
      if (r.chance(0.6)) {
        const from = r.uniform(1.5, 6);
        followUp[a] = { from, to: from * r.uniform(1.8, 3), lift: r.uniform(0.4, 1.2) };
      }
    }
    common.effects = drawEffects(r, valueLists, ATTRIBUTES.map((attr) => ({ attr, p: 0.3, spread: 0.35, share: attr === 'titleWord' || attr === 'industry' || attr === 'tag' ? 0.3 : 1 })));
    common.daysByAction = daysByAction;
    common.followUp = followUp;
    common.annoyance = { free: 2, perTouch: r.uniform(0.2, 0.5) };
    common.repeatPenalty = 0.5;
    common.contactSd = 0.5;
    common.channel = { kind: 'preferred', strength: 0.6 };
    common.afterResponse = -0.6;
  }
  return common;
}

export function familySpec(index: number, population: readonly SimContact[]): FamilySpec {
  const r = new Random(mixSeed(0xfa111e, index));
  const level = r.uniform(-3.4, -2.3);
  const base = {} as Record<OutreachAction, number>;
  for (const a of OUTREACH) base[a] = level + r.normal(0, 0.35);
  // Which attributes matter for which action, and how much (some actions read many, some none).
  const effects = {} as Record<OutreachAction, Map<string, number>>;
  const valueLists = new Map<Attribute, string[]>();
  for (const attr of ATTRIBUTES) valueLists.set(attr, [...new Set(population.flatMap((c) => valuesOf(c, attr)))]);
  const spread = r.uniform(0.2, 0.7);
  for (const a of OUTREACH) {
    const m = new Map<string, number>();
    for (const attr of ATTRIBUTES) {
      if (!r.chance(attr === 'titleWord' || attr === 'employeesBand' ? 0.25 : 0.45)) continue;
      const values = valueLists.get(attr)!;
      const sparse = attr === 'titleWord' || attr === 'industry' || attr === 'tag';
      for (const v of values) if (!sparse || r.chance(0.3)) m.set(`${attr}=${v}`, r.normal(0, spread));
    }
    effects[a] = m;
  }
  // Interactions between two attributes of people who exist (a random contact's values), so each cell is populated.
  const interactions: FamilySpec['interactions'] = [];
  const nInter = r.int(0, 10);
  for (let i = 0; i < nInter; i++) {
    const c = population[r.int(0, population.length - 1)]!;
    const [x, y] = [r.pick(ATTRIBUTES), r.pick(ATTRIBUTES)];
    if (x === y) continue;
    interactions.push({ action: r.pick(OUTREACH), a: `${x}=${r.pick(valuesOf(c, x))}`, b: `${y}=${r.pick(valuesOf(c, y))}`, logit: (r.chance(0.5) ? 1 : -1) * r.uniform(0.5, 1.5) });
  }
  const statusResponsiveness = new Map<string, number>();
  for (const s of valueLists.get('leadStatus')!) statusResponsiveness.set(s, r.normal(0, 0.35));
  const channelKind = r.pick(['none', 'taste', 'preferred'] as const);
  const fatigueShape = r.pick(['decay', 'window', 'gap'] as const);
  const fatigueScale = r.uniform(0.3, 1.6);
  const weight = {} as Record<OutreachAction, number>;
  for (const a of OUTREACH) weight[a] = fatigueScale * r.uniform(0.5, 1.5);
  const afterResponse = r.chance(0.4) ? 0 : r.uniform(-1.0, 1.2);
  return {
    index,
    base,
    waitBase: level - r.uniform(0.6, 1.6),
    effects,
    interactions,
    statusResponsiveness,
    contactSd: r.chance(0.2) ? 0 : r.uniform(0.1, 0.9),
    companySd: r.chance(0.4) ? 0 : r.uniform(0.1, 0.6),
    channel: { kind: channelKind, strength: channelKind === 'none' ? 0 : r.uniform(0.3, 1.6) },
    nonResponderShare: r.chance(0.5) ? 0 : r.uniform(0.05, 0.25),
    fatigue: { shape: fatigueShape, days: fatigueShape === 'decay' ? r.uniform(1.5, 10) : fatigueShape === 'window' ? r.uniform(7, 30) : r.uniform(1, 6), weight },
    repeatPenalty: r.chance(0.3) ? 0 : r.uniform(0.1, 0.8),
    afterResponse,
    afterResponseDays: r.uniform(7, 45),
    pendingReply: r.uniform(0, 1.5),
  };
}

/** One line per ingredient, for the report. */
export function describeFamilyWorld(s: FamilySpec): string {
  const nEff = OUTREACH.reduce((n, a) => n + s.effects[a].size, 0);
  return [
    `family world ${s.index}: base ${OUTREACH.map((a) => `${a} ${s.base[a].toFixed(2)}`).join(', ')}; wait ${s.waitBase.toFixed(2)}`,
    `${nEff} main effects, ${s.interactions.length} interactions; contact sd ${s.contactSd.toFixed(2)}, company sd ${s.companySd.toFixed(2)}, channel ${s.channel.kind} ${s.channel.strength.toFixed(2)}, non-responders ${(100 * s.nonResponderShare).toFixed(0)}%`,
    `fatigue ${s.fatigue.shape} (${s.daysByAction ? `per action ${OUTREACH.map((a) => s.daysByAction![a].toFixed(1)).join('/')}` : s.fatigue.days.toFixed(1)} d, weights ${OUTREACH.map((a) => s.fatigue.weight[a].toFixed(2)).join('/')}), repeat −${s.repeatPenalty.toFixed(2)}, after a response ${s.afterResponse >= 0 ? '+' : ''}${s.afterResponse.toFixed(2)} for ${s.afterResponseDays.toFixed(0)} d, pending reply ${s.pendingReply.toFixed(2)}`,
    ...(s.tables?.length ? [`${s.tables.length} dense tables: ${s.tables.map((t) => `${t.action} ${t.attrs.join('×')}`).join(', ')}`] : []),
    ...(s.followUp && Object.keys(s.followUp).length ? [`follow-up windows: ${Object.entries(s.followUp).map(([a, f]) => `${a} ${f.from.toFixed(1)}–${f.to.toFixed(1)} d +${f.lift.toFixed(2)}`).join(', ')}`] : []),
    ...(s.annoyance ? [`annoyance −${s.annoyance.perTouch.toFixed(2)} per touch beyond ${s.annoyance.free} in 30 d`] : []),
  ].join('\n  ');
}

interface Person {
  /** Static logit per outreach action (segments, interactions, responsiveness, channel, non-responder). */
  logit: Record<OutreachAction, number>;
  waitLogit: number;
  /** The part of `logit` that is the contact's own channel preference (diagnostics: what no CRM field carries). */
  channel: Record<OutreachAction, number>;
  /** The attribute values and interaction cells of the contact that the world's effects read (diagnostics only). */
  cells: string[];
}

/** A contact's touches and responses so far. */
interface State {
  touches: number[];
  lastAction: OutreachAction | null;
  lastActionAt: number;
  lastResponseAt: number;
}

/** A family world with a run seed: the open world's schedule and dice, this family member's response model. */
export class FamilyWorld {
  readonly spec: FamilySpec;
  readonly people: Person[];
  readonly schedule: World;

  constructor(
    readonly population: SimContact[],
    opts: { seed: number; index: number; variant?: VariantName },
  ) {
    this.spec = opts.variant ? variantSpec(opts.variant, population) : familySpec(opts.index, population);
    const index = this.spec.index;
    this.schedule = new World(population, { seed: opts.seed });
    const s = this.spec;
    const companies = new Map<string, number>();
    this.people = population.map((c, i) => {
      const r = new Random(mixSeed(opts.seed, 0xfa, index, i));
      let company = 0;
      if (s.companySd > 0 && c.companyId) {
        if (!companies.has(c.companyId)) companies.set(c.companyId, new Random(mixSeed(opts.seed, 0xc0, index, hash(c.companyId))).normal(0, s.companySd));
        company = companies.get(c.companyId)!;
      }
      const common = (s.statusResponsiveness.get(c.leadStatus || 'none') ?? 0) + r.normal(0, s.contactSd) + company + (r.chance(s.nonResponderShare) ? -3 : 0);
      const values = new Set(ALL_ATTRIBUTES.flatMap((attr) => valuesOf(c, attr).map((v) => `${attr}=${v}`)));
      const preferred = r.pick(OUTREACH);
      const logit = {} as Record<OutreachAction, number>;
      const channel = {} as Record<OutreachAction, number>;
      const cells = new Set<string>();
      for (const a of OUTREACH) {
        let z = s.base[a] + common;
        for (const v of values) {
          const e = s.effects[a].get(v);
          if (e !== undefined) (z += e), cells.add(v);
        }
        for (const it of s.interactions) if (it.action === a && values.has(it.a) && values.has(it.b)) (z += it.logit), cells.add(`${it.a}&${it.b}`);
        for (const t of s.tables ?? []) {
          if (t.action !== a) continue;
          const key = t.attrs.map((attr) => `${attr}=${valuesOf(c, attr)[0]}`).join('&');
          const e = t.cells.get(key);
          if (e !== undefined) (z += e), cells.add(key);
        }
        channel[a] = s.channel.kind === 'taste' ? r.normal(0, s.channel.strength) : s.channel.kind === 'preferred' && a === preferred ? s.channel.strength : 0;
        logit[a] = z + channel[a];
      }
      const status = `status=${c.leadStatus || 'none'}`;
      return { logit, waitLogit: s.waitBase + common, channel, cells: [...cells, status].sort() };
    });
  }

  /** How much the contact's recent touches weigh against outreach now, by the world's fatigue shape. */
  pressure(state: State, now: number): number {
    const f = this.spec.fatigue;
    if (f.shape === 'decay') return state.touches.reduce((sum, t) => sum + Math.exp(-(now - t) / (f.days * DAY_MS)), 0);
    if (f.shape === 'window') return state.touches.filter((t) => now - t < f.days * DAY_MS).length / 2;
    const last = state.touches.at(-1);
    return last === undefined ? 0 : 1 / (1 + (now - last) / (f.days * DAY_MS)) ** 2;
  }

  /**
   * The true probabilities; `withoutChannel`: as if the contact had no channel preference of their own — the best a
   * learner of the CRM's fields could know (a diagnostic; the common terms do not change which action is best).
   */
  probabilities(index: number, state: State, now: number, withoutChannel = false): Record<Action, number> {
    const s = this.spec;
    const p = this.people[index]!;
    const pressure = this.pressure(state, now);
    const warm = now - state.lastResponseAt < s.afterResponseDays * DAY_MS ? s.afterResponse : 0;
    const out = { wait: sigmoid(p.waitLogit + warm + s.pendingReply * Math.min(pressure, 2)) } as Record<Action, number>;
    const last = state.touches.at(-1);
    const gapDays = last === undefined ? Infinity : (now - last) / DAY_MS;
    const annoyed = s.annoyance ? s.annoyance.perTouch * Math.max(0, state.touches.filter((t) => now - t < 30 * DAY_MS).length - s.annoyance.free) : 0;
    for (const a of OUTREACH) {
      const repeat = state.lastAction === a && now - state.lastActionAt < 14 * DAY_MS ? s.repeatPenalty : 0;
      // The timing variant: each action's own fatigue time constant, and a follow-up window after the last touch.
      const own = s.daysByAction ? state.touches.reduce((sum, t) => sum + Math.exp(-(now - t) / (s.daysByAction![a] * DAY_MS)), 0) : pressure;
      const f = s.followUp?.[a];
      const follow = f && gapDays >= f.from && gapDays < f.to ? f.lift : 0;
      out[a] = sigmoid(p.logit[a] - (withoutChannel ? p.channel[a] : 0) + warm - s.fatigue.weight[a] * own - repeat + follow - annoyed);
    }
    return out;
  }

  /**
   * Perfect features for a diagnostic learner (never the product's): the cells the world's effects read, the
   * world's own fatigue pressure in fine steps, the repeat flag and whether a response is recent — what the CRM's
   * features approximate. The gap between a learner on these and on the CRM's features is misspecification; the
   * gap between these and the channel-free oracle is what learning (exploration, estimation) costs.
   */
  oracleFeatures(index: number, state: State, now: number): (action: string) => readonly string[] {
    const s = this.spec;
    const pressure = this.pressure(state, now);
    const warm = now - state.lastResponseAt < s.afterResponseDays * DAY_MS;
    const shared = ['bias', ...this.people[index]!.cells, `pressure=${Math.min(12, Math.round(pressure * 4))}`, ...(warm ? ['warm'] : [])];
    return (action) => (state.lastAction === action && now - state.lastActionAt < 14 * DAY_MS ? [...shared, 'last_touch=same_action'] : shared);
  }

  /**
   * Diagnostics only: each outreach action's channel-free logit in parts that differ between actions — its base,
   * main effects on attributes the CRM's default features read (seniority, role family, industry and its group, size
   * band, lead source and status, tags), main effects on attributes they do not (finer head-count bands, title words,
   * country, region, note words), interactions and dense tables, and timing (its fatigue weight × pressure, the repeat
   * penalty, a follow-up window). The terms common to all actions (responsiveness, warmth, annoyance) are left out:
   * they never decide between two outreach actions.
   */
  parts(index: number, state: State, now: number): Record<OutreachAction, { base: number; read: number; unread: number; interactions: number; timing: number }> {
    const s = this.spec;
    const c = this.population[index]!;
    const unreadAttrs = new Set(['employeesBand', 'titleWord', 'country', 'region', 'noteWord']);
    const values = ALL_ATTRIBUTES.flatMap((attr) => valuesOf(c, attr).map((v) => ({ key: `${attr}=${v}`, unread: unreadAttrs.has(attr) })));
    const keys = new Set(values.map((v) => v.key));
    const pressure = this.pressure(state, now);
    const last = state.touches.at(-1);
    const gapDays = last === undefined ? Infinity : (now - last) / DAY_MS;
    const out = {} as Record<OutreachAction, { base: number; read: number; unread: number; interactions: number; timing: number }>;
    for (const a of OUTREACH) {
      let read = 0;
      let unread = 0;
      for (const v of values) {
        const e = s.effects[a].get(v.key);
        if (e === undefined) continue;
        if (v.unread) unread += e;
        else read += e;
      }
      let interactions = 0;
      for (const it of s.interactions) if (it.action === a && keys.has(it.a) && keys.has(it.b)) interactions += it.logit;
      for (const t of s.tables ?? []) {
        if (t.action !== a) continue;
        const e = t.cells.get(t.attrs.map((attr) => `${attr}=${valuesOf(c, attr)[0]}`).join('&'));
        if (e !== undefined) interactions += e;
      }
      const own = s.daysByAction ? state.touches.reduce((sum, t) => sum + Math.exp(-(now - t) / (s.daysByAction![a] * DAY_MS)), 0) : pressure;
      const repeat = state.lastAction === a && now - state.lastActionAt < 14 * DAY_MS ? s.repeatPenalty : 0;
      const f = s.followUp?.[a];
      const follow = f && gapDays >= f.from && gapDays < f.to ? f.lift : 0;
      out[a] = { base: s.base[a], read, unread, interactions, timing: -s.fatigue.weight[a] * own - repeat + follow };
    }
    return out;
  }

  initialState(c: SimContact): State {
    return { touches: c.lastContactedAt === null ? [] : [c.lastContactedAt], lastAction: null, lastActionAt: -Infinity, lastResponseAt: -Infinity };
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const bestOf = (p: Record<Action, number>): Action => ACTIONS.reduce((b, a) => (p[a] > p[b] ? a : b), ACTIONS[0] as Action);

/** One policy's path through a family world (the same surface as the open world's Trajectory). */
export class FamilyTrajectory implements LocalPath {
  private readonly states: State[];
  private nextStep = 0;

  constructor(readonly world: FamilyWorld) {
    this.states = world.population.map((c) => world.initialState(c));
  }

  /** Diagnostics for the contact up next: the channel-free probabilities and perfect features (see FamilyWorld). */
  diagnostics(): { observable: Record<Action, number>; features: (action: string) => readonly string[] } {
    const { contactIndex, at } = this.peek();
    const state = this.states[contactIndex]!;
    return { observable: this.world.probabilities(contactIndex, state, at, true), features: this.world.oracleFeatures(contactIndex, state, at) };
  }

  /** Diagnostics for the contact up next: its outreach logits in parts (FamilyWorld.parts). */
  parts(): ReturnType<FamilyWorld['parts']> {
    const { contactIndex, at } = this.peek();
    return this.world.parts(contactIndex, this.states[contactIndex]!, at);
  }

  peek(): { step: number; contactIndex: number; contact: SimContact; at: number; probabilities: Record<Action, number> } {
    const step = this.nextStep;
    const contactIndex = this.world.schedule.contactAt(step);
    const at = this.world.schedule.timeAt(step);
    return { step, contactIndex, contact: this.world.population[contactIndex]!, at, probabilities: this.world.probabilities(contactIndex, this.states[contactIndex]!, at) };
  }

  act(action: Action): StepResult {
    const { step, contactIndex, at, probabilities } = this.peek();
    const best = bestOf(probabilities);
    const probability = probabilities[action];
    const responded = this.world.schedule.drawAt(step) < probability;
    const s = this.states[contactIndex]!;
    if (action !== 'wait') {
      s.touches.push(at);
      if (s.touches.length > 30) s.touches.shift();
      s.lastAction = action;
      s.lastActionAt = at;
    }
    if (responded) s.lastResponseAt = at;
    this.nextStep++;
    return { step, contactIndex, action, probability, best, bestProbability: probabilities[best], responded, regret: probabilities[best] - probability };
  }
}

/** The module surface bench/nba-learner.ts expects of a world (as bench/nba/simulator.ts offers it); a variant by name. */
export const familyWorldModule = (index: number, variant?: VariantName) => ({
  World: class extends FamilyWorld {
    constructor(population: SimContact[], opts: { seed: number }) {
      super(population, { seed: opts.seed, index, ...(variant ? { variant } : {}) });
    }
  },
  Trajectory: FamilyTrajectory,
  runLocal: (world: FamilyWorld, steps: number, choose: (p: Record<Action, number>, c: SimContact) => Action) => runAlong(new FamilyTrajectory(world), steps, choose),
  bestSingleAction: (world: FamilyWorld, steps: number) => bestSingleActionAlong(() => new FamilyTrajectory(world), steps),
  oracleChoice: bestOf,
});
