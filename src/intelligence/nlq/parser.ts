/**
 * Reads what a salesperson typed into an interpretation: which object, which conditions, sort and top-N,
 * aggregate, a seed for "like X", and a topic to rank by meaning. Passes run from the most specific
 * grammar to the most general so each word is claimed once: dates and numbers, superlatives and aggregates,
 * "like X", topic cues, roles, then the workspace lexicon (longest phrase first); names of companies and
 * people are looked up in the data; what is left is ranked by meaning and said so.
 */
import { distance } from 'fastest-levenshtein';
import type { EntityName } from '../../core/entities.js';
import type { FilterOp } from '../../storage/index.js';
import { ACRONYMS, SENIORITY_RANK, type RoleFunction, type Seniority } from '../lexicon/roles.js';
import type { Lexicon, Meaning } from './lexicon.js';
import { findDateConditions, findQuantities, type QuantityCondition } from './quantities/index.js';
import { MAX_QUERY_CHARS, stem, tokenize } from './tokens.js';
import { ENTITY_NOUNS, FILLER, TOPIC_CUES } from './vocabulary.js';

export type Intent = 'filter' | 'top' | 'aggregate' | 'similar' | 'semantic';
export type AggregateFnName = 'count' | 'sum' | 'avg' | 'min' | 'max';

/** A condition on a field of `entity` (the object asked for, or one it refers to: a contact's company). */
export interface Condition {
  entity: EntityName;
  field: string;
  op: FilterOp;
  value: unknown;
  label: string;
  /** Conditions with the same `anyGroup` are or-ed ("CTOs or people in Berlin"). */
  anyGroup?: number;
}

export interface RoleFamily {
  label: string;
  functions: readonly RoleFunction[] | null;
  seniorities: readonly Seniority[] | null;
}

export interface RoleCondition {
  families: RoleFamily[];
  negated: boolean;
  label: string;
}

export interface ParsedQuery {
  text: string;
  intent: Intent;
  entity: EntityName;
  conditions: Condition[];
  roles: RoleCondition[];
  sort: { entity: EntityName; field: string; direction: 'asc' | 'desc'; label: string } | null;
  top: number | null;
  aggregate: { fn: AggregateFnName; field: string | null; groupBy: { entity: EntityName; field: string } | null; label: string } | null;
  similar: { seed: string; id: string | null; name: string | null } | null;
  /** Words ranked by meaning (semantic intent), as typed. */
  topic: string | null;
  /** Whether the topic was asked for ("interested in …") or is what the parser could not read. */
  topicIsFallback: boolean;
  unparsed: string[];
  notes: string[];
  /**
   * Conditions on the learned score: a tier ("hot leads": probability ≥ 0.7, warm ≥ 0.4, cold below), likely
   * ("likely to close": ≥ 0.5) and ranking by it ("highest-scoring", "most likely to win").
   */
  score: { tier: 'hot' | 'warm' | 'cold' | null; likely: boolean; rank: boolean; label: string } | null;
  /** "my deals": records owned by whoever asks (the service turns it into an owner condition). */
  mine: boolean;
}

/** What the parser needs from the data beyond the lexicon: records by name. */
export interface NameResolver {
  /** Companies whose name is one of the phrases (normalised); phrase → {id, name}. */
  companies(phrases: readonly string[]): Promise<Map<string, { id: string; name: string }>>;
  /** A record of `entity` named `phrase` (a person's full name, a company's or deal's name). */
  record(entity: EntityName, phrase: string): Promise<{ id: string; name: string } | undefined>;
}

export interface ParseContext {
  lexicon: Lexicon;
  now: Date;
  names: NameResolver;
}

const CLOSE_CUES = new Set(['close', 'closing', 'closed', 'expected', 'due', 'won', 'lost', 'signed', 'win', 'lose', 'booked']);
const CONTACT_CUES = new Set(['contacted', 'touched', 'reached', 'spoke', 'spoken', 'talked', 'emailed', 'called', 'heard', 'engaged']);
const CREATE_CUES = new Set(['created', 'added', 'joined', 'entered', 'came', 'opened', 'imported', 'registered']);
const PREPOSITIONS = new Set(['in', 'at', 'from', 'within', 'of', 'for', 'with', 'to', 'on', 'by', 'based', 'located', 'headquartered', 'the', 'non']);
const FACET_NOUNS = new Set(['industry', 'industrie', 'sector', 'space', 'vertical', 'market', 'segment', 'field', 'area', 'business']);
const NEGATIONS = new Set(['not', 'no', 'non', 'excluding', 'exclude', 'except', 'outside', 'without', 'besides', 'isnt', 'arent', 'dont', 'doesnt', 'never', 'nor']);
const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15,
  twenty: 20, thirty: 30, fifty: 50, hundred: 100, dozen: 12,
};

const DESC_SUPERLATIVES = new Set(['biggest', 'largest', 'greatest', 'highest', 'most', 'top', 'best', 'priciest', 'richest', 'largest', 'major', 'max']);
const ASC_SUPERLATIVES = new Set(['smallest', 'lowest', 'least', 'fewest', 'cheapest', 'bottom', 'tiniest', 'minor']);
const RECENT_WORDS = new Set(['newest', 'latest', 'recent', 'youngest', 'freshest']);
const OLD_WORDS = new Set(['oldest', 'earliest', 'stalest']);

/** Words that name a field, by the field they name; `entity: null` means the object asked for. */
const FIELD_WORDS: Record<string, { entity: EntityName; field: string }> = {
  revenue: { entity: 'company', field: 'annual_revenue' }, revenues: { entity: 'company', field: 'annual_revenue' },
  turnover: { entity: 'company', field: 'annual_revenue' }, arr: { entity: 'company', field: 'annual_revenue' },
  employee: { entity: 'company', field: 'employees' }, headcount: { entity: 'company', field: 'employees' },
  staff: { entity: 'company', field: 'employees' }, workforce: { entity: 'company', field: 'employees' },
  amount: { entity: 'deal', field: 'amount' }, value: { entity: 'deal', field: 'amount' }, valuable: { entity: 'deal', field: 'amount' },
  size: { entity: 'deal', field: 'amount' }, worth: { entity: 'deal', field: 'amount' }, price: { entity: 'deal', field: 'amount' },
  expensive: { entity: 'deal', field: 'amount' },
};

