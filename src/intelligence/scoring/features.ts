/**
 * Deal features, engineered once and shared by every scoring strategy. Each snapshot is taken *as of* a moment:
 * only activities before it count, ages and recencies are measured from it, and nothing recorded later (the
 * closing note, the final stage) is visible, so training on closed deals cannot peek at their outcome.
 */
import { CLOSED_STAGES, ENTITIES, type CrmRecord } from '../../core/entities.js';
import type { Storage } from '../../storage/index.js';
import { regionOf, sizeBand } from '../lexicon/firmographics.js';
import { roleProfile, SENIORITY_RANK } from '../lexicon/roles.js';

const DAY = 86_400_000;
export const ACTIVITY_KINDS = ['email', 'call', 'meeting', 'note', 'task'] as const;

export interface DealWorld {
  deals: CrmRecord[];
  companies: Map<string, CrmRecord>;
  contacts: Map<string, CrmRecord>;
  /** A deal's activities, oldest first. */
  activities: Map<string, { at: number; type: string; text: string }[]>;
  /** Stage moves per deal, oldest first (when the CRM recorded them). */
  stages: Map<string, { at: number; to: string }[]>;
}

/** Reads what scoring needs of a workspace into memory (deals with their company, contact and activities). */
export async function loadDealWorld(storage: Storage, ws: string): Promise<DealWorld> {
  const all = async (entity: keyof typeof ENTITIES) => {
    const out: CrmRecord[] = [];
    for await (const batch of storage.records.scan(ws, ENTITIES[entity])) out.push(...batch);
    return out;
  };
  const [deals, companies, contacts, activities] = await Promise.all([all('deal'), all('company'), all('contact'), all('activity')]);
  const byDeal = new Map<string, { at: number; type: string; text: string }[]>();
  for (const a of activities) {
    if (typeof a.deal_id !== 'string') continue;
    const list = byDeal.get(a.deal_id) ?? [];
    list.push({ at: Date.parse(String(a.occurred_at)), type: String(a.type), text: `${a.subject ?? ''}. ${a.body ?? ''}` });
    byDeal.set(a.deal_id, list);
  }
  for (const list of byDeal.values()) list.sort((x, y) => x.at - y.at);
  const stages = new Map<string, { at: number; to: string }[]>();
  for await (const batch of storage.stageHistory.all(ws)) {
    for (const c of batch) {
      // An import records the stage a deal had when imported, not when it got there: no history.
      if (c.source === 'import') continue;
      const list = stages.get(c.deal_id) ?? [];
      list.push({ at: Date.parse(c.at), to: c.to_stage });
      stages.set(c.deal_id, list);
    }
  }
  for (const list of stages.values()) list.sort((x, y) => x.at - y.at);
  return {
    deals,
    companies: new Map(companies.map((c) => [c.id, c])),
    contacts: new Map(contacts.map((c) => [c.id, c])),
    activities: byDeal,
    stages,
  };
}

