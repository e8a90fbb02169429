/**
 * Absence and presence of related records: "companies with no deals", "accounts we never won a deal with",
 * "contacts who aren't on any deal", "firms with nothing in the pipeline", "accounts that have deals but no wins".
 * A company's deals, contacts and activities and a contact's deals and activities point at it, so the condition
 * is on the records that point at the object (the service turns it into a list of ids, like an activity window).
 * Runs after the object is chosen and before the lexicon's values become conditions: a stage or product said of
 * the related records ("no open deals", "no Security Suite deals") is theirs, not the object's.
 */
import { OPEN_STAGES } from '../../../core/entities.js';
import type { Condition } from '../parsed-query.js';
import type { ParseState } from '../parse-state.js';

/** The condition's field: the records of `value.entity` whose `value.via` is the object's id. */
export const RELATED_FIELD = 'related';

export interface RelatedRecords {
  entity: 'deal' | 'contact' | 'activity';
  via: 'company_id' | 'contact_id' | 'deal_id';
  filters: { field: string; op: 'in' | 'eq'; value: unknown }[];
}

type Related = RelatedRecords['entity'];

/** Nouns for the records that may point at the object, with what they say of them. */
const NOUNS: Record<string, { entity: Related; stage?: readonly string[]; type?: string; verb?: boolean }> = {
  deal: { entity: 'deal' }, opportunity: { entity: 'deal' }, opp: { entity: 'deal' }, pipeline: { entity: 'deal', stage: OPEN_STAGES },
  win: { entity: 'deal', stage: ['closed_won'] }, sale: { entity: 'deal', stage: ['closed_won'] }, order: { entity: 'deal', stage: ['closed_won'] },
  purchase: { entity: 'deal', stage: ['closed_won'] }, loss: { entity: 'deal', stage: ['closed_lost'] },
  contact: { entity: 'contact' }, person: { entity: 'contact' }, people: { entity: 'contact' },
  activity: { entity: 'activity' }, interaction: { entity: 'activity' }, touchpoint: { entity: 'activity' }, engagement: { entity: 'activity' },
  meeting: { entity: 'activity', type: 'meeting' }, call: { entity: 'activity', type: 'call' }, email: { entity: 'activity', type: 'email' },
  note: { entity: 'activity', type: 'note' },
};

/** A word for activities (singular or plural), with the kind it names (null: any kind); undefined for other words. */
export function activityKindOf(word: string): string | null | undefined {
  const noun = NOUNS[word] ?? NOUNS[word.replace(/ies$/, 'y').replace(/s$/, '')];
  return noun?.entity === 'activity' ? (noun.type ?? null) : undefined;
}

/** Verbs and adjectives that say which deals: "never won a deal with", "no open opportunities". */
const STAGE_WORDS: Record<string, readonly string[]> = {
  won: ['closed_won'], win: ['closed_won'], closed: ['closed_won', 'closed_lost'], signed: ['closed_won'], bought: ['closed_won'], buy: ['closed_won'],
  purchased: ['closed_won'], sold: ['closed_won'], lost: ['closed_lost'], lose: ['closed_lost'],
  open: OPEN_STAGES, active: OPEN_STAGES, live: OPEN_STAGES, ongoing: OPEN_STAGES, current: OPEN_STAGES,
};

/** Words that may stand between the negation and the noun without changing what is absent. */
const LINKS = new Set([
  'a', 'an', 'any', 'single', 'one', 'the', 'us', 'we', 'them', 'with', 'yet', 'ever', 'really', 'at', 'all', 'on', 'in', 'to', 'have', 'has', 'had',
  'did', 'do', 'done', 'got', 'get', 'been', 'made', 'make', 'logged', 'recorded', 'linked', 'attached', 'associated', 'tied', 'connected', 'assigned',
  'of', 'their', 'its', 'our', 'currently', 'so', 'far', 'real', 'kind', 'even', 'much', 'as', 'held', 'booked', 'scheduled', 'any',
]);

/** Words that say the object has such records ("accounts with deals", "companies that have open opportunities"). */
const HAVING = new Set(['with', 'have', 'has', 'having', 'had', 'hold', 'holding']);

