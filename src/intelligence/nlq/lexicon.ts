/**
 * The words a workspace's queries can mean, built from its schema and its own values (industries, places,
 * products, lead sources, tags) joined with general knowledge (vocabulary.ts). Phrases are keyed by stems
 * so "referrals", "Referral" and "referral" are one entry; a phrase may mean several things ("qualified" is
 * a lead status and a deal stage) and the parser picks by the object asked for.
 */
import { DEAL_STAGES, ENTITIES, LEAD_STATUSES, type EntityName } from '../../core/entities.js';
import { foldText } from '../../core/normalize.js';
import type { Storage } from '../../storage/index.js';
import { CITY_ALIASES, COUNTRY_ALIASES, REGION_ALIASES, regionOf } from '../lexicon/firmographics.js';
import { INDUSTRY_CONCEPTS } from '../lexicon/industries.js';
import { phraseKey } from '../lexicon/tokens.js';
import { ENTITY_NOUNS, SOURCE_CONCEPTS, STAGE_WORDS, STATUS_WORDS } from './vocabulary.js';

export type Meaning =
  | { kind: 'entity'; entity: EntityName; status?: string }
  /** A value (or values) of a field of `entity`; `weak` phrases are common words that need a facet position. */
  | { kind: 'value'; entity: EntityName; field: string; values: string[]; label: string; weak?: boolean; fieldLabel?: string };

export interface Lexicon {
  phrases: Map<string, Meaning[]>;
  /** Longest phrase, in words. */
  maxWords: number;
  /** Distinct contact titles: role families are matched against them. */
  titles: string[];
  /** Single-word phrases, for typo-tolerant matching. */
  singleWords: string[];
  /** The workspace's industries, for concepts matched by meaning. */
  industries: string[];
}

/** Generic words that name an industry or source only next to a noun or after in/at/from ("security" alone is a topic). */
const WEAK = new Set([
  'security', 'finance', 'financial', 'tech', 'power', 'learning', 'training', 'delivery', 'production', 'health', 'news', 'paid',
  'site', 'web', 'social', 'event', 'intro', 'introduction', 'property', 'car', 'ev', 'auto', 'film', 'gaming', 'channel', 'partner',
  'school', 'college', 'academic', 'transport', 'leisure', 'utility', 'ads', 'seo', 'organic', 'paying', 'recommendation', 'bank',
  'payment', 'lending', 'clinic', 'hospital', 'media', 'software', 'retail', 'inbound', 'outbound', 'housing', 'summit',
  // Sector words that are everyday words too, added with the sector thesaurus (lexicon/industries.ts): a worry can
  // name them ("their firewall", "quality assurance", "electricity costs"), so they need a facet position.
  'wallet', 'crypto', 'sequencing', 'genetics', 'vaccines', 'dental', 'pharmacy', 'wireless', 'cellular', 'music', 'podcast', 'grocery', 'firewall',
  'campus', 'motor', 'motors', 'assurance', 'machinery', 'chemicals', 'steel', 'plastics', 'fabrication', 'cargo', 'parcel', 'postal', 'electricity',
].map((w) => phraseKey(w)));

/** The workspace's own values the lexicon is made of. */
export interface WorkspaceValues {
  industries: string[];
  countries: string[];
  cities: string[];
  products: string[];
  sources: string[];
  titles: string[];
  tags: string[];
}

export async function loadWorkspaceValues(storage: Storage, ws: string): Promise<WorkspaceValues> {
  const distinct = async (entity: EntityName, field: string) =>
    (await storage.records.aggregate(ws, ENTITIES[entity], { fn: 'count', groupBy: field }))
      .map((r) => r.group)
      .filter((g): g is string => typeof g === 'string' && g.trim() !== '');
  const [industries, countries, cities, products, sources, titles, tagRows] = await Promise.all([
    distinct('company', 'industry'),
    distinct('company', 'country'),
    distinct('company', 'city'),
    distinct('deal', 'product'),
    distinct('contact', 'lead_source'),
    distinct('contact', 'title'),
    distinct('contact', 'tags'),
  ]);
  // Tags are stored as JSON lists; each distinct tag is a value of its own.
  const tags = new Set<string>();
  for (const row of tagRows) {
    try {
      for (const t of JSON.parse(row) as unknown[]) if (typeof t === 'string' && t !== '') tags.add(t);
    } catch {
      // not a list: nothing to learn from it
    }
  }
  return { industries, countries, cities, products, sources, titles, tags: [...tags] };
}

export async function buildLexicon(storage: Storage, ws: string): Promise<Lexicon> {
  return lexiconOf(await loadWorkspaceValues(storage, ws));
}

