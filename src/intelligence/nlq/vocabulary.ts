/**
 * The words of the query language itself: object nouns, field and group words, pipeline and status words,
 * filler and topic cues. None of it is read off a data set: the workspace's own values are matched against it at
 * query time (lexicon.ts). Industries, places and roles are general knowledge shared with search facets, in
 * ../lexicon/.
 */
import { CLOSED_STAGES, ENTITIES, fieldOf, OPEN_STAGES, type EntityName } from '../../core/entities.js';
import { stem } from '../lexicon/tokens.js';

/** Nouns that name what to list. `status` marks nouns that also filter ("customers"). */
export const ENTITY_NOUNS: Record<string, { entity: EntityName; status?: string }> = {
  contact: { entity: 'contact' }, contacts: { entity: 'contact' }, people: { entity: 'contact' }, person: { entity: 'contact' },
  persons: { entity: 'contact' }, lead: { entity: 'contact' }, leads: { entity: 'contact' }, prospect: { entity: 'contact' },
  prospects: { entity: 'contact' }, customer: { entity: 'contact', status: 'customer' }, customers: { entity: 'contact', status: 'customer' },
  client: { entity: 'contact', status: 'customer' }, clients: { entity: 'contact', status: 'customer' }, folks: { entity: 'contact' },
  buyers: { entity: 'contact' }, individuals: { entity: 'contact' }, employees: { entity: 'contact' }, staff: { entity: 'contact' },
  company: { entity: 'company' }, companies: { entity: 'company' }, account: { entity: 'company' }, accounts: { entity: 'company' },
  firm: { entity: 'company' }, firms: { entity: 'company' }, organisation: { entity: 'company' }, organisations: { entity: 'company' },
  organization: { entity: 'company' }, organizations: { entity: 'company' }, orgs: { entity: 'company' }, businesses: { entity: 'company' },
  business: { entity: 'company' }, enterprises: { entity: 'company' }, corporations: { entity: 'company' }, vendors: { entity: 'company' },
  deal: { entity: 'deal' }, deals: { entity: 'deal' }, opportunity: { entity: 'deal' }, opportunities: { entity: 'deal' },
  opps: { entity: 'deal' }, opp: { entity: 'deal' }, pipeline: { entity: 'deal' }, sales: { entity: 'deal' }, contracts: { entity: 'deal' },
};

/** Lead-source words → a pattern recognising the workspace's value. */
export const SOURCE_CONCEPTS: { recognise: RegExp; phrases: string[] }[] = [
  { recognise: /referr/, phrases: ['referral', 'referred', 'referrals', 'word of mouth', 'recommendation', 'introduction', 'intro'] },
  { recognise: /linkedin/, phrases: ['linkedin', 'linked in', 'social', 'social media'] },
  { recognise: /cold|outbound/, phrases: ['cold outreach', 'cold outbound', 'outbound', 'cold call', 'cold calling', 'cold email', 'cold emailing', 'prospecting'] },
  { recognise: /partner|channel/, phrases: ['partner', 'partners', 'channel', 'channel partner', 'partnership', 'reseller'] },
  { recognise: /webinar/, phrases: ['webinar', 'webinars', 'web seminar', 'online event', 'virtual event'] },
  { recognise: /conference|event|trade show/, phrases: ['conference', 'conferences', 'event', 'events', 'trade show', 'tradeshow', 'expo', 'summit', 'meetup'] },
  { recognise: /website|web|inbound|organic/, phrases: ['website', 'web site', 'site', 'web', 'inbound', 'organic', 'web form', 'contact form', 'seo'] },
  { recognise: /ads|advert|paid/, phrases: ['ads', 'advertising', 'paid ads', 'paid', 'ppc', 'google ads'] },
];

/** Deal stages and stage groups as people say them (the stage names themselves are matched too). */
export const STAGE_WORDS: Record<string, readonly string[]> = {
  open: OPEN_STAGES,
  active: OPEN_STAGES,
  ongoing: OPEN_STAGES,
  'in progress': OPEN_STAGES,
  pending: OPEN_STAGES,
  live: OPEN_STAGES,
  won: ['closed_won'], 'closed won': ['closed_won'], winning: ['closed_won'], successful: ['closed_won'], booked: ['closed_won'], signed: ['closed_won'],
  lost: ['closed_lost'], 'closed lost': ['closed_lost'], failed: ['closed_lost'], unsuccessful: ['closed_lost'], dead: ['closed_lost'],
  closed: CLOSED_STAGES, finished: CLOSED_STAGES,
  negotiating: ['negotiation'], negotiations: ['negotiation'], 'in negotiation': ['negotiation'], proposals: ['proposal'],
  'proposal sent': ['proposal'], quoted: ['proposal'], discovery: ['qualified'], prospecting: ['lead'], new: ['lead'],
};

