/**
 * The words of the query language itself: object nouns, field and group words, pipeline and status words,
 * filler and topic cues. None of it is read off a data set: the workspace's own values are matched against it at
 * query time (lexicon.ts). Industries, places and roles are general knowledge shared with search facets, in
 * ../lexicon/.
 */
import { allFields, CLOSED_STAGES, ENTITIES, ENTITY_ORDER, fieldOf, OPEN_STAGES, type EntityName, type FieldDef } from '../../core/entities.js';
import { stem, tokenize } from '../lexicon/tokens.js';

/** Lead-source words → a pattern recognising the workspace's value. */
export const SOURCE_CONCEPTS: { recognise: RegExp; phrases: string[] }[] = [
  // Someone who knows us sent them: a customer, a friend, a contact.
  { recognise: /referr/, phrases: ['referral', 'referred', 'referrals', 'word of mouth', 'recommendation', 'recommendations', 'recommended', 'introduction', 'introductions', 'introduced', 'intro', 'intros', 'warm intro', 'warm introduction', 'personal introduction'] },
  // The professional social network and social selling.
  { recognise: /linkedin/, phrases: ['linkedin', 'linked in', 'social', 'social media', 'social network', 'social networking', 'social networks', 'social selling', 'inmail', 'inmails'] },
  // We approached them unasked: cold calls and e-mails, outbound prospecting.
  { recognise: /cold|outbound/, phrases: ['cold outreach', 'cold outbound', 'outbound', 'cold call', 'cold calls', 'cold called', 'cold calling', 'cold email', 'cold emails', 'cold emailed', 'cold emailing', 'cold mail', 'cold mailing', 'prospecting', 'outbound prospecting', 'sdr outreach'] },
  // Another company sent them: resellers, affiliates, alliances, integrators.
  { recognise: /partner|channel/, phrases: ['partner', 'partners', 'channel', 'channels', 'channel partner', 'channel partners', 'partnership', 'partnerships', 'reseller', 'resellers', 'affiliate', 'affiliates', 'alliance', 'alliances', 'integrator', 'integrators', 'distributor', 'distributors', 'var', 'vars'] },
  // An online seminar they attended or signed up for.
  { recognise: /webinar/, phrases: ['webinar', 'webinars', 'web seminar', 'web seminars', 'online seminar', 'online seminars', 'online workshop', 'online workshops', 'online event', 'online events', 'virtual event', 'virtual events', 'virtual session', 'virtual sessions', 'online session', 'online sessions', 'webcast', 'webcasts', 'livestream', 'livestreams', 'live stream', 'online demo day', 'webinar signups', 'webinar attendees', 'webinar registrants',
    // leads who came to us on their own: the website's forms and the webinars they signed up for
    'inbound'] },
  // Met in person at an event: conferences, trade shows, expos, summits, booths.
  { recognise: /conference|event|trade show/, phrases: ['conference', 'conferences', 'event', 'events', 'trade show', 'trade shows', 'tradeshow', 'tradeshows', 'trade fair', 'trade fairs', 'expo', 'expos', 'exhibition', 'exhibitions', 'summit', 'summits', 'convention', 'conventions', 'congress', 'meetup', 'meetups', 'booth', 'show floor', 'industry event', 'industry events', 'in person event', 'in person events', 'field event', 'field events'] },
  // Came to us through our website: forms, landing pages, organic search.
  { recognise: /website|\bweb\b|inbound|organic/, phrases: ['website', 'websites', 'web site', 'site', 'web', 'the web', 'inbound', 'organic', 'web form', 'web forms', 'contact form', 'contact us form', 'online form', 'signup form', 'sign up form', 'form fill', 'form fills', 'landing page', 'landing pages', 'homepage', 'home page', 'site visitors', 'website visitors', 'web visitors', 'web traffic', 'demo request', 'demo requests', 'seo', 'organic search'] },
  { recognise: /ads|advert|paid/, phrases: ['ads', 'advertising', 'paid ads', 'paid', 'ppc', 'google ads'] },
];

