/**
 * Deal and lead features, engineered once and shared by every scoring strategy. Each snapshot is taken *as of* a
 * moment: only activities and deals before it count, ages and recencies are measured from it, and nothing recorded
 * later (the closing note, the final stage, the lead status) is visible, so training on outcomes cannot peek at them.
 */
import { CLOSED_STAGES, ENTITIES, OPEN_LEAD_STATUSES, OPEN_STAGES, type CrmRecord } from '../../core/entities.js';
import type { Storage } from '../../storage/index.js';
import { regionOf, sizeBand } from '../lexicon/firmographics.js';
import { roleProfile, SENIORITY_RANK } from '../lexicon/roles.js';

const DAY = 86_400_000;
export const ACTIVITY_KINDS = ['email', 'call', 'meeting', 'note', 'task'] as const;

/** What scoring reads of a workspace (all of it for training, one subject's slice for scoring one record). */
export interface ScoringWorld {
  deals: CrmRecord[];
  companies: Map<string, CrmRecord>;
  contacts: Map<string, CrmRecord>;
  /** A deal's activities, oldest first. */
  activities: Map<string, { at: number; type: string; text: string }[]>;
  /** Stage moves per deal, oldest first (when the CRM recorded them). */
  stages: Map<string, { at: number; to: string }[]>;
  /** A contact's activities (with or without a deal), oldest first. */
  contactActivities: Map<string, Activity[]>;
  /** A contact's deals. */
  contactDeals: Map<string, CrmRecord[]>;
  /** A company's deals. */
  companyDeals: Map<string, CrmRecord[]>;
}

export interface Activity {
  at: number;
  type: string;
  text: string;
}

export const activityOf = (a: CrmRecord): Activity => ({ at: Date.parse(String(a.occurred_at)), type: String(a.type), text: `${a.subject ?? ''}. ${a.body ?? ''}` });

/** Groups records by a reference field, each group sorted by `sortKey`. */
function groupBy<T>(items: T[], key: (t: T) => unknown, sortKey?: (t: T) => number): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (typeof k !== 'string') continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  if (sortKey) for (const list of out.values()) list.sort((a, b) => sortKey(a) - sortKey(b));
  return out;
}

/** The records a world is built from, as read from storage (plain data: it can be posted to a worker thread). */
export interface WorldParts {
  deals: CrmRecord[];
  companies: CrmRecord[];
  contacts: CrmRecord[];
  activities: CrmRecord[];
  stageChanges: { deal_id: string; to_stage: string; at: string; source: string }[];
}

/** Assembles a world from records already read (the whole workspace, or one subject's neighbourhood). */
export function buildWorld(parts: WorldParts): ScoringWorld {
  const acts = parts.activities.map((a) => ({ deal: a.deal_id, contact: a.contact_id, act: activityOf(a) }));
  const byAt = (x: { act: Activity }) => x.act.at;
  const strip = (m: Map<string, { act: Activity }[]>) => new Map([...m].map(([k, v]) => [k, v.map((x) => x.act)]));
  // Every recorded move counts, imported history included. A deal imported without history has one move, into
  // its stage when created (open) or closed: an open deal is in its stage from then on, and a closed stage says
  // nothing of where it was before (stageStay). Moves at the same moment keep their recorded order (a stable sort),
  // so an imported history recorded after the import's first move wins over it.
  const moves = parts.stageChanges.map((c) => ({ deal: c.deal_id, at: Date.parse(c.at), to: c.to_stage }));
  return {
    deals: parts.deals,
    companies: new Map(parts.companies.map((c) => [c.id, c])),
    contacts: new Map(parts.contacts.map((c) => [c.id, c])),
    activities: strip(groupBy(acts, (x) => x.deal, byAt)),
    stages: new Map([...groupBy(moves, (m) => m.deal, (m) => m.at)].map(([k, v]) => [k, v.map(({ at, to }) => ({ at, to }))])),
    contactActivities: strip(groupBy(acts, (x) => x.contact, byAt)),
    contactDeals: groupBy(parts.deals, (d) => d.contact_id),
    companyDeals: groupBy(parts.deals, (d) => d.company_id),
  };
}