/** Lead-status words (contacts). */
export const STATUS_WORDS: Record<string, string> = {
  new: 'new', fresh: 'new', untouched: 'new', contacted: 'contacted', reached: 'contacted', engaged: 'contacted', qualified: 'qualified',
  mql: 'qualified', sql: 'qualified', unqualified: 'unqualified', disqualified: 'unqualified', 'not qualified': 'unqualified',
  junk: 'unqualified', customer: 'customer', customers: 'customer', client: 'customer', clients: 'customer', converted: 'customer',
  paying: 'customer',
};

/** Words that only say "show me" and carry no condition. */
export const FILLER = new Set([
  'show', 'me', 'list', 'find', 'get', 'give', 'display', 'all', 'any', 'the', 'a', 'an', 'of', 'our', 'my', 'we', 'us', 'do', 'does',
  'have', 'has', 'had', 'there', 'please', 'which', 'what', 'whats', 'who', 'whose', 'that', 'are', 'is', 'were', 'was', 'be', 'been', 'being',
  'with', 'in', 'at', 'from', 'for', 'to', 'on', 'by', 'and', 'or', 'can', 'you', 'i', 'want', 'see', 'tell', 'pull', 'up', 'fetch',
  'currently', 'right', 'now', 'based', 'located', 'headquartered', 'working', 'work', 'works', 'stage', 'status', 'where', 'whom',
  'companies', 'company', 'those', 'these', 'them', 'their', 'it', 'its', 'this', 'of', 'each', 'every', 'some', 'lists', 'let', 's',
  'total', 'number', 'so', 'far', 'exist', 'exists', 'existing', 'record', 'records', 'entries', 'data', 'crm', 'how', 'many', 'much',
  'count', 'value', 'values', 'amount', 'amounts', 'size', 'sizes', 'worth', 'having', 'also', 'just', 'only', 'same', 'like',
  'everything', 'everyone', 'everybody', 'anyone', 'anybody', 'entire', 'whole',
  'expected', 'close', 'closing', 'closes', 'due', 'date', 'dates', 'last', 'contacted', 'created', 'added', 'since', 'before', 'after',
  'about', 'into', 'within', 'inside', 'over', 'under', 'than', 'more', 'less', 'employees', 'revenue', 'headcount', 'people',
]);

/** Phrases after which the rest is what to rank by meaning: "worried about compliance audits". */
export const TOPIC_CUES = [
  'interested in', 'interest in', 'worried about', 'concerned about', 'concerned with', 'care about', 'cares about', 'caring about',
  'focused on', 'focusing on', 'focus on', 'looking for', 'looking at', 'looking into', 'talking about', 'talked about', 'asking about',
  'asked about', 'asking for', 'asked for', 'mentioned', 'mentioning', 'struggling with', 'who want', 'who wants', 'wanting', 'that want',
  'who need', 'who needs', 'needing', 'evaluating', 'exploring', 'running', 'working on', 'excited about', 'keen on', 'into',
  'complaining about', 'frustrated with', 'about', 'regarding', 'discussing', 'planning', 'considering', 'who like', 'who love',
];

/** Words that name a numeric field, by stem, and the field they name. */
export const FIELD_WORDS: Record<string, { entity: EntityName; field: string }> = {
  revenue: { entity: 'company', field: 'annual_revenue' }, revenues: { entity: 'company', field: 'annual_revenue' },
  turnover: { entity: 'company', field: 'annual_revenue' }, arr: { entity: 'company', field: 'annual_revenue' },
  employee: { entity: 'company', field: 'employees' }, headcount: { entity: 'company', field: 'employees' },
  staff: { entity: 'company', field: 'employees' }, workforce: { entity: 'company', field: 'employees' },
  amount: { entity: 'deal', field: 'amount' }, value: { entity: 'deal', field: 'amount' }, valuable: { entity: 'deal', field: 'amount' },
  size: { entity: 'deal', field: 'amount' }, worth: { entity: 'deal', field: 'amount' }, price: { entity: 'deal', field: 'amount' },
  expensive: { entity: 'deal', field: 'amount' },
};

/** Words after "by"/"per" that name what to group by, by stem. */
export const GROUP_WORDS: Record<string, { entity: EntityName; field: string; label: string }> = {
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

/** A field as the interpretation names it: its declared label, lower-case ("last contacted", "lead source"). */
export function fieldLabel(entity: EntityName, field: string): string {
  return fieldOf(ENTITIES[entity], field)?.label.toLowerCase() ?? field.replace(/_/g, ' ');
}

/** Words of the query grammar itself: never part of a topic or a typo's correction. */
const GRAMMAR = new Set(['top', 'first', 'bottom', 'how', 'many', 'much', 'number', 'count', 'total', 'sum', 'average', 'avg', 'mean', 'like', 'similar', 'than', 'more', 'less', 'not', 'or', 'and', 'but', 'then', 'by', 'per', 'each', 'also', 'industry', 'sector', 'vertical', 'space', 'market', 'segment', 'ones', 'one', 'type', 'kind', 'kinds', 'types']);

export function isGrammarWord(w: string): boolean {
  return GRAMMAR.has(w) || GRAMMAR.has(stem(w));
}