/** Deal stages and stage groups as people say them (the stage names themselves are matched too). */
export const STAGE_WORDS: Record<string, readonly string[]> = {
  open: OPEN_STAGES,
  active: OPEN_STAGES,
  ongoing: OPEN_STAGES,
  'in progress': OPEN_STAGES,
  'in play': OPEN_STAGES,
  'in flight': OPEN_STAGES,
  underway: OPEN_STAGES,
  unclosed: OPEN_STAGES,
  pending: OPEN_STAGES,
  live: OPEN_STAGES,
  won: ['closed_won'], 'closed won': ['closed_won'], winning: ['closed_won'], successful: ['closed_won'], booked: ['closed_won'], signed: ['closed_won'],
  // The outcome verbs in each form ("how many did we lose", "deals we win"); "winning"/"won", "lost" are above.
  win: ['closed_won'], wins: ['closed_won'], lose: ['closed_lost'], loses: ['closed_lost'], loss: ['closed_lost'], losses: ['closed_lost'],
  lost: ['closed_lost'], 'closed lost': ['closed_lost'], failed: ['closed_lost'], unsuccessful: ['closed_lost'], dead: ['closed_lost'],
  // won and lost said as what happened to the deal: "deals we bagged", "deals that fell through"
  bagged: ['closed_won'], clinched: ['closed_won'], 'closed-won': ['closed_won'],
  'fell through': ['closed_lost'], 'fallen through': ['closed_lost'], 'slipped away': ['closed_lost'], 'fell apart': ['closed_lost'], 'got away': ['closed_lost'],
  'went nowhere': ['closed_lost'], 'gone nowhere': ['closed_lost'], 'led nowhere': ['closed_lost'],
  'fizzled out': ['closed_lost'], fizzled: ['closed_lost'], 'petered out': ['closed_lost'],
  closed: CLOSED_STAGES, finished: CLOSED_STAGES,
  negotiating: ['negotiation'], negotiations: ['negotiation'], 'in negotiation': ['negotiation'], proposals: ['proposal'],
  // The stage said as what is being done in it ("deals in the qualifying stage", "opps still in qualification").
  qualifying: ['qualified'], qualification: ['qualified'],
  'early stage': ['lead', 'qualified'], 'late stage': ['proposal', 'negotiation'],
  'proposal sent': ['proposal'], quoted: ['proposal'], discovery: ['qualified'], prospecting: ['lead'], new: ['lead'],
  // Idioms of how far a deal has come: set phrases whose words mean little alone, so the embedding cannot place them
  // ("home stretch" sits nearest "won" with USE lite). Near the end and not yet signed is negotiation; across it, won.
  haggling: ['negotiation'], haggle: ['negotiation'], haggled: ['negotiation'], bargaining: ['negotiation'], 'hammering out': ['negotiation'],
  'home stretch': ['negotiation'], 'final stretch': ['negotiation'], 'home straight': ['negotiation'], 'final lap': ['negotiation'],
  'near the finish line': ['negotiation'], 'close to the finish line': ['negotiation'], 'nearing the finish line': ['negotiation'], 'approaching the finish line': ['negotiation'],
  'ready to sign': ['negotiation'], 'about to sign': ['negotiation'], 'close to signing': ['negotiation'], 'nearly signed': ['negotiation'], 'almost signed': ['negotiation'],
  'awaiting signature': ['negotiation'], 'awaiting a signature': ['negotiation'], 'awaiting their signature': ['negotiation'],
  'waiting on a signature': ['negotiation'], 'waiting on signature': ['negotiation'], 'waiting on their signature': ['negotiation'],
  'waiting for a signature': ['negotiation'], 'waiting for signature': ['negotiation'], 'waiting for their signature': ['negotiation'], 'out for signature': ['negotiation'],
  redlines: ['negotiation'], redlining: ['negotiation'], 'with legal': ['negotiation'], 'in legal review': ['negotiation'],
  'crossed the finish line': ['closed_won'], 'crossed the line': ['closed_won'], 'across the line': ['closed_won'], 'across the finish line': ['closed_won'], 'over the finish line': ['closed_won'], 'in the bag': ['closed_won'], 'done deal': ['closed_won'], 'done deals': ['closed_won'],
  'very start': ['lead'], 'very beginning': ['lead'], 'early days': ['lead'],
  // "lead-stage opportunities": the stage named with its noun is the stage, not a word for contacts.
  'lead stage': ['lead'], 'lead phase': ['lead'],
  'top of the funnel': ['lead'], 'top of funnel': ['lead'], 'top of the pipeline': ['lead'],
  'one step away from closing': ['negotiation'], 'one step from closing': ['negotiation'], 'a step away from closing': ['negotiation'],
  'last step before closing': ['negotiation'], 'final stage': ['negotiation'], 'bargaining table': ['negotiation'], 'negotiating table': ['negotiation'],
  'waiting to hear back': ['proposal'],
  'went our way': ['closed_won'], 'gone our way': ['closed_won'], 'signed and sealed': ['closed_won'], 'signed sealed': ['closed_won'], sealed: ['closed_won'],
  'went south': ['closed_lost'], 'gone south': ['closed_lost'], 'went sideways': ['closed_lost'], 'went belly up': ['closed_lost'], 'went cold': ['closed_lost'],
};

