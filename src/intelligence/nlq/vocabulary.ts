/**
 * General knowledge of how salespeople name things: object nouns, industries, places, pipeline words.
 * None of it is read off a data set: the workspace's own values are matched against it at query time
 * (lexicon.ts), so "fintech" finds whatever the workspace calls its financial-technology industry.
 */
import { CLOSED_STAGES, ENTITIES, fieldOf, OPEN_STAGES, type EntityName } from '../../core/entities.js';
import { stem } from './tokens.js';

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

/**
 * Industry concepts: a pattern that recognises the workspace's name for the industry, and what people call
 * it. Phrases are matched whole, after plurals are folded.
 */
export const INDUSTRY_CONCEPTS: { recognise: RegExp; phrases: string[] }[] = [
  { recognise: /fintech|financial tech|financial serv|payment|banking/, phrases: ['fintech', 'fin tech', 'financial technology', 'financial services', 'finance', 'payments', 'payment', 'payments and lending', 'lending', 'banking', 'bank', 'neobank', 'finserv', 'financial'] },
  { recognise: /software|saas/, phrases: ['software', 'saas', 'software as a service', 'cloud software', 'tech', 'b2b software', 'enterprise software', 'dev tools', 'developer tools'] },
  { recognise: /biotech|pharma|life science/, phrases: ['biotech', 'biotechnology', 'pharma', 'pharmaceutical', 'pharmaceuticals', 'life science', 'life sciences', 'drug discovery', 'genomics', 'biopharma'] },
  { recognise: /health|medic/, phrases: ['healthcare', 'health care', 'health', 'medical', 'medtech', 'hospital', 'clinic', 'health tech', 'healthtech', 'digital health'] },
  { recognise: /telecom/, phrases: ['telecom', 'telecoms', 'telecommunication', 'telecommunications', 'telco', 'carrier', 'mobile operator', 'isp', 'network operator'] },
  { recognise: /media|entertain/, phrases: ['media', 'entertainment', 'media and entertainment', 'publishing', 'publisher', 'broadcasting', 'streaming', 'news', 'gaming', 'film'] },
  { recognise: /commerce|retail/, phrases: ['ecommerce', 'e commerce', 'e-commerce', 'online retail', 'retail', 'retailer', 'online store', 'online shop', 'marketplace', 'd2c', 'dtc', 'direct to consumer'] },
  { recognise: /cyber|security/, phrases: ['cybersecurity', 'cyber security', 'cyber', 'infosec', 'information security', 'security'] },
  { recognise: /educat|edtech|learning/, phrases: ['education', 'edtech', 'ed tech', 'e learning', 'elearning', 'learning', 'school', 'university', 'universities', 'college', 'academic', 'training'] },
  { recognise: /automotive|vehicle|mobility/, phrases: ['automotive', 'auto', 'car', 'cars', 'carmaker', 'automaker', 'vehicle', 'vehicles', 'mobility', 'ev'] },
  { recognise: /hospitality|travel|hotel/, phrases: ['hospitality', 'hotel', 'hotels', 'travel', 'tourism', 'restaurant', 'restaurants', 'leisure'] },
  { recognise: /real estate|property|proptech/, phrases: ['real estate', 'realestate', 'property', 'properties', 'proptech', 'realty', 'housing', 'commercial property'] },
  { recognise: /insur/, phrases: ['insurance', 'insurer', 'insurtech', 'insurance carrier', 'underwriting', 'reinsurance'] },
  { recognise: /manufactur|industrial/, phrases: ['manufacturing', 'manufacturer', 'industrial', 'industrials', 'factory', 'factories', 'production'] },
  { recognise: /logistic|shipping|transport|supply/, phrases: ['logistics', 'shipping', 'freight', 'supply chain', 'transport', 'transportation', 'delivery', 'warehousing', 'trucking'] },
  { recognise: /energy|utilit|oil|power/, phrases: ['energy', 'utilities', 'utility', 'power', 'oil and gas', 'renewables', 'renewable energy', 'solar', 'cleantech', 'clean energy'] },
  { recognise: /agri|farm/, phrases: ['agriculture', 'agritech', 'farming', 'agtech'] },
  { recognise: /government|public sector/, phrases: ['government', 'public sector', 'govtech'] },
  { recognise: /nonprofit|non-profit|ngo/, phrases: ['nonprofit', 'non profit', 'charity', 'ngo'] },
  { recognise: /consult/, phrases: ['consulting', 'consultancy', 'professional services', 'advisory'] },
];

/** Country aliases and demonyms → the usual English name. */
export const COUNTRY_ALIASES: Record<string, string> = {
  us: 'United States', usa: 'United States', 'u s': 'United States', 'u s a': 'United States', america: 'United States',
  'united states of america': 'United States', states: 'United States', 'the states': 'United States', american: 'United States',
  uk: 'United Kingdom', 'u k': 'United Kingdom', britain: 'United Kingdom', 'great britain': 'United Kingdom', england: 'United Kingdom',
  british: 'United Kingdom', english: 'United Kingdom', scotland: 'United Kingdom', wales: 'United Kingdom', gb: 'United Kingdom',
  holland: 'Netherlands', 'the netherlands': 'Netherlands', dutch: 'Netherlands', nl: 'Netherlands',
  deutschland: 'Germany', german: 'Germany', de: 'Germany', french: 'France', spanish: 'Spain', espana: 'Spain',
  japanese: 'Japan', indian: 'India', brazilian: 'Brazil', brasil: 'Brazil', canadian: 'Canada', australian: 'Australia', aussie: 'Australia',
  singaporean: 'Singapore', italian: 'Italy', irish: 'Ireland', swiss: 'Switzerland', swedish: 'Sweden', norwegian: 'Norway',
  danish: 'Denmark', finnish: 'Finland', polish: 'Poland', portuguese: 'Portugal', mexican: 'Mexico', chinese: 'China',
  korean: 'South Korea', korea: 'South Korea', israeli: 'Israel', emirati: 'United Arab Emirates', uae: 'United Arab Emirates',
  'south african': 'South Africa', belgian: 'Belgium', austrian: 'Austria', 'new zealander': 'New Zealand', kiwi: 'New Zealand',
  argentinian: 'Argentina', argentine: 'Argentina', chilean: 'Chile', colombian: 'Colombia',
};

/** Other names of cities. */
export const CITY_ALIASES: Record<string, string> = {
  nyc: 'New York', 'new york city': 'New York', manhattan: 'New York', sf: 'San Francisco', 'san fran': 'San Francisco',
  'bay area': 'San Francisco', bengaluru: 'Bangalore', bombay: 'Mumbai', 'sao paulo': 'São Paulo', 'washington dc': 'Washington',
  dc: 'Washington', la: 'Los Angeles', muenchen: 'Munich', munchen: 'Munich', koln: 'Cologne', 'frankfurt am main': 'Frankfurt',
};

/** Regions of the world, in the words people use, → the region names of lexicon/firmographics. */
export const REGION_ALIASES: Record<string, string> = {
  europe: 'Europe', european: 'Europe', eu: 'Europe', emea: 'Europe', 'north america': 'North America', 'north american': 'North America',
  namer: 'North America', 'latin america': 'Latin America', latam: 'Latin America', 'south america': 'Latin America',
  apac: 'Asia-Pacific', asia: 'Asia-Pacific', 'asia pacific': 'Asia-Pacific', asian: 'Asia-Pacific', 'middle east': 'Middle East & Africa',
  africa: 'Middle East & Africa', mea: 'Middle East & Africa',
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
