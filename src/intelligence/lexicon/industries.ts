/**
 * Industries as people name them: each concept recognises the workspace's own name for the industry (a pattern)
 * and lists what people call it. None of it is read off a data set, so "fintech" finds whatever a workspace calls
 * its financial-technology industry. Natural-language queries and search facets read industries with it.
 */
import { foldText } from '../../core/normalize.js';
import { phraseKey } from './tokens.js';

/**
 * Industry concepts: a pattern that recognises the workspace's name for the industry, and what people call
 * it. Phrases are matched whole, after plurals are folded.
 */
export const INDUSTRY_CONCEPTS: { recognise: RegExp; phrases: string[] }[] = [
  { recognise: /fintech|financial tech|financial serv|payment|banking/, phrases: ['fintech', 'fin tech', 'financial technology', 'payments', 'payment', 'payments and lending', 'lending', 'banking', 'bank', 'neobank', 'lender', 'digital wallet', 'wallet', 'remittance', 'money transfer', 'bnpl', 'buy now pay later', 'crypto', 'cryptocurrency', 'blockchain', 'wealthtech', 'regtech', 'open banking'] },
  // Finance as a sector is every industry that deals in money: banking and payments, and insurance.
  { recognise: /fintech|financ|payment|banking|insur/, phrases: ['finance', 'financial', 'financial services', 'financial sector', 'financial industry', 'finserv', 'financials'] },
  { recognise: /software|saas/, phrases: ['software', 'saas', 'software as a service', 'cloud software', 'tech', 'b2b software', 'enterprise software', 'dev tools', 'developer tools', 'devtools'] },
  { recognise: /biotech|pharma|life science/, phrases: ['biotech', 'biotechnology', 'pharma', 'pharmaceutical', 'pharmaceuticals', 'life science', 'life sciences', 'drug discovery', 'genomics', 'biopharma', 'biolab', 'bio lab', 'biopharmaceutical', 'drugmaker', 'therapeutics', 'gene therapy', 'cell therapy', 'genetics', 'gene sequencing', 'sequencing', 'biologics', 'vaccines', 'cro', 'molecular biology'] },
  { recognise: /health|medic/, phrases: ['healthcare', 'health care', 'health', 'medical', 'medtech', 'hospital', 'clinic', 'health tech', 'healthtech', 'digital health', 'telehealth', 'telemedicine', 'senior care', 'home care', 'dental', 'pharmacy', 'pharmacies'] },
  { recognise: /telecom/, phrases: ['telecom', 'telecoms', 'telecommunication', 'telecommunications', 'telco', 'carrier', 'mobile operator', 'isp', 'network operator', 'wireless', 'cellular', 'broadband', '5g', 'mvno'] },
  { recognise: /media|entertain/, phrases: ['media', 'entertainment', 'media and entertainment', 'publishing', 'publisher', 'broadcasting', 'streaming', 'news', 'gaming', 'film', 'ott', 'streamer', 'broadcaster', 'television', 'radio', 'music', 'video game', 'video games', 'newspaper', 'magazine', 'podcast', 'esports'] },
  { recognise: /commerce|retail/, phrases: ['ecommerce', 'e commerce', 'e-commerce', 'online retail', 'retail', 'retailer', 'online store', 'online shop', 'marketplace', 'd2c', 'dtc', 'direct to consumer', 'e tailer', 'etailer', 'webshop', 'storefront', 'retailers', 'supermarket', 'grocer', 'grocery'] },
  { recognise: /cyber|security/, phrases: ['cybersecurity', 'cyber security', 'cyber', 'infosec', 'information security', 'security', 'threat hunting', 'threat intelligence', 'antivirus', 'firewall', 'endpoint security', 'identity security', 'pen testing', 'penetration testing', 'mssp', 'managed security', 'cyber defence', 'cyber defense', 'zero trust'] },
  { recognise: /educat|edtech|learning/, phrases: ['education', 'edtech', 'ed tech', 'e learning', 'elearning', 'learning', 'school', 'university', 'universities', 'college', 'academic', 'training', 'higher ed', 'higher education', 'academia', 'polytechnic', 'community college', 'k12', 'k 12', 'tutoring', 'online learning', 'online course', 'online courses', 'mooc', 'bootcamp', 'campus'] },
  { recognise: /automotive|vehicle|mobility/, phrases: ['automotive', 'auto', 'car', 'cars', 'carmaker', 'automaker', 'vehicle', 'vehicles', 'mobility', 'ev', 'motor', 'motors', 'motor industry', 'automobile', 'automobiles', 'truckmaker', 'electric vehicle', 'electric vehicles', 'auto parts', 'car parts', 'dealership', 'motorcycle', 'motorcycles'] },
  { recognise: /hospitality|travel|hotel/, phrases: ['hospitality', 'hotel', 'hotels', 'travel', 'tourism', 'restaurant', 'restaurants', 'leisure', 'lodging', 'inn', 'guesthouse', 'bed and breakfast', 'b and b', 'hostel', 'resort', 'motel', 'hotelier', 'airline', 'airlines', 'cruise', 'catering', 'vacation rental', 'holiday rental'] },
  { recognise: /real estate|property|proptech/, phrases: ['real estate', 'realestate', 'property', 'properties', 'proptech', 'realty', 'housing', 'commercial property', 'commercial real estate', 'landlord', 'reit', 'realtor', 'property management', 'homebuilder', 'coworking'] },
  { recognise: /insur/, phrases: ['insurance', 'insurer', 'insurtech', 'insurance carrier', 'underwriting', 'reinsurance', 'reinsurer', 'underwriter', 'life insurance', 'health insurance', 'car insurance', 'assurance', 'actuarial'] },
  { recognise: /manufactur|industrial/, phrases: ['manufacturing', 'manufacturer', 'industrial', 'industrials', 'factory', 'factories', 'production', 'machinery', 'fabrication', 'metalworking', 'chemicals', 'steel', 'steelmaker', 'plastics', 'heavy industry', 'industrial goods'] },
  { recognise: /logistic|shipping|transport|supply/, phrases: ['logistics', 'shipping', 'freight', 'supply chain', 'transport', 'transportation', 'delivery', 'warehousing', 'trucking', 'courier', 'forwarder', '3pl', 'third party logistics', 'haulage', 'haulier', 'last mile', 'last mile delivery', 'parcel', 'parcel delivery', 'postal', 'cargo'] },
  { recognise: /energy|utilit|oil|power/, phrases: ['energy', 'utilities', 'utility', 'power', 'oil and gas', 'renewables', 'renewable energy', 'solar', 'cleantech', 'clean energy', 'electricity', 'power generation', 'power plant', 'wind farm', 'wind power', 'nuclear', 'oil major', 'petroleum', 'battery storage', 'hydro', 'hydropower'] },
  { recognise: /agri|farm/, phrases: ['agriculture', 'agritech', 'farming', 'agtech'] },
  { recognise: /government|public sector/, phrases: ['government', 'public sector', 'govtech'] },
  { recognise: /nonprofit|non-profit|ngo/, phrases: ['nonprofit', 'non profit', 'charity', 'ngo'] },
  { recognise: /consult/, phrases: ['consulting', 'consultancy', 'professional services', 'advisory'] },
];

/** Each phrase's concepts, keyed like the query's words (stems), so "Payments" and "payment" are one entry. */
const CONCEPTS_BY_PHRASE = new Map<string, (typeof INDUSTRY_CONCEPTS)[number][]>();
for (const concept of INDUSTRY_CONCEPTS) {
  for (const p of concept.phrases) CONCEPTS_BY_PHRASE.set(phraseKey(p), [...(CONCEPTS_BY_PHRASE.get(phraseKey(p)) ?? []), concept]);
}

/** The workspace industries a concept phrase names ("saas" → "Software (SaaS)"), in the workspace's order. */
export function industriesCalled(phrase: string, industries: readonly string[]): string[] {
  const concepts = CONCEPTS_BY_PHRASE.get(phraseKey(phrase)) ?? [];
  return industries.filter((i) => concepts.some((c) => c.recognise.test(foldText(i))));
}