/**
 * Idioms of a deal coming good, by verb form; said under a negation they mean it was lost ("didn't pan out", "never
 * went anywhere", "hasn't come through"). Generated as negation × form, so every pairing reads alike.
 */
const SUCCESS_IDIOMS = {
  base: ['pan out', 'come through', 'go anywhere', 'work out', 'come off', 'go through', 'materialise', 'materialize', 'happen', 'land'],
  past: ['panned out', 'came through', 'went anywhere', 'worked out', 'came off', 'went through', 'materialised', 'materialized', 'happened', 'landed'],
  participle: ['panned out', 'come through', 'gone anywhere', 'worked out', 'come off', 'gone through', 'materialised', 'materialized', 'happened', 'landed'],
} as const;
const NEGATIONS_BY_FORM: Record<keyof typeof SUCCESS_IDIOMS, readonly string[]> = {
  base: ['didnt', 'did not', 'dont', 'do not', 'doesnt', 'does not', 'wont', 'will not', 'never', 'cant', 'could not', 'couldnt'],
  past: ['never'],
  participle: ['hasnt', 'has not', 'havent', 'have not', 'hadnt', 'had not', 'never'],
};
/** "didnt pan out", "never went anywhere", … (apostrophes are dropped by the tokenizer). */
export const NEGATED_SUCCESS = new Set(
  (Object.keys(SUCCESS_IDIOMS) as (keyof typeof SUCCESS_IDIOMS)[]).flatMap((form) => NEGATIONS_BY_FORM[form].flatMap((neg) => SUCCESS_IDIOMS[form].map((idiom) => `${neg} ${idiom}`))),
);
for (const phrase of NEGATED_SUCCESS) {
  STAGE_WORDS[phrase] = ['closed_lost'];
  // "hasn't come through yet": not yet is still open.
  STAGE_WORDS[`${phrase} yet`] = OPEN_STAGES;
}

/** Words a negated idiom of success takes from word i ("didnt pan out" 3), or 0: its negation is the idiom's. */
export function negatedSuccessLength(word: (i: number) => string, i: number): number {
  for (let len = 4; len >= 2; len--) {
    const words: string[] = [];
    for (let k = i; k < i + len; k++) words.push(word(k));
    if (NEGATED_SUCCESS.has(words.join(' '))) return len;
  }
  return 0;
}