export function readRelations(st: ParseState): void {
  const head = st.head;
  if (head !== 'company' && head !== 'contact' && head !== 'deal') return;
  for (let i = 0; i < st.toks.length; i++) {
    if (i === st.headAt) continue;
    const noun = nounAt(st, i);
    if (!noun || (noun.entity === 'contact' && head !== 'company')) continue;
    // A deal's activities point at it ("deals without a single meeting"); its contact and company are its own fields.
    if (head === 'deal' && noun.entity !== 'activity') continue;
    // A word the roles pass read as a department ("in Berlin but not in │sales") names people's work, not deals won.
    if (st.roleSpans.some((r) => i >= r.start && i < r.end)) continue;
    // A noun inside a concern ("unhappy with their │sales forecasting") is what worries them, not their deals.
    if (st.topicAt.has(i)) continue;
    // An activity noun with a date is an activity window (passes/date-fields.ts); one read elsewhere ("no email") is not ours.
    if (noun.entity === 'activity' && (st.used[i] || st.dates.length > 0)) continue;
    // "companies that bought from us": the verb says they have such records.
    // "nothing open", "bought nothing": "nothing" is its own negation; so is "nobody" ("companies with nobody on file").
    const itself = (st.n(i) === 'nothing' && st.negatedAt.has(i)) || NOBODY.has(st.n(i)) ? { at: i, negated: true as const } : undefined;
    const found = itself ?? negationBefore(st, i) ?? presenceBefore(st, i) ?? (noun.verb && !st.used[i] ? { at: i, negated: false as const } : undefined);
    if (!found) continue;
    const { at, negated } = found;
    const stages: (readonly string[])[] = noun.stage ? [noun.stage] : [];
    const values: Condition[] = [];
    for (let k = at + 1; k < i; k++) if (STAGE_WORDS[st.n(k)]) stages.push(STAGE_WORDS[st.n(k)]!);
    // "nothing open", "no deal has ever been lost", "deals that were won": the stage said after the noun is theirs.
    let last = i;
    if (noun.entity === 'deal') {
      for (let k = i + 1; k < Math.min(st.toks.length, i + 5) && !st.used[k]; k++) {
        const said = STAGE_WORDS[st.n(k)];
        if (said) {
          stages.push(said);
          last = k;
          break;
        }
        if (!AUXILIARIES.has(st.n(k))) break;
      }
    }
    // The lexicon's values of the related records between the cue and the noun, or right after it ("no deals in negotiation").
    const own = st.matches.filter((m) => ((m.start > at && m.end <= i) || (m.start === i + 1 || (m.start === i + 2 && ['in', 'for', 'on'].includes(st.n(i + 1))))) && m.meanings.some((x) => x.kind === 'value' && x.entity === noun.entity));
    for (const m of own) {
      const v = m.meanings.find((x) => x.kind === 'value' && x.entity === noun.entity);
      if (v?.kind !== 'value') continue;
      if (v.field === 'stage') stages.push(v.values);
      else values.push({ entity: noun.entity, field: v.field, op: 'in', value: [...v.values], label: v.label });
    }
    const filters: RelatedRecords['filters'] = values.map((c) => ({ field: c.field, op: 'in', value: c.value }));
    if (noun.entity === 'deal' && stages.length > 0) filters.push({ field: 'stage', op: 'in', value: stagesSaid(stages) });
    if (noun.type) filters.push({ field: 'type', op: 'eq', value: noun.type });
    const via = head === 'company' ? 'company_id' : head === 'deal' ? 'deal_id' : 'contact_id';
    const what = describe(noun.entity, filters, values);
    st.conditions.push({ entity: head, field: RELATED_FIELD, op: negated ? 'nin' : 'in', value: { entity: noun.entity, via, filters } satisfies RelatedRecords, label: negated ? `no ${what}` : `has ${what}` });
    // The words are read; the negation is spent (it must not reach a value after the noun: "no deals in Germany").
    st.claimFree(at, last + 1);
    for (const m of own) st.claim(m.start, m.end);
    st.matches = st.matches.filter((m) => !own.includes(m) && !(m.start >= at && m.end <= last + 1));
    st.quantities = st.quantities.filter((q) => q.at.end <= at || q.at.start > last);
    st.negatedAt.delete(at);
  }
}

/** Words for no person at all: had by firms ("with nobody"), they have no contacts. */
const NOBODY = new Set(['nobody', 'noone']);