/** One deal as of one moment: numbers for the linear and neural strategies, categories for naive Bayes. */
export interface DealSnapshot {
  dealId: string;
  at: number;
  numeric: Record<string, number>;
  categorical: Record<string, string>;
  /** Phrases seen in the deal's activities before `at` (normalised sentences). */
  phrases: Set<string>;
  /** Facts a salesperson reads, for explanations ("3 meetings in the last 14 days"). */
  facts: { meetings14: number; daysSinceActivity: number | null; activities: number };
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

/** The stage a deal was in at a moment: from its recorded history, or unknown (imports carry no history). */
function stageAt(world: DealWorld, deal: CrmRecord, at: number): string {
  const moves = world.stages.get(deal.id);
  if (!moves || moves.length === 0) return isClosed(deal) ? 'unknown' : String(deal.stage);
  let stage = 'unknown';
  for (const m of moves) if (m.at <= at) stage = m.to;
  // A stage recorded at import time says nothing about the past.
  return CLOSED_STAGES.includes(stage as (typeof CLOSED_STAGES)[number]) ? 'unknown' : stage;
}

export function snapshot(world: DealWorld, deal: CrmRecord, at: number): DealSnapshot {
  const company = typeof deal.company_id === 'string' ? world.companies.get(deal.company_id) : undefined;
  const contact = typeof deal.contact_id === 'string' ? world.contacts.get(deal.contact_id) : undefined;
  const created = Date.parse(String(deal.created_at));
  const acts = (world.activities.get(deal.id) ?? []).filter((a) => a.at < at);
  const numeric: Record<string, number> = {};
  const count = (type: string, days?: number) => acts.filter((a) => a.type === type && (days === undefined || a.at >= at - days * DAY)).length;
  for (const t of ACTIVITY_KINDS) {
    numeric[`${t}s`] = Math.log1p(count(t));
    numeric[`${t}s_14d`] = Math.log1p(count(t, 14));
  }
  const last = acts.length > 0 ? acts[acts.length - 1]!.at : undefined;
  const daysSince = last === undefined ? null : (at - last) / DAY;
  numeric.activities = Math.log1p(acts.length);
  numeric.activities_30d = Math.log1p(acts.filter((a) => a.at >= at - 30 * DAY).length);
  numeric.days_since_activity = Math.log1p(Math.min(daysSince ?? 365, 365));
  numeric.no_activity = acts.length === 0 ? 1 : 0;
  numeric.age_days = Math.log1p(Math.max(0, (at - created) / DAY));
  const expected = Date.parse(String(deal.expected_close ?? ''));
  numeric.days_to_expected_close = Number.isFinite(expected) ? Math.max(-365, Math.min(365, (expected - at) / DAY)) / 100 : 0;
  numeric.amount = Math.log1p(Math.max(0, Number(deal.amount) || 0));
  numeric.employees = Math.log1p(Number(company?.employees) || 0);
  numeric.revenue = Math.log1p(Number(company?.annual_revenue) || 0);
  const role = roleProfile(typeof contact?.title === 'string' ? contact.title : '');
  numeric.seniority = SENIORITY_RANK[role.seniority];
  const tags = Array.isArray(contact?.tags) ? (contact!.tags as string[]) : [];

  const categorical: Record<string, string> = {
    stage: stageAt(world, deal, at),
    product: String(deal.product ?? 'none'),
    industry: String(company?.industry ?? 'none'),
    product_industry: `${deal.product ?? 'none'} × ${company?.industry ?? 'none'}`,
    region: regionOf(typeof company?.country === 'string' ? company.country : null) ?? 'unknown',
    size: sizeBand(Number(company?.employees)) ?? 'unknown',
    lead_source: String(contact?.lead_source ?? 'none'),
    contact_function: role.function ?? 'unknown',
    contact_seniority: role.seniority,
    amount_band: amountBand(Number(deal.amount) || 0),
    engagement: acts.length === 0 ? 'none' : acts.length < 3 ? 'low' : acts.length < 7 ? 'medium' : 'high',
  };
  for (const t of tags) categorical[`tag:${t}`] = 'yes';
  const phrases = new Set(acts.flatMap((a) => phrasesOf(a.text)));
  return {
    dealId: deal.id,
    at,
    numeric,
    categorical,
    phrases,
    facts: { meetings14: count('meeting', 14), daysSinceActivity: daysSince === null ? null : Math.round(daysSince), activities: acts.length },
  };
}

function amountBand(a: number): string {
  if (a < 10_000) return '<10k';
  if (a < 50_000) return '10-50k';
  if (a < 100_000) return '50-100k';
  if (a < 250_000) return '100-250k';
  return '250k+';
}

/**
 * Training snapshots of a closed deal: moments inside its life (a quarter, half and three quarters of the way
 * from creation to close), so the learner sees deals at the stages of evidence open deals are scored at.
 */
export function trainingMoments(deal: CrmRecord, fractions: readonly number[] = [0.25, 0.5, 0.75]): number[] {
  const created = Date.parse(String(deal.created_at));
  const closed = Date.parse(String(deal.closed_at ?? ''));
  if (!Number.isFinite(created) || !Number.isFinite(closed) || closed <= created) return [];
  return fractions.map((f) => created + f * (closed - created));
}

/** A stable pseudo-random fraction per deal (the evaluation's single snapshot of a test deal). */
export function stableFraction(id: string, lo = 0.2, hi = 0.9): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return lo + ((h >>> 0) / 4294967296) * (hi - lo);
}