/**
 * Reads what scoring needs of a workspace into memory (deals, companies, contacts, activities, stage moves) as
 * plain records: what training workers are sent to build the same world in their own thread.
 */
export async function loadWorldParts(storage: Storage, ws: string): Promise<WorldParts> {
  const all = async (entity: keyof typeof ENTITIES) => {
    const out: CrmRecord[] = [];
    for await (const batch of storage.records.scan(ws, ENTITIES[entity])) out.push(...batch);
    return out;
  };
  const stageChanges: { deal_id: string; to_stage: string; at: string; source: string }[] = [];
  for await (const batch of storage.stageHistory.all(ws)) stageChanges.push(...batch);
  const [deals, companies, contacts, activities] = await Promise.all([all('deal'), all('company'), all('contact'), all('activity')]);
  return { deals, companies, contacts, activities, stageChanges };
}

/** The whole workspace as scoring reads it. */
export async function loadWorld(storage: Storage, ws: string): Promise<ScoringWorld> {
  return buildWorld(await loadWorldParts(storage, ws));
}

/** One deal or lead as of one moment: numbers for the linear and neural strategies, categories for naive Bayes. */
export interface Snapshot {
  subject: 'deal' | 'lead';
  id: string;
  at: number;
  numeric: Record<string, number>;
  categorical: Record<string, string>;
  /** Phrases seen in the deal's activities before `at` (normalised sentences). */
  phrases: Set<string>;
  /**
   * Where an open record stood in its funnel at the moment (a deal's stage, a lead's status), when known: the
   * funnel evidence (funnel.ts) reads it. Unknown for resolved records without a recorded history.
   */
  funnel?: string;
  /**
   * The untransformed values behind the numeric features (counts, days, amounts; null when unknown), for
   * explanations a salesperson reads ("3 meetings in the last 14 days") and the hand-set baseline.
   */
  facts: Record<string, number | null>;
}

export function isClosed(deal: CrmRecord): boolean {
  return CLOSED_STAGES.includes(deal.stage as (typeof CLOSED_STAGES)[number]);
}

export function outcomeOf(deal: CrmRecord): 0 | 1 | undefined {
  return deal.stage === 'closed_won' ? 1 : deal.stage === 'closed_lost' ? 0 : undefined;
}