function nounAt(st: ParseState, i: number): (typeof NOUNS)[string] | undefined {
  const w = st.n(i);
  // "companies with nobody on file"; not "companies nobody has called" (nobody there is who did it).
  if (NOBODY.has(w)) return HAVING.has(st.n(i - 1)) ? { entity: 'contact' } : undefined;
  // "did business with": business done is a deal won.
  if (w === 'business' && ['did', 'done', 'do', 'doing'].includes(st.n(i - 1))) return { entity: 'deal', stage: ['closed_won'] };
  // "bought anything from us", "purchased from us": what was bought is a deal won.
  if (['anything', 'nothing'].includes(w) && STAGE_WORDS[st.n(i - 1)]?.includes('closed_won') && !STAGE_WORDS[st.n(i - 1)]!.includes('closed_lost')) return { entity: 'deal', stage: ['closed_won'] };
  // "nothing open with us", "anything lost": what is open, won or lost is a deal (its stage follows the noun).
  if (['anything', 'nothing'].includes(w) && STAGE_WORDS[st.n(i + 1)]) return { entity: 'deal' };
  // "haven't bought from us", "never purchased": buying with nothing bought named is a deal won, the verb its noun.
  if (BUYING.has(w) && (st.n(i + 1) === 'from' || i === st.toks.length - 1)) return { entity: 'deal', stage: ['closed_won'], verb: true };
  return NOUNS[w] ?? NOUNS[w.replace(/ies$/, 'y').replace(/s$/, '')];
}

/** Words between a deal noun and the stage said of it ("no deal has ever been lost", "deals that were won"). */
const AUXILIARIES = new Set(['has', 'have', 'had', 'ever', 'been', 'was', 'were', 'is', 'are', 'be', 'being', 'yet', 'that', 'which', 'currently', 'still']);

/** Verbs of buying from us, in the forms that follow a negation ("haven't bought", "never purchased", "didn't buy"). */
const BUYING = new Set(['bought', 'buy', 'purchased', 'purchase', 'ordered', 'order']);

/** A negation (or "zero", "nothing in") up to five words before the noun, with only linking words between. */
function negationBefore(st: ParseState, i: number): { at: number; negated: true } | undefined {
  for (let k = i - 1; k >= Math.max(0, i - 6); k--) {
    // "zero deals", "have yet to win a deal"
    if (st.negatedAt.has(k) || st.n(k) === 'zero' || (st.n(k) === 'yet' && st.n(k + 1) === 'to')) return { at: k, negated: true };
    if (!linking(st, k)) return undefined;
  }
  return undefined;
}

/** "with deals", "that have open opportunities" (not a noun of the object itself, not after a negation). */
function presenceBefore(st: ParseState, i: number): { at: number; negated: false } | undefined {
  if (['anything', 'nothing', 'business'].includes(st.n(i))) return undefined;
  for (let k = i - 1; k >= Math.max(0, i - 4); k--) {
    if (HAVING.has(st.n(k)) && !st.negatedAt.has(k - 1) && !st.negatedAt.has(k - 2)) return { at: k, negated: false };
    if (!linking(st, k) || st.negatedAt.has(k)) return undefined;
  }
  return undefined;
}

/** "open deals in negotiation": a stage within a group narrows it; stages that do not overlap ("won or lost") join. */
function stagesSaid(said: (readonly string[])[]): string[] {
  const common = said.reduce((a, b) => a.filter((x) => b.includes(x)));
  return common.length > 0 ? [...common] : [...new Set(said.flat())];
}

function linking(st: ParseState, k: number): boolean {
  const w = st.n(k);
  return LINKS.has(w) || STAGE_WORDS[w] !== undefined || st.matches.some((m) => k >= m.start && k < m.end && m.meanings.some((x) => x.kind === 'value' && (x.entity === 'deal' || x.entity === 'activity')));
}

function describe(entity: Related, filters: RelatedRecords['filters'], values: Condition[]): string {
  const stage = filters.find((f) => f.field === 'stage')?.value as string[] | undefined;
  const type = filters.find((f) => f.field === 'type')?.value as string | undefined;
  const stageWord = !stage ? '' : stage.length === 1 ? `${stage[0]!.replace('closed_', '')} ` : stage.every((s) => (OPEN_STAGES as readonly string[]).includes(s)) ? 'open ' : 'closed ';
  const noun = entity === 'deal' ? 'deals' : entity === 'contact' ? 'contacts' : type ? `${type}s` : 'activities';
  return `${stageWord}${values.map((v) => `${v.label} `).join('')}${noun}`;
}