const GROUP_WORDS: Record<string, { entity: EntityName; field: string; label: string }> = {
  stage: { entity: 'deal', field: 'stage', label: 'stage' }, product: { entity: 'deal', field: 'product', label: 'product' },
  source: { entity: 'contact', field: 'lead_source', label: 'lead source' }, channel: { entity: 'contact', field: 'lead_source', label: 'lead source' },
  status: { entity: 'contact', field: 'lead_status', label: 'lead status' }, industry: { entity: 'company', field: 'industry', label: 'industry' },
  industrie: { entity: 'company', field: 'industry', label: 'industry' }, vertical: { entity: 'company', field: 'industry', label: 'industry' },
  sector: { entity: 'company', field: 'industry', label: 'industry' }, country: { entity: 'company', field: 'country', label: 'country' },
  countrie: { entity: 'company', field: 'country', label: 'country' }, city: { entity: 'company', field: 'city', label: 'city' },
  citie: { entity: 'company', field: 'city', label: 'city' }, location: { entity: 'company', field: 'city', label: 'city' },
  owner: { entity: 'deal', field: 'owner', label: 'owner' }, rep: { entity: 'deal', field: 'owner', label: 'owner' },
  title: { entity: 'contact', field: 'title', label: 'title' }, currency: { entity: 'deal', field: 'currency', label: 'currency' },
  company: { entity: 'deal', field: 'company_id', label: 'company' }, account: { entity: 'deal', field: 'company_id', label: 'company' },
};

const SENIORITY_WORDS: Record<string, readonly Seniority[]> = {
  vp: ['vp'], svp: ['vp'], evp: ['vp'], avp: ['vp'], 'vice president': ['vp'], director: ['director'], head: ['head'], manager: ['manager'],
  'c level': ['c_level'], 'c suite': ['c_level'], clevel: ['c_level'], csuite: ['c_level'], cxo: ['c_level'], chief: ['c_level'],
  'chief officer': ['c_level'], founder: ['c_level'], cofounder: ['c_level'], 'co founder': ['c_level'], president: ['c_level'],
  executive: ['c_level', 'vp'], exec: ['c_level', 'vp'], leader: ['c_level', 'vp', 'head', 'director'], leadership: ['c_level', 'vp', 'head', 'director'],
  'decision maker': ['c_level', 'vp', 'head', 'director'], 'senior leader': ['c_level', 'vp', 'head', 'director'], boss: ['c_level', 'vp', 'head', 'director'],
  'senior executive': ['c_level', 'vp'], 'senior manager': ['manager'], 'team lead': ['manager'], supervisor: ['manager'],
};

/** Function words as people use them before or after a rank ("sales VPs", "heads of marketing"). */
const FUNCTION_WORDS: Record<string, readonly RoleFunction[]> = {
  sale: ['sales'], revenue: ['sales'], commercial: ['sales'], 'business development': ['sales'], marketing: ['marketing'], growth: ['marketing'],
  engineering: ['engineering'], technical: ['engineering', 'data', 'it'], tech: ['engineering', 'data', 'it'], technology: ['engineering', 'data', 'it'],
  it: ['it'], 'information technology': ['it'], data: ['data'], 'data science': ['data'], analytic: ['data'], ml: ['data'], ai: ['data'],
  'machine learning': ['data'], product: ['product'], design: ['product'], ux: ['product'], security: ['security'], infosec: ['security'],
  finance: ['finance'], financial: ['finance'], accounting: ['finance'], hr: ['people'], people: ['people'], talent: ['people'],
  'human resource': ['people'], recruiting: ['people'], operation: ['operations'], ops: ['operations'], compliance: ['compliance'],
  legal: ['compliance'], risk: ['compliance'], 'customer success': ['customer_success'], support: ['customer_success'],
  'customer service': ['customer_success'],
};

/** Job nouns that carry their own function, at individual level unless a rank comes with them. */
const JOB_NOUNS: Record<string, readonly RoleFunction[]> = {
  engineer: ['engineering'], developer: ['engineering'], architect: ['engineering'], scientist: ['data'], 'data scientist': ['data'],
  analyst: ['finance', 'data', 'operations'], 'financial analyst': ['finance'], designer: ['product'], researcher: ['product'],
  accountant: ['finance'], controller: ['finance'], recruiter: ['people'], marketer: ['marketing'], seller: ['sales'], salesperson: ['sales'],
  'account executive': ['sales'], ae: ['sales'], sdr: ['sales'], bdr: ['sales'], strategist: ['marketing'], 'product manager': ['product'],
  pm: ['product'], cfo: ['finance'],
};

const SENIORITY_LABEL: Record<Seniority, string> = { c_level: 'C-level', vp: 'VP', head: 'head', director: 'director', manager: 'manager', individual: 'individual contributor' };

interface Claim {
  start: number;
  end: number;
}