/** Sentences as comparable phrases: lower case, no digits or punctuation ("Budget approved!" → "budget approved"). */
export function phrasesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((s) => s.toLowerCase().replace(/[0-9]+/g, '#').replace(/[^\p{L}#\s]/gu, ' ').replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= 8 && s.split(' ').length >= 2);
}

/**
 * The stage a deal was in at a moment and since when: from its recorded history, or unknown (a closed deal
 * imported without history). `since` is null where the history does not say when the deal entered the stage.
 */
function stageStay(world: ScoringWorld, deal: CrmRecord, at: number): { stage: string; since: number | null; moves: number; changes: number; back: boolean } {
  const all = world.stages.get(deal.id) ?? [];
  const before = all.filter((m) => m.at <= at);
  const last = before[before.length - 1];
  const rank = (stage: string) => OPEN_STAGES.indexOf(stage as (typeof OPEN_STAGES)[number]);
  const back = before.some((m, i) => i > 0 && rank(m.to) >= 0 && rank(m.to) < rank(before[i - 1]!.to));
  // What a person counts in the deal's stage history: the times its stage changed (the entry it was created in is
  // not a move, and the import's own record of a closed stage beside the same move in the history is one move).
  const changes = before.filter((m, i) => i > 0 && m.to !== before[i - 1]!.to).length;
  // An open deal with nothing recorded after the moment is in the stage it has (scoring now, or the moment just
  // before a move being logged).
  if (!isClosed(deal) && !all.some((m) => m.at > at)) {
    return { stage: String(deal.stage), since: last && last.to === deal.stage ? last.at : null, moves: before.length, changes, back };
  }
  // A closed stage recorded when a deal was imported closed says nothing about where it was before. The moves
  // through open stages before it still count, as training counted them: a training moment lies before the close,
  // so its snapshot saw exactly the open-stage entries (an imported closed deal without history has none: 0, as before).
  if (!last || CLOSED_STAGES.includes(last.to as (typeof CLOSED_STAGES)[number])) {
    const open = before.filter((m) => !CLOSED_STAGES.includes(m.to as (typeof CLOSED_STAGES)[number])).length;
    return { stage: 'unknown', since: null, moves: open, changes, back: false };
  }
  return { stage: last.to, since: last.at, moves: before.length, changes, back };
}

/** Days in the current stage as a band (the learners read the effect of each band per stage from outcomes). */
function stayBand(days: number | null): string {
  if (days === null) return 'unknown';
  return days < 7 ? 'under a week' : days < 30 ? 'under a month' : days < 90 ? '1-3 months' : 'over 3 months';
}

/** Times a deal entered a stage, oldest first (training takes a snapshot inside each stay). */
export function stageEntries(world: ScoringWorld, dealId: string): number[] {
  return (world.stages.get(dealId) ?? []).map((m) => m.at);
}

/** Engagement before `at`: counts by type (all time and 14 days), volume, recency, and the phrases used. */
function engagement(all: readonly Activity[] | undefined, at: number, numeric: Record<string, number>, facts: Record<string, number | null>) {
  const acts = (all ?? []).filter((a) => a.at < at);
  const count = (type: string, days?: number) => acts.filter((a) => a.type === type && (days === undefined || a.at >= at - days * DAY)).length;
  for (const t of ACTIVITY_KINDS) {
    const [n, n14] = [count(t), count(t, 14)];
    numeric[`${t}s`] = Math.log1p(n);
    numeric[`${t}s_14d`] = Math.log1p(n14);
    facts[`${t}s`] = n;
    facts[`${t}s_14d`] = n14;
  }
  const last = acts.length > 0 ? acts[acts.length - 1]!.at : undefined;
  const daysSince = last === undefined ? null : (at - last) / DAY;
  const recent = acts.filter((a) => a.at >= at - 30 * DAY).length;
  numeric.activities = Math.log1p(acts.length);
  numeric.activities_30d = Math.log1p(recent);
  numeric.days_since_activity = Math.log1p(Math.min(daysSince ?? 365, 365));
  numeric.no_activity = acts.length === 0 ? 1 : 0;
  facts.activities = acts.length;
  facts.activities_30d = recent;
  facts.days_since_activity = daysSince === null ? null : Math.round(daysSince);
  facts.no_activity = acts.length === 0 ? 1 : 0;
  return { count: acts.length, phrases: new Set(acts.flatMap((a) => phrasesOf(a.text))) };
}

/** Who the contact is and where they work: the same fit features for deals and leads. */
function fit(company: CrmRecord | undefined, contact: CrmRecord | undefined, numeric: Record<string, number>, categorical: Record<string, string>, facts: Record<string, number | null>) {
  const employees = Number(company?.employees) || 0;
  const revenue = Number(company?.annual_revenue) || 0;
  numeric.employees = Math.log1p(employees);
  numeric.revenue = Math.log1p(revenue);
  facts.employees = employees || null;
  facts.revenue = revenue || null;
  const role = roleProfile(typeof contact?.title === 'string' ? contact.title : '');
  numeric.seniority = SENIORITY_RANK[role.seniority];
  facts.seniority = SENIORITY_RANK[role.seniority];
  categorical.industry = String(company?.industry ?? 'none');
  categorical.region = regionOf(typeof company?.country === 'string' ? company.country : null) ?? 'unknown';
  categorical.size = sizeBand(Number(company?.employees)) ?? 'unknown';
  categorical.lead_source = String(contact?.lead_source ?? 'none');
  categorical.contact_function = role.function ?? 'unknown';
  categorical.contact_seniority = role.seniority;
  for (const t of Array.isArray(contact?.tags) ? (contact!.tags as string[]) : []) categorical[`tag:${t}`] = 'yes';
}

const daysBetween = (from: number, to: number) => Math.max(0, (to - from) / DAY);

/** What deals and leads share: engagement before the moment, fit, and age since `createdAt`. */
function common(acts: readonly Activity[] | undefined, company: CrmRecord | undefined, contact: CrmRecord | undefined, createdAt: unknown, at: number) {
  const numeric: Record<string, number> = {};
  const facts: Record<string, number | null> = {};
  const categorical: Record<string, string> = {};
  const e = engagement(acts, at, numeric, facts);
  categorical.engagement = e.count === 0 ? 'none' : e.count < 3 ? 'low' : e.count < 7 ? 'medium' : 'high';
  fit(company, contact, numeric, categorical, facts);
  const age = daysBetween(Date.parse(String(createdAt)), at);
  numeric.age_days = Math.log1p(age);
  facts.age_days = Math.round(age);
  return { numeric, categorical, facts, phrases: e.phrases };
}

export function dealSnapshot(world: ScoringWorld, deal: CrmRecord, at: number): Snapshot {
  const company = typeof deal.company_id === 'string' ? world.companies.get(deal.company_id) : undefined;
  const contact = typeof deal.contact_id === 'string' ? world.contacts.get(deal.contact_id) : undefined;
  const { numeric, categorical, facts, phrases } = common(world.activities.get(deal.id), company, contact, deal.created_at, at);
  const stay = stageStay(world, deal, at);
  const stage = stay.stage;
  // How long the deal has sat in its stage and what happened in it: a stale stage and a quiet one lose.
  const inStage = stay.since === null ? null : daysBetween(stay.since, at);
  const actsInStage = stay.since === null ? 0 : (world.activities.get(deal.id) ?? []).filter((a) => a.at >= stay.since! && a.at < at).length;
  numeric.days_in_stage = Math.log1p(Math.min(inStage ?? 0, 365));
  numeric.stage_unknown = inStage === null ? 1 : 0;
  numeric.activities_in_stage = Math.log1p(actsInStage);
  numeric.stage_moves = Math.log1p(stay.moves);
  numeric.moved_back = stay.back ? 1 : 0;
  facts.days_in_stage = inStage === null ? null : Math.round(inStage);
  facts.activities_in_stage = stay.since === null ? null : actsInStage;
  facts.moved_back = stay.back ? 1 : 0;
  // The explanation's "n stage moves so far" reads this: the changes a person sees in the history. The model reads
  // numeric.stage_moves, the recorded entries (the one it was created in too) — the same history counted from one.
  facts.stage_moves = stay.changes;
  Object.assign(categorical, {
    stage,
    stage_stay: stayBand(inStage),
    product: String(deal.product ?? 'none'),
    product_industry: `${deal.product ?? 'none'} × ${company?.industry ?? 'none'}`,
    amount_band: amountBand(Number(deal.amount) || 0),
  });
  const expected = Date.parse(String(deal.expected_close ?? ''));
  const toClose = Number.isFinite(expected) ? Math.max(-365, Math.min(365, (expected - at) / DAY)) : null;
  numeric.days_to_expected_close = (toClose ?? 0) / 100;
  facts.days_to_expected_close = toClose === null ? null : Math.round(toClose);
  const amount = Math.max(0, Number(deal.amount) || 0);
  numeric.amount = Math.log1p(amount);
  facts.amount = amount;
  // The account's track record: its other deals that had closed by then.
  const others = (typeof deal.company_id === 'string' ? world.companyDeals.get(deal.company_id) ?? [] : []).filter(
    (d) => d.id !== deal.id && isClosed(d) && Date.parse(String(d.closed_at ?? '')) < at,
  );
  const wonBefore = others.filter((d) => d.stage === 'closed_won').length;
  numeric.account_won = Math.log1p(wonBefore);
  numeric.account_lost = Math.log1p(others.length - wonBefore);
  facts.account_won = wonBefore;
  facts.account_lost = others.length - wonBefore;
  categorical.account_history = others.length === 0 ? 'none' : wonBefore > 0 ? 'won before' : 'lost before';
  return { subject: 'deal', id: deal.id, at, numeric, categorical, phrases, facts, ...(stage === 'unknown' ? {} : { funnel: stage }) };
}

/**
 * A contact as a lead, as of a moment: fit (role, company, source, tags), engagement with them, and their deals
 * so far — how many were open and how many had been lost by then (a won deal makes them a customer, the outcome).
 */
export function leadSnapshot(world: ScoringWorld, contact: CrmRecord, at: number): Snapshot {
  const company = typeof contact.company_id === 'string' ? world.companies.get(contact.company_id) : undefined;
  const { numeric, categorical, facts, phrases } = common(world.contactActivities.get(contact.id), company, contact, contact.created_at, at);
  const deals = (world.contactDeals.get(contact.id) ?? []).filter((d) => Date.parse(String(d.created_at)) < at);
  const closedBefore = (d: CrmRecord) => isClosed(d) && Date.parse(String(d.closed_at ?? '')) < at;
  const open = deals.filter((d) => !closedBefore(d));
  const lost = deals.filter((d) => closedBefore(d) && d.stage === 'closed_lost').length;
  const pipeline = open.reduce((sum, d) => sum + Math.max(0, Number(d.amount) || 0), 0);
  numeric.deals = Math.log1p(deals.length);
  numeric.open_deals = Math.log1p(open.length);
  numeric.lost_deals = Math.log1p(lost);
  numeric.open_pipeline = Math.log1p(pipeline);
  Object.assign(facts, { deals: deals.length, open_deals: open.length, lost_deals: lost, open_pipeline: pipeline });
  // "all lost" only when every deal was lost: a contact with a won deal among closed ones is not.
  categorical.deals = deals.length === 0 ? 'none' : open.length > 0 ? 'open' : lost === deals.length ? 'all lost' : 'won';
  // Open leads have a status on the way (new, contacted, qualified) but no history of it: known only now.
  const status = String(contact.lead_status ?? '');
  return { subject: 'lead', id: contact.id, at, numeric, categorical, phrases, facts, ...(OPEN_LEAD_STATUSES.includes(status) ? { funnel: status } : {}) };
}

function amountBand(a: number): string {
  if (a < 10_000) return '<10k';
  if (a < 50_000) return '10-50k';
  if (a < 100_000) return '50-100k';
  if (a < 250_000) return '100-250k';
  return '250k+';
}

/**
 * Training moments of a resolved subject: a quarter, half and three quarters of the way from its start to its
 * outcome, so the learner sees it at the stages of evidence open deals and leads are scored at.
 */
export function trainingMoments(start: number, end: number, fractions: readonly number[] = [0.25, 0.5, 0.75], entries: readonly number[] = []): number[] {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return [];
  const moments = fractions.map((f) => start + f * (end - start));
  // With a recorded history, also the middle of each stage the record passed through before its outcome, so
  // every stage is seen however short the stay.
  const bounds = [...new Set(entries.filter((t) => t >= start && t < end))].sort((a, b) => a - b);
  for (const [i, t] of bounds.entries()) moments.push((t + (bounds[i + 1] ?? end)) / 2);
  return moments;
}

/** A stable pseudo-random fraction per deal (the evaluation's single snapshot of a test deal). */
export function stableFraction(id: string, lo = 0.2, hi = 0.9): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return lo + ((h >>> 0) / 4294967296) * (hi - lo);
}