/** Lead-status words (contacts). */
export const STATUS_WORDS: Record<string, string> = {
  // Not worked yet.
  new: 'new', fresh: 'new', untouched: 'new', 'brand new': 'new', unworked: 'new', uncontacted: 'new', 'not yet contacted': 'new',
  'not contacted yet': 'new', 'never been worked': 'new', raw: 'new',
  // Worked: we reached out, a conversation is going.
  contacted: 'contacted', reached: 'contacted', engaged: 'contacted', 'in touch': 'contacted', 'reached out to': 'contacted',
  'been in touch with': 'contacted', 'in conversation': 'contacted', 'being worked': 'contacted', 'been working': 'contacted',
  'started talking to': 'contacted', 'been talking to': 'contacted', 'in talks with': 'contacted',
  // A fit: vetted, sales-ready.
  qualified: 'qualified', mql: 'qualified', sql: 'qualified', vetted: 'qualified', 'sales ready': 'qualified', 'sales-ready': 'qualified',
  'good fit': 'qualified', 'strong fit': 'qualified', 'right fit': 'qualified', 'well qualified': 'qualified',
  // Not a fit.
  unqualified: 'unqualified', disqualified: 'unqualified', 'not qualified': 'unqualified', junk: 'unqualified', 'bad fit': 'unqualified',
  'poor fit': 'unqualified', 'not a fit': 'unqualified', 'no fit': 'unqualified', 'wrong fit': 'unqualified', 'poor-fit': 'unqualified',
  'bad-fit': 'unqualified', dq: 'unqualified', dqd: 'unqualified', rejected: 'unqualified', 'ruled out': 'unqualified',
  // Buying from us.
  customer: 'customer', customers: 'customer', client: 'customer', clients: 'customer', converted: 'customer', paying: 'customer',
  'paying customers': 'customer', 'paying clients': 'customer', buyers: 'customer', purchasers: 'customer', 'became customers': 'customer',
  'became clients': 'customer', 'turned into customers': 'customer', 'converted to customers': 'customer', 'that converted': 'customer',
};

/** Everyday nouns for the objects that are no column heading, so not among entities.ts' synonyms ("the biggest employers"). */
const MORE_OBJECT_NOUNS: Record<string, EntityName> = { employer: 'company', employers: 'company' };

/** Nouns that name what to list: the objects' synonyms (entities.ts). `status` marks nouns that also filter ("customers"). */
export const ENTITY_NOUNS: Record<string, { entity: EntityName; status?: string }> = {
  ...Object.fromEntries(Object.entries(MORE_OBJECT_NOUNS).map(([noun, entity]) => [noun, { entity }])),
  ...Object.fromEntries(
    ENTITY_ORDER.flatMap((entity) =>
      (ENTITIES[entity].synonyms ?? []).map((noun) => {
        const status = entity === 'contact' ? STATUS_WORDS[noun] : undefined;
        return [noun, status ? { entity, status } : { entity }];
      }),
    ),
  ),
};

/** Words that only say "show me" and carry no condition. */
export const FILLER = new Set([
  'show', 'me', 'list', 'find', 'get', 'give', 'display', 'all', 'any', 'the', 'a', 'an', 'of', 'our', 'my', 'we', 'us', 'do', 'does',
  'have', 'has', 'had', 'did', 'there', 'talk', 'talked', 'spoke', 'spoken', 'heard', 'since', 'yet', 'ever', 'lately', 'recently', 'please', 'pls', 'plz', 'which', 'what', 'whats', 'who', 'whose', 'that', 'are', 'is', 'were', 'was', 'be', 'been', 'being',
  'with', 'in', 'at', 'from', 'for', 'to', 'on', 'by', 'and', 'or', 'can', 'you', 'i', 'want', 'see', 'tell', 'pull', 'up', 'fetch',
  'currently', 'right', 'now', 'based', 'located', 'headquartered', 'working', 'work', 'works', 'stage', 'status', 'where', 'whom',
  'companies', 'company', 'those', 'these', 'them', 'their', 'it', 'its', 'this', 'of', 'each', 'every', 'some', 'lists', 'let', 's',
  'total', 'number', 'so', 'far', 'exist', 'exists', 'existing', 'record', 'records', 'entries', 'data', 'crm', 'how', 'many', 'much',
  'count', 'value', 'values', 'amount', 'amounts', 'size', 'sizes', 'worth', 'having', 'also', 'just', 'only', 'same', 'like',
  'everything', 'everyone', 'everybody', 'anyone', 'anybody', 'entire', 'whole', 'whoever', 'someone', 'somebody', 'still', 'out', 'came', 'come', 'through', 'via',
  'expected', 'close', 'closing', 'closes', 'due', 'date', 'dates', 'last', 'contacted', 'created', 'added', 'since', 'before', 'after',
  'gone', 'went', 'weve', 'theyve', 'ive', 'youve', 'whove', 'theyre', 'were', 'sometime', 'became', 'become', 'turned', 'first', 'originally', 'initially',
  'know', 'knows', 'got', 'sourced', 'gotten', 'about', 'into', 'within', 'inside', 'over', 'under', 'than', 'more', 'less', 'employees', 'revenue', 'headcount', 'people',
  // modals and words for "records" that say nothing of which
  'will', 'would', 'should', 'could', 'might', 'shall', 'stuff', 'things', 'anything',
  // how a value was given ("we've marked as not a fit", "flagged as qualified"): the value says which
  'marked', 'flagged', 'labelled', 'labeled', 'classed', 'classified', 'categorised', 'categorized', 'deemed',
]);