export async function parseQuery(input: string, ctx: ParseContext): Promise<ParsedQuery> {
  const notes: string[] = [];
  let text = input.replace(/\s+/g, ' ').trim();
  if (text.length > MAX_QUERY_CHARS) {
    notes.push(`only the first ${MAX_QUERY_CHARS} characters were read`);
    text = text.slice(0, MAX_QUERY_CHARS);
  }
  const toks = tokenize(text);
  const used = toks.map(() => false);
  const claim = (i: number, j: number) => {
    for (let k = i; k < j && k < toks.length; k++) used[k] = true;
  };
  const s = (i: number) => toks[i]?.stem ?? '';
  const n = (i: number) => toks[i]?.norm ?? '';
  const tokensIn = (span: { start: number; end: number }): Claim => {
    let a = toks.findIndex((t) => t.end > span.start);
    if (a < 0) a = toks.length;
    let b = a;
    while (b < toks.length && toks[b]!.start < span.end) b++;
    return { start: a, end: b };
  };

  // ---- dates and numbers (quantities.ts reads the text; here they are tied to words and fields) ----
  const dates = findDateConditions(text, ctx.now).map((d) => ({ ...d, at: tokensIn(d), cue: dateCue(tokensIn(d)) }));
  for (const d of dates) claim(d.at.start, d.at.end);
  /** The words saying which date is meant ("last contacted", "expected to close"), claimed before the lexicon sees them. */
  function dateCue(at: Claim): { kind: 'close' | 'contact' | 'create'; word: string } | null {
    for (let k = at.start - 1; k >= Math.max(0, at.start - 5); k--) {
      const w = s(k);
      const kind = CLOSE_CUES.has(w) ? 'close' : CONTACT_CUES.has(w) ? 'contact' : CREATE_CUES.has(w) ? 'create' : null;
      if (!kind) continue;
      // "last contacted", "expected to close", "added to the CRM"
      let from = k;
      if (kind === 'contact' && (n(k - 1) === 'last' || n(k - 1) === 'been' || n(k - 1) === 'were' || n(k - 1) === 'was')) from = k - 1;
      if (kind === 'close' && (n(k - 1) === 'to' && ['expected', 'due', 'likely', 'set', 'scheduled'].includes(n(k - 2)))) from = k - 2;
      else if (kind === 'close' && ['expected', 'due', 'projected'].includes(n(k - 1))) from = k - 1;
      claim(from, k + 1);
      if (n(k + 1) === 'date') claim(k + 1, k + 2);
      return { kind, word: w };
    }
    const after = s(at.end);
    if (CLOSE_CUES.has(after) || CONTACT_CUES.has(after) || CREATE_CUES.has(after)) {
      claim(at.end, at.end + 1);
      return { kind: CLOSE_CUES.has(after) ? 'close' : CONTACT_CUES.has(after) ? 'contact' : 'create', word: after };
    }
    return null;
  }
  const quantities = findQuantities(text).map((q) => ({ ...q, at: tokensIn(q) }));
  for (const q of quantities) claim(q.at.start, q.at.end);

  // ---- negation and "or" markers: remembered by position, applied to the next condition ----
  const negatedAt = new Set<number>();
  const orAt = new Set<number>();
  for (let i = 0; i < toks.length; i++) {
    if (used[i]) continue;
    const w = n(i);
    if (NEGATIONS.has(w) || (w === 'other' && n(i + 1) === 'than')) {
      negatedAt.add(i);
      used[i] = true;
      if (w === 'other') used[i + 1] = true;
    } else if (w === 'or') orAt.add(i);
  }
  const negatedBefore = (start: number) => {
    for (let k = start - 1; k >= Math.max(0, start - 4); k--) if (negatedAt.has(k)) return true;
    return false;
  };
  const orBefore = (start: number) => orAt.has(start - 1) || orAt.has(start - 2);

  // ---- top N and superlatives ----
  let top: number | null = null;
  let sortWord: { dir: 'asc' | 'desc'; recency: boolean; at: number } | null = null;
  const numberAt = (i: number): number | undefined => {
    const w = n(i);
    if (/^\d{1,4}$/.test(w)) return Number(w);
    return WORD_NUMBERS[w];
  };
  for (let i = 0; i < toks.length; i++) {
    if (used[i]) continue;
    const w = n(i);
    if ((w === 'top' || w === 'first' || w === 'bottom') && numberAt(i + 1) !== undefined && !used[i + 1]) {
      top = numberAt(i + 1)!;
      sortWord ??= { dir: w === 'bottom' ? 'asc' : 'desc', recency: false, at: i };
      claim(i, i + 2);
      continue;
    }
    const isSuper = DESC_SUPERLATIVES.has(w) || ASC_SUPERLATIVES.has(w) || RECENT_WORDS.has(w) || OLD_WORDS.has(w);
    if (isSuper && !(w === 'most' && s(i + 1) === 'recent')) {
      // "most" alone is an adverb unless a field word or noun follows ("most employees", "most valuable").
      if ((w === 'most' || w === 'least') && !FIELD_WORDS[s(i + 1)] && !RECENT_WORDS.has(n(i + 1)) && !ENTITY_NOUNS[n(i + 1)]) continue;
      if (w === 'recent' && !(n(i - 1) === 'most' || ENTITY_NOUNS[n(i + 1)])) continue;
      const dir = DESC_SUPERLATIVES.has(w) || RECENT_WORDS.has(w) ? 'desc' : 'asc';
      sortWord = { dir, recency: RECENT_WORDS.has(w) || OLD_WORDS.has(w), at: i };
      used[i] = true;
      if (i > 0 && numberAt(i - 1) !== undefined && !used[i - 1]) {
        top = numberAt(i - 1)!;
        used[i - 1] = true;
      }
      if (w === 'top' && top === null) top = 10;
    } else if (w === 'most' && s(i + 1) === 'recent') {
      sortWord = { dir: 'desc', recency: true, at: i };
      claim(i, i + 2);
    }
  }

  // ---- aggregates and grouping ----
  let aggFn: AggregateFnName | null = null;
  let aggAt = -1;
  for (let i = 0; i < toks.length && !aggFn; i++) {
    if (used[i]) continue;
    const w = n(i);
    const next = n(i + 1);
    if (w === 'how' && next === 'many') [aggFn, aggAt] = ['count', i], claim(i, i + 2);
    else if (w === 'how' && next === 'much') [aggFn, aggAt] = ['sum', i], claim(i, i + 2);
    else if ((w === 'number' || w === 'count' || w === 'tally') && (next === 'of' || !next || ENTITY_NOUNS[next])) [aggFn, aggAt] = ['count', i], claim(i, next === 'of' ? i + 2 : i + 1);
    else if (w === 'count' || w === 'counts') [aggFn, aggAt] = ['count', i], claim(i, i + 1);
    else if (w === 'total' || w === 'sum' || w === 'combined' || w === 'aggregate' || w === 'overall') {
      // "total number of deals" is a count; "total value/amount/pipeline" a sum; "total deals" a count.
      if (next === 'number' || next === 'count') [aggFn, aggAt] = ['count', i], claim(i, n(i + 2) === 'of' ? i + 3 : i + 2);
      else if (ENTITY_NOUNS[next] && ENTITY_NOUNS[next]!.entity !== 'deal') [aggFn, aggAt] = ['count', i], claim(i, i + 1);
      else [aggFn, aggAt] = ['sum', i], claim(i, i + 1);
    } else if (w === 'average' || w === 'avg' || w === 'mean' || w === 'typical') [aggFn, aggAt] = ['avg', i], claim(i, i + 1);
    else if (w === 'median') {
      [aggFn, aggAt] = ['avg', i];
      claim(i, i + 1);
      notes.push('median is not supported yet; showing the average');
    } else if (w === 'minimum' || w === 'min') [aggFn, aggAt] = ['min', i], claim(i, i + 1);
    else if (w === 'maximum' || w === 'max') [aggFn, aggAt] = ['max', i], claim(i, i + 1);
  }
  // "pipeline value", "deal size": a sum or average of the amount without the word "total".
  let groupBy: { entity: EntityName; field: string; label: string } | null = null;
  for (let i = 0; i < toks.length; i++) {
    const w = n(i);
    const starts = w === 'by' || w === 'per' || w === 'across' || (w === 'for' && (n(i + 1) === 'each' || n(i + 1) === 'every')) || (w === 'each' && i > 0);
    if (!starts || used[i]) continue;
    let j = i + 1;
    while (j < toks.length && ['each', 'every', 'their', 'the', 'deal', 'lead', 'company'].includes(n(j)) && !(GROUP_WORDS[s(j)] && !GROUP_WORDS[s(j + 1)])) j++;
    const g = GROUP_WORDS[s(j)];
    if (!g) continue;
    groupBy = g;
    claim(i, j + 1);
    if (n(i - 1) === 'down' || n(i - 1) === 'broken' || n(i - 1) === 'grouped' || n(i - 1) === 'split' || n(i - 1) === 'breakdown') claim(i - 2, i);
    break;
  }

  // ---- "like X" ----
  let similar: ParsedQuery['similar'] = null;
  for (let i = 0; i < toks.length && !similar; i++) {
    if (used[i]) continue;
    const w = s(i);
    let cueEnd = -1;
    if (w === 'like' || w === 'resembling') cueEnd = i + 1;
    else if ((w === 'similar' || w === 'comparable' || w === 'close') && n(i + 1) === 'to') cueEnd = i + 2;
    else if ((w === 'lookalike' || w === 'look' || w === 'twin') && (n(i + 1) === 'of' || n(i + 1) === 'alikes' || n(i + 1) === 'alike')) cueEnd = n(i + 1) === 'of' ? i + 2 : n(i + 2) === 'of' ? i + 3 : i + 2;
    else if (w === 'lookalike') cueEnd = i + 1;
    if (cueEnd < 0) continue;
    let end = cueEnd;
    while (end < toks.length && end - cueEnd < 5 && !used[end] && !['in', 'at', 'from', 'who', 'with', 'that', 'but', 'and', 'or', 'based'].includes(n(end))) end++;
    if (end === cueEnd) continue;
    similar = { seed: text.slice(toks[cueEnd]!.start, toks[end - 1]!.end), id: null, name: null };
    claim(i, end);
    // "more like", "others like", "find contacts like": the lead-in words say nothing else.
    if (['more', 'other', 'others', 'someone', 'somebody', 'people'].includes(n(i - 1))) used[i - 1] = true;
  }

  // ---- the learned score: tiers, likelihood, ranking; and "my" ----
  let score: ParsedQuery['score'] = null;
  let mine = false;
  const scoreOf = () => (score ??= { tier: null, likely: false, rank: false, label: '' });
  const claimFree = (a: number, b: number) => {
    for (let k = a; k < b; k++) used[k] = true;
  };
  for (let i = 0; i < toks.length; i++) {
    const w = n(i);
    // "likely to close this month": the date words may already hold "likely"; the likelihood is read all the same.
    if ((w === 'likely' || w === 'probable') && ['to', 'close', 'win', 'closing', 'winning'].includes(n(i + 1))) {
      scoreOf().likely = true;
      if (n(i - 1) === 'most' || n(i - 1) === 'more') {
        scoreOf().rank = true;
        claimFree(i - 1, i);
      }
      claimFree(i, n(i + 1) === 'to' ? i + 3 : i + 2);
      continue;
    }
    if (used[i]) continue;
    if (['hot', 'warm', 'cold'].includes(w) && ['lead', 'contact', 'prospect', 'deal', 'opportunity', 'customer', 'people', 'person'].includes(s(i + 1)) && !(w === 'cold' && s(i + 1) === 'outreach')) {
      scoreOf().tier = w as 'hot' | 'warm' | 'cold';
      used[i] = true;
    } else if (['score', 'scoring', 'scored', 'probability'].includes(w) && (['by', 'highest', 'best', 'top', 'high', 'lead', 'win', 'deal'].includes(n(i - 1)) || n(i - 1) === 'highest')) {
      scoreOf().rank = true;
      claimFree(['lead', 'win', 'deal'].includes(n(i - 1)) && n(i - 2) === 'by' ? i - 2 : i - 1, i + 1);
    } else if ((w === 'my' || w === 'mine') && (ENTITY_NOUNS[n(i + 1)] || ENTITY_NOUNS[n(i + 2)])) {
      used[i] = true;
      mine = true;
    }
  }
  if (score) {
    const sc = score as NonNullable<ParsedQuery['score']>;
    sc.label = [sc.tier ? `${sc.tier} (${sc.tier === 'hot' ? 'score ≥ 70' : sc.tier === 'warm' ? 'score 40–69' : 'score < 40'})` : '', sc.likely ? 'likely to close (≥ 50%)' : '', sc.rank || sc.likely ? 'ranked by score' : '']
      .filter(Boolean)
      .join(', ');
  }

  // ---- topic cues: what follows is what to rank by meaning, up to a clear filter ----
  const topicAt = new Set<number>();
  const cueKeys = TOPIC_CUES.map((c) => tokenize(c).map((t) => t.norm));
  for (let i = 0; i < toks.length; i++) {
    if (used[i]) continue;
    const cue = cueKeys.find((c) => c.every((w, k) => n(i + k) === w) && c.every((_, k) => !used[i + k]));
    if (!cue) continue;
    // "contacts in fintech ... about" is fine; but "about" as a bare word right before a number is not a cue.
    for (let k = i; k < i + cue.length; k++) topicAt.add(k);
    let j = i + cue.length;
    while (j < toks.length && !used[j]) {
      const w = n(j);
      if (['in', 'at', 'from', 'based', 'located', 'who', 'whose', 'that', 'and', 'with'].includes(w) && isFilterAhead(j + 1)) break;
      topicAt.add(j);
      j++;
    }
    i = j - 1;
  }
  function isFilterAhead(j: number): boolean {
    for (let len = Math.min(ctx.lexicon.maxWords, toks.length - j); len >= 1; len--) {
      const m = ctx.lexicon.phrases.get(toks.slice(j, j + len).map((t) => t.stem).join(' '));
      if (m?.some((x) => x.kind === 'value' && !x.weak)) return true;
    }
    return n(j) === 'the' && j + 1 < toks.length && isFilterAhead(j + 1);
  }

  // ---- roles: "CTOs", "VPs of Sales", "finance leaders", "technical decision makers", "C-level executives" ----
  const roles: RoleCondition[] = [];
  const roleFamilies: { family: RoleFamily; start: number; end: number }[] = [];
  const phraseAt = (i: number, table: Record<string, unknown>, maxLen = 3): number => {
    for (let len = maxLen; len >= 1; len--) {
      if (i + len > toks.length) continue;
      let ok = true;
      for (let k = i; k < i + len; k++) if (used[k] || topicAt.has(k)) ok = false;
      if (ok && table[toks.slice(i, i + len).map((t) => t.stem).join(' ')] !== undefined) return len;
    }
    return 0;
  };
  const key = (i: number, len: number) => toks.slice(i, i + len).map((t) => t.stem).join(' ');
  for (let i = 0; i < toks.length; i++) {
    if (used[i] || topicAt.has(i)) continue;
    // "tagged decision-maker" names a tag, not a rank.
    if (['tagged', 'tag', 'labelled', 'labeled'].includes(n(i - 1))) continue;
    let j = i;
    const functions: RoleFunction[] = [];
    // function words before the rank: "sales", "technical", "data science"
    for (let len = phraseAt(j, FUNCTION_WORDS); len > 0; len = phraseAt(j, FUNCTION_WORDS)) {
      functions.push(...FUNCTION_WORDS[key(j, len)]!);
      j += len;
    }
    let seniorities: readonly Seniority[] | null = null;
    let label = '';
    const acronym = !used[j] && !topicAt.has(j) ? ACRONYMS[n(j).replace(/s$/, '')] : undefined;
    const rankLen = phraseAt(j, SENIORITY_WORDS);
    const jobLen = phraseAt(j, JOB_NOUNS);
    if (acronym && (/^c[a-z]{1,3}o$/.test(n(j).replace(/s$/, '')))) {
      seniorities = ['c_level'];
      functions.push(acronym);
      label = toks[j]!.text.replace(/s$/, '').toUpperCase() + 's';
      j += 1;
    } else if (rankLen > 0) {
      // "chief ... officer" may hold a function: "chief financial officer".
      seniorities = SENIORITY_WORDS[key(j, rankLen)]!;
      label = toks.slice(i, j + rankLen).map((t) => t.text).join(' ');
      j += rankLen;
      if (n(j - 1) === 'chief' && FUNCTION_WORDS[s(j)] && s(j + 1) === 'officer') {
        functions.push(...FUNCTION_WORDS[s(j)]!);
        label = toks.slice(i, j + 2).map((t) => t.text).join(' ');
        j += 2;
      } else if (n(j) === 'of' || n(j) === 'for') {
        // "VPs of Sales", "head of data science"
        const after: RoleFunction[] = [];
        let k = j + 1;
        for (let len = phraseAt(k, FUNCTION_WORDS); len > 0; len = phraseAt(k, FUNCTION_WORDS)) {
          after.push(...FUNCTION_WORDS[key(k, len)]!);
          k += len;
          if (n(k) === 'and' && phraseAt(k + 1, FUNCTION_WORDS) > 0) k++;
        }
        if (after.length > 0) {
          functions.push(...after);
          label = toks.slice(i, k).map((t) => t.text).join(' ');
          j = k;
        }
      }
      // "executives" after "C-level" is one rank, not two.
      if (seniorities.includes('c_level') && ['executive', 'exec', 'officer', 'leader'].includes(s(j))) {
        label = toks.slice(i, j + 1).map((t) => t.text).join(' ');
        j += 1;
      }
    } else if (jobLen > 0) {
      // "ML engineers": the words before the job say the function more precisely than the job noun does.
      if (functions.length === 0) functions.push(...JOB_NOUNS[key(j, jobLen)]!);
      seniorities = ['individual', 'manager'];
      label = toks.slice(i, j + jobLen).map((t) => t.text).join(' ');
      j += jobLen;
    } else continue;
    const family: RoleFamily = { label, functions: functions.length > 0 ? [...new Set(functions)] : null, seniorities };
    roleFamilies.push({ family, start: i, end: j });
    claim(i, j);
    i = j - 1;
  }
  for (const rf of roleFamilies) {
    const negated = negatedBefore(rf.start);
    const last = roles[roles.length - 1];
    if (last && last.negated === negated) {
      last.families.push(rf.family);
      last.label = `${last.label} or ${rf.family.label}`;
    } else roles.push({ families: [rf.family], negated, label: rf.family.label });
  }

  // ---- names: companies named in the query ("contacts at Nimbus Networks GmbH"), longest name first ----
  const namedCompanies: { start: number; id: string; name: string }[] = [];
  if (!similar) {
    const runs: Claim[] = [];
    for (let i = 0; i < toks.length; i++) {
      if (used[i] || topicAt.has(i) || (FILLER.has(n(i)) && !/^[A-Z]/.test(toks[i]!.text))) continue;
      let j = i;
      while (j < toks.length && !used[j] && !topicAt.has(j) && j - i < 6 && !['in', 'at', 'from', 'with', 'who', 'that', 'by', 'for', 'and', 'or'].includes(n(j))) j++;
      if (j > i) runs.push({ start: i, end: j });
      i = j;
    }
    const spans: { phrase: string; start: number; end: number }[] = [];
    for (const r of runs.slice(0, 4)) {
      for (let a = r.start; a < r.end; a++) {
        for (let b = r.end; b > a; b--) {
          // One word is a company name only when typed like one and not a known word ("Energy" is an industry).
          if (b - a === 1 && (!/^[A-Z]/.test(toks[a]!.text) || ctx.lexicon.phrases.has(s(a)) || FILLER.has(n(a)))) continue;
          spans.push({ phrase: text.slice(toks[a]!.start, toks[b - 1]!.end), start: a, end: b });
        }
      }
    }
    if (spans.length > 0) {
      const found = await ctx.names.companies(spans.map((x) => x.phrase));
      for (const sp of [...spans].sort((x, y) => y.end - y.start - (x.end - x.start))) {
        const hit = found.get(sp.phrase);
        if (!hit || used.slice(sp.start, sp.end).some(Boolean)) continue;
        claim(sp.start, sp.end);
        namedCompanies.push({ start: sp.start, ...hit });
      }
    }
  }

  // ---- the lexicon: object nouns and field values, longest phrase first ----
  interface Match { start: number; end: number; meanings: Meaning[] }
  const matches: Match[] = [];
  const lexMatch = (i: number): Match | undefined => {
    for (let len = Math.min(ctx.lexicon.maxWords, toks.length - i); len >= 1; len--) {
      let free = true;
      for (let k = i; k < i + len; k++) if (used[k] || topicAt.has(k)) free = false;
      if (!free) continue;
      const meanings = ctx.lexicon.phrases.get(key(i, len));
      if (meanings) return { start: i, end: i + len, meanings };
    }
    return undefined;
  };
  for (let i = 0; i < toks.length; i++) {
    const m = lexMatch(i);
    if (!m) continue;
    matches.push(m);
    i = m.end - 1;
  }
  // Typos: an unknown word one or two letters from a single-word phrase ("fintehc", "helthcare").
  for (let i = 0; i < toks.length; i++) {
    if (used[i] || topicAt.has(i) || matches.some((m) => i >= m.start && i < m.end)) continue;
    const w = s(i);
    if (w.length < 5 || FILLER.has(n(i)) || isGrammarWord(n(i))) continue;
    const limit = w.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestD = limit + 1;
    let tie = false;
    for (const cand of ctx.lexicon.singleWords) {
      if (Math.abs(cand.length - w.length) > limit) continue;
      const d = transposed(w, cand) ? 1 : distance(w, cand);
      if (d < bestD) [best, bestD, tie] = [cand, d, false];
      else if (d === bestD && cand !== best) tie = true;
    }
    if (best && !tie) {
      matches.push({ start: i, end: i + 1, meanings: ctx.lexicon.phrases.get(best)! });
      notes.push(`read "${toks[i]!.text}" as "${best}"`);
    }
  }
  matches.sort((a, b) => a.start - b.start);

  // ---- the object asked for: the first object noun; otherwise what the conditions are about ----
  let entity: EntityName | null = null;
  let headStatus: string | undefined;
  let headAt = -1;
  // A noun after a preposition is a modifier ("CFOs at energy companies"), unless no other noun or role names the object.
  const nouns = matches.filter((m) => m.meanings.some((x) => x.kind === 'entity'));
  const isModifier = (m: Match) => ['at', 'in', 'from', 'with', 'for', 'of', 'by', 'within', 'across'].includes(n(m.start - 1)) || (m.start >= 2 && ['at', 'in', 'from', 'with', 'for'].includes(n(m.start - 2)) && !used[m.start - 1]);
  const headMatch = nouns.find((m) => !isModifier(m)) ?? (roles.length > 0 ? undefined : nouns[0]);
  if (headMatch) {
    const e = headMatch.meanings.find((x) => x.kind === 'entity') as Extract<Meaning, { kind: 'entity' }>;
    entity = e.entity;
    headStatus = e.status;
    headAt = headMatch.start;
    claim(headMatch.start, headMatch.end);
  }
  // Modifier nouns say nothing more ("people at biotech companies").
  for (const m of nouns) if (m !== headMatch && isModifier(m) && m.meanings.every((x) => x.kind === 'entity' || x.entity !== (entity ?? 'contact'))) claim(m.start, m.end);
  const roleImpliesContact = roles.length > 0;
  if (!entity) {
    const valueEntities = matches.flatMap((m) => m.meanings).filter((x) => x.kind === 'value' && !x.weak).map((x) => (x as { entity: EntityName }).entity);
    if (valueEntities.includes('deal') || quantities.some((q) => q.unit === 'money') && !valueEntities.includes('company')) entity = 'deal';
    else if (roleImpliesContact || valueEntities.includes('contact')) entity = 'contact';
    else if (quantities.some((q) => q.unit === 'employees') || groupBy?.entity === 'company' && aggFn !== null) entity = 'company';
    else entity = 'contact';
    if (nouns.length === 0 && roles.length === 0) notes.push(`no object named; showing ${entity === 'company' ? 'companies' : `${entity}s`}`);
  }
  const head: EntityName = entity;
  const reaches = (e: EntityName) => e === head || e === 'company' && head !== 'company' || e === 'contact' && head === 'deal';

  // ---- conditions from lexicon matches, read in the light of the object ----
  const conditions: Condition[] = [];
  let anyGroups = 0;
  const addCondition = (c: Omit<Condition, 'label'> & { label?: string }, start: number, values: string[] | null, fieldLabel: string) => {
    const negated = negatedBefore(start);
    const prev = conditions.find((x) => x.entity === c.entity && x.field === c.field && (x.op === 'in' || x.op === 'nin') === true);
    if (values) {
      // Values of one field join into one list: "in Berlin or Paris", "CTOs in Berlin and Munich".
      if (prev && (prev.op === 'nin') === negated && c.field !== 'tags') {
        const list = prev.value as string[];
        for (const v of values) if (!list.includes(v)) list.push(v);
        prev.label = `${fieldLabel} ${negated ? 'not in' : '='} ${list.join(' or ')}`;
        return;
      }
      const label = c.field === 'tags' ? `${negated ? 'not ' : ''}tagged ${values[0]}` : `${fieldLabel} ${negated ? (values.length > 1 ? 'not in' : '≠') : '='} ${c.label ?? values.join(' or ')}`;
      const cond: Condition = { entity: c.entity, field: c.field, op: c.field === 'tags' ? (negated ? 'nin' : 'has') : negated ? 'nin' : 'in', value: c.field === 'tags' ? values[0] : [...values], label };
      if (c.field === 'tags' && negated) {
        // tags: "not tagged vip" → a record without the tag
        cond.op = 'any';
        cond.value = [[{ field: 'tags', op: 'empty', value: true }]];
        cond.label = `not tagged ${values[0]}`;
        notes.push('negated tags are read as untagged only');
      }
      if (orBefore(start) && conditions.length > 0 && conditions[conditions.length - 1]!.field !== c.field) {
        const last = conditions[conditions.length - 1]!;
        last.anyGroup ??= ++anyGroups;
        cond.anyGroup = last.anyGroup;
      }
      conditions.push(cond);
    } else conditions.push({ ...c, label: c.label ?? fieldLabel } as Condition);
  };
  const FIELD_LABEL: Record<string, string> = {
    industry: 'industry', country: 'country', city: 'city', product: 'product', lead_source: 'lead source', lead_status: 'lead status',
    stage: 'stage', tags: 'tag', company_id: 'company', contact_id: 'contact',
  };
  if (headStatus && !conditions.some((c) => c.field === 'lead_status')) {
    addCondition({ entity: 'contact', field: 'lead_status', op: 'in', value: [headStatus] }, headAt, [headStatus], 'lead status');
  }
  for (const m of matches) {
    const values = m.meanings.filter((x): x is Extract<Meaning, { kind: 'value' }> => x.kind === 'value');
    if (m.start === headAt) continue;
    // Another object noun after the head is a modifier ("people at biotech companies"), or a stage ("deals in lead").
    const isNoun = m.meanings.some((x) => x.kind === 'entity');
    const pick =
      values.find((v) => v.entity === head && !(isNoun && v.field === 'lead_status')) ??
      values.find((v) => reaches(v.entity) && v.entity !== head);
    if (!pick) {
      if (isNoun) {
        const e = m.meanings.find((x) => x.kind === 'entity');
        if (e?.kind === 'entity' && e.status && head === 'contact') addCondition({ entity: 'contact', field: 'lead_status', op: 'in', value: [e.status] }, m.start, [e.status], 'lead status');
        claim(m.start, m.end);
        continue;
      }
      if (values.length > 0) notes.push(`"${toks.slice(m.start, m.end).map((t) => t.text).join(' ')}" is about ${values[0]!.entity}s, not ${head}s; ignored`);
      continue;
    }
    if (pick.weak && !strongContext(m.start, m.end)) continue;
    // "new" as a status only right before leads ("new leads"); elsewhere it is about creation dates.
    if (pick.field === 'lead_status' && n(m.start) === 'new' && !['lead', 'prospect', 'contact'].includes(s(m.end))) continue;
    claim(m.start, m.end);
    if (FACET_NOUNS.has(s(m.end)) && !used[m.end]) used[m.end] = true;
    if (pick.field === 'tags' && ['tagged', 'tag', 'labelled', 'labeled'].includes(n(m.start - 1))) used[m.start - 1] = true;
    if (pick.fieldLabel) {
      const negated = negatedBefore(m.start);
      conditions.push({ entity: pick.entity, field: pick.field, op: negated ? 'nin' : 'in', value: [...pick.values], label: `${pick.fieldLabel} ${negated ? '≠' : '='} ${pick.label}` });
      continue;
    }
    addCondition({ entity: pick.entity, field: pick.field, op: 'in', value: pick.values, label: pick.label }, m.start, pick.values, FIELD_LABEL[pick.field] ?? pick.field);
  }
  function strongContext(start: number, end: number) {
    return PREPOSITIONS.has(n(start - 1)) || negatedAt.has(start - 1) || FACET_NOUNS.has(s(end)) || Boolean(ENTITY_NOUNS[n(end)]) || matches.some((m) => m.start === end && m.meanings.some((x) => x.kind === 'entity'));
  }
  if (head === 'contact' && headStatus === undefined) {
    // nothing: "leads"/"prospects" name contacts of any status
  }

  for (const c of namedCompanies) {
    const negated = negatedBefore(c.start);
    if (head === 'company') conditions.push({ entity: 'company', field: 'id', op: negated ? 'nin' : 'in', value: [c.id], label: `company ${negated ? '≠' : '='} ${c.name}` });
    else conditions.push({ entity: head, field: 'company_id', op: negated ? 'nin' : 'in', value: [c.id], label: `company ${negated ? '≠' : '='} ${c.name}` });
  }

  // ---- dates: which date field the words around them mean ----
  for (const d of dates) {
    let field: { entity: EntityName; field: string; label: string };
    const dealClosed = conditions.some((c) => c.field === 'stage' && Array.isArray(c.value) && (c.value as string[]).every((v) => v.startsWith('closed')));
    const cue = d.cue;
    if (cue?.kind === 'close' || (!cue && head === 'deal' && dealClosed)) {
      const actual = dealClosed || (cue !== null && ['closed', 'won', 'lost', 'signed', 'win', 'lose', 'booked'].includes(cue.word));
      field = actual ? { entity: 'deal', field: 'closed_at', label: 'closed' } : { entity: 'deal', field: 'expected_close', label: 'expected close' };
    } else if (cue?.kind === 'contact' && head !== 'company') {
      field = { entity: 'contact', field: 'last_contacted_at', label: 'last contacted' };
    } else {
      field = { entity: head, field: 'created_at', label: 'created' };
    }
    if (!reaches(field.entity)) field = { entity: head, field: 'created_at', label: 'created' };
    const isDate = field.field === 'expected_close';
    const fmt = (iso: string) => (isDate ? iso.slice(0, 10) : iso.replace(/\.\d{3}Z$/, 'Z'));
    const negated = negatedBefore(d.at.start) || (n(d.at.start - 1) === 'not' || n(d.at.start - 2) === 'not');
    const parts: Condition[] = [];
    if (d.from) parts.push({ entity: field.entity, field: field.field, op: 'gte', value: fmt(d.from), label: `${field.label} ≥ ${fmt(d.from)}` });
    if (d.to) parts.push({ entity: field.entity, field: field.field, op: 'lt', value: fmt(d.to), label: `${field.label} < ${fmt(d.to)}` });
    if (!negated) conditions.push(...parts);
    else {
      // "not contacted in the last 30 days": outside the range, or never.
      const group = ++anyGroups;
      const alternatives: Condition[] = [];
      if (d.from) alternatives.push({ entity: field.entity, field: field.field, op: 'lt', value: fmt(d.from), label: `${field.label} < ${fmt(d.from)}`, anyGroup: group });
      if (d.to && Date.parse(d.to) < ctx.now.getTime()) alternatives.push({ entity: field.entity, field: field.field, op: 'gte', value: fmt(d.to), label: `${field.label} ≥ ${fmt(d.to)}`, anyGroup: group });
      alternatives.push({ entity: field.entity, field: field.field, op: 'empty', value: true, label: `no ${field.label} date`, anyGroup: group });
      conditions.push(...alternatives);
    }
  }

  // ---- numbers: amounts, revenue, headcount ----
  for (const q of quantities) {
    const near = [q.at.start - 1, q.at.start - 2, q.at.start - 3, q.at.end, q.at.end + 1].map((k) => ({ k, w: s(k) }));
    const fieldWord = near.find((x) => FIELD_WORDS[x.w] && !used[x.k]) ?? near.find((x) => FIELD_WORDS[x.w]);
    let target: { entity: EntityName; field: string };
    if (q.unit === 'employees') target = { entity: 'company', field: 'employees' };
    else if (fieldWord && FIELD_WORDS[fieldWord.w]!.entity === 'company') target = FIELD_WORDS[fieldWord.w]!;
    else if (head === 'deal') target = { entity: 'deal', field: 'amount' };
    else if (head === 'company') target = q.unit === 'money' ? { entity: 'company', field: 'annual_revenue' } : { entity: 'company', field: 'employees' };
    else target = q.unit === 'money' ? { entity: 'company', field: 'annual_revenue' } : { entity: 'company', field: 'employees' };
    if (fieldWord) used[fieldWord.k] = true;
    const label = target.field === 'annual_revenue' ? 'annual revenue' : target.field;
    conditions.push(...quantityConditions(q, target.entity, target.field, label, negatedBefore(q.at.start)));
  }

  // ---- the seed of "like X" ----
  if (similar) {
    const seedEntity: EntityName = entity ?? 'contact';
    const hit = (await ctx.names.record(seedEntity, similar.seed)) ?? (seedEntity === 'contact' && !matches.some((m) => m.meanings.some((x) => x.kind === 'entity')) ? undefined : undefined);
    if (hit) Object.assign(similar, { id: hit.id, name: hit.name });
    else notes.push(`no ${seedEntity} named "${similar.seed}"; ranked by meaning instead`);
  }

  // ---- sort ----
  let sort: ParsedQuery['sort'] = null;
  const explicitBy = (() => {
    for (let i = 0; i < toks.length; i++) {
      if (used[i] || (n(i) !== 'by' && n(i) !== 'on')) continue;
      // "by annual revenue", "by their headcount", "by deal size"
      let k = i + 1;
      while (['annual', 'yearly', 'total', 'their', 'the', 'deal', 'company', 'overall'].includes(n(k)) && FIELD_WORDS[s(k + 1)]) used[k++] = true;
      if (k > i + 1) i = k - 1;
      const f = FIELD_WORDS[s(i + 1)] ?? (s(i + 1) === 'close' || s(i + 1) === 'closing' ? { entity: 'deal' as EntityName, field: 'expected_close' } : undefined);
      if (f) {
        claim(i, i + 2);
        if (s(i + 1) === 'close' && s(i + 2) === 'date') used[i + 2] = true;
        return f;
      }
    }
    return undefined;
  })();
  const sortFieldWord = sortWord ? [sortWord.at + 1, sortWord.at + 2].map((k) => ({ k, f: FIELD_WORDS[s(k)] })).find((x) => x.f) : undefined;
  if (sortWord || explicitBy) {
    let f = explicitBy ?? sortFieldWord?.f;
    if (sortFieldWord) used[sortFieldWord.k] = true;
    if (sortWord?.recency) f = head === 'contact' && (s(sortWord.at + 1) === 'contacted') ? { entity: 'contact', field: 'last_contacted_at' } : { entity: head, field: 'created_at' };
    if (!f) f = head === 'deal' ? { entity: 'deal', field: 'amount' } : head === 'company' ? { entity: 'company', field: ['biggest', 'largest', 'smallest'].includes(n(sortWord!.at)) ? 'employees' : 'annual_revenue' } : { entity: 'contact', field: 'created_at' };
    // A deal's "size" or "value" is its amount; a company's is its revenue or headcount.
    if (f.entity !== head && head === 'company' && f.field === 'amount') f = { entity: 'company', field: 'annual_revenue' };
    if (f.entity !== head) {
      notes.push(`cannot sort ${head}s by their ${f.entity}'s ${f.field}; sorted by ${head === 'deal' ? 'amount' : 'creation date'}`);
      f = head === 'deal' ? { entity: 'deal', field: 'amount' } : { entity: head, field: 'created_at' };
    }
    const direction = sortWord?.dir ?? (hasWord('ascending', 'asc', 'lowest', 'smallest') ? 'asc' : 'desc');
    sort = { entity: head, field: f.field, direction, label: `${f.field.replace(/_/g, ' ')}, ${direction === 'desc' ? 'highest first' : 'lowest first'}` };
    if (f.field.endsWith('_at') || f.field === 'expected_close') sort.label = `${f.field.replace(/_/g, ' ')}, ${direction === 'desc' ? 'newest first' : 'oldest first'}`;
    for (let i = 0; i < toks.length; i++) if (!used[i] && ['ascending', 'descending', 'asc', 'desc', 'sorted', 'ordered', 'ranked'].includes(n(i))) used[i] = true;
  }
  function hasWord(...ws: string[]) {
    return toks.some((t) => ws.includes(t.norm));
  }

  // ---- aggregate field ----
  let aggregate: ParsedQuery['aggregate'] = null;
  if (aggFn || groupBy) {
    // "pipeline value by stage": a grouped number without "total" is a sum; "deals by stage" a count.
    const fn = aggFn ?? (toks.some((t, k) => !used[k] && FIELD_WORDS[t.stem] && t.stem !== 'size') ? 'sum' : 'count');
    if (!aggFn) aggAt = -1;
    let field: string | null = null;
    if (fn !== 'count') {
      const fw = toks.map((t, k) => ({ k, f: FIELD_WORDS[t.stem] })).find((x) => x.f && x.k > aggAt);
      let f = fw?.f;
      if (fw) used[fw.k] = true;
      if (!f && hasWord('pipeline')) f = { entity: 'deal', field: 'amount' };
      if (f && f.entity !== head && head === 'company' && f.field === 'amount') f = { entity: 'company', field: 'annual_revenue' };
      if (!f) f = head === 'deal' ? { entity: 'deal', field: 'amount' } : head === 'company' ? { entity: 'company', field: 'annual_revenue' } : undefined;
      if (!f || f.entity !== head) {
        notes.push(`${fn} needs a number of ${head}s; counting instead`);
      } else field = f.field;
    }
    const realFn: AggregateFnName = field ? fn : 'count';
    const g = groupBy && reaches(groupBy.entity) ? { entity: groupBy.entity === head ? head : groupBy.entity, field: groupBy.field } : null;
    if (groupBy && !g) notes.push(`cannot group ${head}s by ${groupBy.label}`);
    const fieldLabel = field ? field.replace(/_/g, ' ') : '';
    aggregate = { fn: realFn, field, groupBy: g, label: `${realFn === 'count' ? 'count' : `${{ sum: 'total', avg: 'average', min: 'minimum', max: 'maximum' }[realFn as Exclude<AggregateFnName, 'count'>]} ${fieldLabel}`}${g ? ` by ${groupBy!.label}` : ''}` };
  }

  // ---- what is left: ranked by meaning ----
  const leftover: string[] = [];
  const topicWords: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (topicAt.has(i) && !used[i]) {
      topicWords.push(toks[i]!.text);
      continue;
    }
    if (used[i]) continue;
    if (FILLER.has(n(i)) || isGrammarWord(n(i))) continue;
    leftover.push(toks[i]!.text);
  }
  let topic: string | null = null;
  let topicIsFallback = false;
  if (topicWords.length > 0) {
    // Keep the cue ("interested in …"): it is part of what the vectors compare.
    const first = toks.findIndex((_, i) => topicAt.has(i) && !used[i]);
    const last = toks.length - 1 - [...toks].reverse().findIndex((_, r) => topicAt.has(toks.length - 1 - r) && !used[toks.length - 1 - r]);
    topic = text.slice(toks[first]!.start, toks[last]!.end);
    if (leftover.length > 0) topic = `${leftover.join(' ')} ${topic}`;
  } else if (leftover.length > 0) {
    topic = leftover.join(' ');
    topicIsFallback = true;
  }
  if (similar && !similar.id) {
    topic = [similar.seed, topic].filter(Boolean).join(' ');
    topicIsFallback = true;
  }

  const intent: Intent = similar?.id ? 'similar' : aggregate ? 'aggregate' : topic ? 'semantic' : top !== null || sort ? 'top' : 'filter';
  if (intent === 'aggregate' && topic) notes.push(`not understood: "${topic}"`);
  return {
    text,
    intent,
    entity: head,
    conditions,
    roles,
    sort,
    top: top ?? (intent === 'top' ? null : null),
    aggregate,
    similar,
    topic: intent === 'semantic' ? topic : null,
    topicIsFallback,
    unparsed: intent === 'semantic' && topicIsFallback ? leftover : intent !== 'semantic' ? leftover : [],
    notes,
    score,
    mine,
  };
}