export function lexiconOf({ industries, countries, cities, products, sources, titles, tags }: WorkspaceValues): Lexicon {
  const phrases = new Map<string, Meaning[]>();
  const add = (phrase: string, meaning: Meaning) => {
    const key = phraseKey(phrase);
    if (key === '') return;
    const list = phrases.get(key) ?? [];
    const same = list.find((m) => m.kind === 'value' && meaning.kind === 'value' && m.entity === meaning.entity && m.field === meaning.field);
    if (same && same.kind === 'value' && meaning.kind === 'value') {
      for (const v of meaning.values) if (!same.values.includes(v)) same.values.push(v);
      same.label = same.values.join(' or ');
    } else list.push({ ...meaning, ...(meaning.kind === 'value' && WEAK.has(key) && key.split(' ').length === 1 ? { weak: true } : {}) });
    phrases.set(key, list);
  };

  for (const [noun, m] of Object.entries(ENTITY_NOUNS)) add(noun, { kind: 'entity', ...m });

  const value = (entity: EntityName, field: string, v: string, label = v): Meaning => ({ kind: 'value', entity, field, values: [v], label });
  for (const industry of industries) {
    const folded = foldText(industry);
    add(industry, value('company', 'industry', industry));
    const bare = industry.replace(/\s*\(.*?\)\s*/g, ' ').trim();
    if (bare !== industry) add(bare, value('company', 'industry', industry));
    for (const inside of industry.match(/\(([^)]+)\)/g) ?? []) add(inside.slice(1, -1), value('company', 'industry', industry));
    // "Media & Entertainment": each half names it too.
    for (const part of bare.split(/\s*(?:&|\band\b|\/|,)\s*/)) if (part.length > 2 && part !== bare) add(part, value('company', 'industry', industry));
    for (const concept of INDUSTRY_CONCEPTS) {
      if (concept.recognise.test(folded)) for (const p of concept.phrases) add(p, value('company', 'industry', industry));
    }
  }

  // Countries: the workspace's names, every alias of them, and well-known countries it has none of (a query
  // for "companies in Italy" should say zero, not fall back to something else).
  const canonical = (name: string) => COUNTRY_ALIASES[phraseKey(name)] ?? name;
  const byCanonical = new Map<string, string[]>();
  for (const c of countries) byCanonical.set(foldText(canonical(c)), [...(byCanonical.get(foldText(canonical(c))) ?? []), c]);
  const countryValues = (name: string) => byCanonical.get(foldText(canonical(name))) ?? [canonical(name)];
  for (const c of countries) add(c, { kind: 'value', entity: 'company', field: 'country', values: countryValues(c), label: c });
  for (const [alias, target] of Object.entries(COUNTRY_ALIASES)) {
    const values = countryValues(target);
    add(alias, { kind: 'value', entity: 'company', field: 'country', values, label: values.join(' or ') });
  }
  for (const c of new Set(Object.values(COUNTRY_ALIASES))) if (!byCanonical.has(foldText(c))) add(c, value('company', 'country', c));
  for (const [alias, region] of Object.entries(REGION_ALIASES)) {
    const inRegion = countries.filter((c) => regionOf(canonical(c)) === region || regionOf(c) === region);
    add(alias, { kind: 'value', entity: 'company', field: 'country', values: inRegion.length > 0 ? inRegion : ['\u0000none'], label: region, fieldLabel: 'region' });
  }

  for (const c of cities) add(c, value('company', 'city', c));
  for (const [alias, city] of Object.entries(CITY_ALIASES)) {
    const hit = cities.find((c) => foldText(c) === foldText(city));
    if (hit) add(alias, value('company', 'city', hit));
  }

  for (const p of products) add(p, value('deal', 'product', p));

  for (const s of sources) {
    add(s, value('contact', 'lead_source', s));
    const folded = foldText(s);
    for (const concept of SOURCE_CONCEPTS) if (concept.recognise.test(folded)) for (const p of concept.phrases) add(p, value('contact', 'lead_source', s));
  }

  for (const s of LEAD_STATUSES) add(s, value('contact', 'lead_status', s));
  for (const [word, s] of Object.entries(STATUS_WORDS)) add(word, value('contact', 'lead_status', s));
  for (const s of DEAL_STAGES) add(s.replace('_', ' '), value('deal', 'stage', s, s.replace('_', ' ')));
  for (const [word, stages] of Object.entries(STAGE_WORDS)) {
    add(word, { kind: 'value', entity: 'deal', field: 'stage', values: [...stages], label: stages.length === 4 ? 'open' : stages.every((x) => x.startsWith('closed')) && stages.length === 2 ? 'closed' : stages.map((x) => x.replace('_', ' ')).join(' or ') });
  }

  for (const t of tags) add(t, { kind: 'value', entity: 'contact', field: 'tags', values: [t], label: t });

  let maxWords = 1;
  const singleWords: string[] = [];
  for (const key of phrases.keys()) {
    const n = key.split(' ').length;
    maxWords = Math.max(maxWords, n);
    if (n === 1 && key.length >= 4) singleWords.push(key);
  }
  return { phrases, maxWords: Math.min(maxWords, 6), titles, singleWords, industries };
}