/** Phrases after which the rest is what to rank by meaning: "worried about compliance audits". */
export const TOPIC_CUES = [
  'interested in', 'interest in', 'worried about', 'concerned about', 'concerned with', 'care about', 'cares about', 'caring about',
  'focused on', 'focusing on', 'focus on', 'looking for', 'looking at', 'looking into', 'talking about', 'talked about', 'asking about',
  'asked about', 'asking for', 'asked for', 'mentioned', 'mentioning', 'struggling with', 'who want', 'who wants', 'wanting', 'that want',
  'who need', 'who needs', 'needing', 'evaluating', 'exploring', 'running', 'working on', 'excited about', 'keen on', 'into',
  'complaining about', 'frustrated with', 'about', 'regarding', 'discussing', 'planning', 'considering', 'who like', 'who love',
  // Feelings about something: worried, unhappy, tired of, excited by …
  'anxious about', 'nervous about', 'stressed about', 'uneasy about', 'afraid of', 'scared of', 'fearful of', 'paranoid about',
  'frustrated by', 'annoyed by', 'annoyed with', 'unhappy with', 'unhappy about', 'dissatisfied with', 'fed up with', 'tired of', 'sick of',
  'upset about', 'excited by', 'curious about', 'passionate about', 'enthusiastic about', 'obsessed with', 'serious about', 'big on',
  // Intentions: trying to, hoping to, in the market for …
  'trying to', 'looking to', 'hoping to', 'aiming to', 'planning to', 'wanting to', 'eager to', 'keen to', 'itching to', 'desperate to',
  'struggling to', 'pushing for', 'in the market for', 'shopping for', 'budgeting for', 'investing in', 'spending on', 'researching',
  'piloting', 'trialling', 'trialing', 'adopting', 'rolling out', 'implementing', 'modernising', 'modernizing', 'migrating', 'replacing',
  'preparing for', 'getting ready for', 'gearing up for', 'bracing for',
  // Problems: dealing with, suffering from, held back by …
  'dealing with', 'suffering from', 'having trouble with', 'trouble with', 'having issues with', 'issues with', 'problems with',
  'plagued by', 'hurt by', 'burned by', 'hit by', 'bothered by', 'held back by', 'overwhelmed by', 'drowning in', 'buried in',
  'who have trouble', 'who struggle with', 'who struggle to', 'that struggle with', 'that struggle to',
  // Trying things out: experimenting with, playing around with, dabbling in …
  'experimenting with', 'playing with', 'playing around with', 'dabbling in', 'tinkering with', 'betting on', 'betting big on', 'toying with',
  'shopping around for', 'stuck with', 'losing sleep over', 'lose sleep over', 'under pressure to', 'under pressure from',
  'having a hard time', 'have a hard time', 'has a hard time', 'having a tough time', 'having trouble', 'can t seem to',
];