/** "fintehc" for "fintech": one swap of neighbouring letters, the commonest typo. */
function transposed(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

function quantityConditions(q: QuantityCondition, entity: EntityName, field: string, label: string, negated: boolean): Condition[] {
  const fmt = (v: number) => v.toLocaleString('en-US');
  const flip: Record<string, FilterOp> = { gt: 'lte', gte: 'lt', lt: 'gte', lte: 'gt' };
  const symbol: Record<string, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=' };
  if (q.op === 'between') {
    if (negated) return [
      { entity, field, op: 'lt', value: q.value, label: `${label} < ${fmt(q.value)}`, anyGroup: -1 },
      { entity, field, op: 'gt', value: q.value2!, label: `${label} > ${fmt(q.value2!)}`, anyGroup: -1 },
    ];
    return [
      { entity, field, op: 'gte', value: q.value, label: `${label} ≥ ${fmt(q.value)}` },
      { entity, field, op: 'lte', value: q.value2!, label: `${label} ≤ ${fmt(q.value2!)}` },
    ];
  }
  if (q.op === 'eq') return [{ entity, field, op: negated ? 'ne' : 'eq', value: q.value, label: `${label} ${negated ? '≠' : '='} ${fmt(q.value)}` }];
  const op = negated ? flip[q.op]! : q.op;
  return [{ entity, field, op, value: q.value, label: `${label} ${symbol[op]} ${fmt(q.value)}` }];
}

const GRAMMAR = new Set(['top', 'first', 'bottom', 'how', 'many', 'much', 'number', 'count', 'total', 'sum', 'average', 'avg', 'mean', 'like', 'similar', 'than', 'more', 'less', 'not', 'or', 'and', 'but', 'then', 'by', 'per', 'each', 'also', 'industry', 'sector', 'vertical', 'space', 'market', 'segment', 'ones', 'one', 'type', 'kind', 'kinds', 'types']);
function isGrammarWord(w: string) {
  return GRAMMAR.has(w) || GRAMMAR.has(stem(w));
}

export { SENIORITY_RANK, SENIORITY_LABEL };