/** How much a deal is worth, said as an adjective or verb rather than a name of the amount ("most valuable"). */
const AMOUNT_WORDS = ['valuable', 'worth', 'expensive'];

/** A field's one-word names, as query keys (stems): its own name and one-word synonyms ("turnover", "headcount"). */
function oneWordNames(f: FieldDef): string[] {
  return [f.name, ...(f.synonyms ?? [])].map((w) => tokenize(w)).filter((t) => t.length === 1).map((t) => t[0]!.stem);
}

/**
 * Words that name a measured field (money, a head count), by stem: the fields' names and synonyms. A word two of
 * them share ("size": a company's headcount, a deal's amount) names the money one, as in "deal size".
 */
export const FIELD_WORDS: Record<string, { entity: EntityName; field: string }> = (() => {
  const out: Record<string, { entity: EntityName; field: string }> = {};
  for (const unit of ['people', 'money'] as const) {
    for (const entity of ENTITY_ORDER) {
      for (const f of allFields(ENTITIES[entity])) if (f.unit === unit) for (const w of oneWordNames(f)) out[w] = { entity, field: f.name };
    }
  }
  for (const w of AMOUNT_WORDS) out[w] = { entity: 'deal', field: 'amount' };
  return out;
})();

/**
 * Fields a query groups by ("by stage", "per industry", "for each rep"), named by their one-word names and
 * synonyms. Earlier ones keep a word they share with later ones: "status" is a contact's lead status, not a
 * deal's stage; "owner" and "company" are the deal's.
 */
const GROUPABLE: readonly [EntityName, string][] = [
  ['contact', 'lead_status'], ['deal', 'stage'], ['deal', 'product'], ['contact', 'lead_source'], ['company', 'industry'], ['company', 'country'],
  ['company', 'city'], ['deal', 'owner'], ['contact', 'title'], ['deal', 'currency'], ['deal', 'company_id'],
];

/** Words after "by"/"per" that name what to group by, by stem. */
export const GROUP_WORDS: Record<string, { entity: EntityName; field: string; label: string }> = (() => {
  const out: Record<string, { entity: EntityName; field: string; label: string }> = {};
  for (const [entity, field] of GROUPABLE) {
    for (const w of oneWordNames(fieldOf(ENTITIES[entity], field)!)) out[w] ??= { entity, field, label: fieldLabel(entity, field) };
  }
  return out;
})();

/** The field of `entity` that measures money or people (a deal's amount, a company's revenue or headcount). */
export function measuredField(entity: EntityName, unit: 'money' | 'people'): { entity: EntityName; field: string } {
  const f = allFields(ENTITIES[entity]).find((x) => x.unit === unit);
  if (!f) throw new Error(`${entity} declares no field measured in ${unit}`);
  return { entity, field: f.name };
}

/** Whether a field measures money. */
export const isMoney = (f: { entity: EntityName; field: string }) => fieldOf(ENTITIES[f.entity], f.field)?.unit === 'money';

/** A field as the interpretation names it: its declared label, lower-case ("last contacted", "lead source"). */
export function fieldLabel(entity: EntityName, field: string): string {
  return fieldOf(ENTITIES[entity], field)?.label.toLowerCase() ?? field.replace(/_/g, ' ');
}

/** Words of the query grammar itself: never part of a topic or a typo's correction. */
const GRAMMAR = new Set(['top', 'first', 'bottom', 'how', 'many', 'much', 'number', 'count', 'total', 'sum', 'average', 'avg', 'mean', 'like', 'similar', 'than', 'more', 'less', 'not', 'or', 'and', 'but', 'then', 'by', 'per', 'each', 'also', 'industry', 'sector', 'vertical', 'space', 'market', 'segment', 'ones', 'one', 'type', 'kind', 'kinds', 'types']);

export function isGrammarWord(w: string): boolean {
  return GRAMMAR.has(w) || GRAMMAR.has(stem(w));
}
