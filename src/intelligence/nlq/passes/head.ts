/** The object asked for: the first object noun that is not a modifier; otherwise what the conditions are about. */
import { ENTITIES, type EntityName } from '../../../core/entities.js';
import type { Meaning } from '../lexicon.js';
import type { LexiconMatch, ParseState } from '../parse-state.js';
import { isOrganisationNoun, lemmas, synsetsOf } from '../../lexicon/wordnet.js';
import { ENTITY_NOUNS, FIELD_WORDS, FILLER } from '../vocabulary.js';
import { phraseKey } from '../../lexicon/tokens.js';
import { ORGANISATION_NOUNS } from './meaning.js';

/** The note that says no object was named and which is shown; the service and the seed pass read it back. */
export const noObjectNamedNote = (entity: EntityName) => `no object named; showing ${ENTITIES[entity].plural}`;
/** Whether the notes say no object was named (the object shown is a default). */
export const saysNoObjectNamed = (notes: readonly string[]) => notes.some((n) => n.startsWith('no object named; '));

const MODIFIER_PREPOSITIONS = ['at', 'in', 'from', 'with', 'for', 'of', 'by', 'within', 'across', 'without'];
/** Words between "with/without" and a noun of what is had or lacked ("with zero live deals", "without a single contact"). */
const RELATION_LINKS = new Set(['no', 'zero', 'any', 'a', 'an', 'single', 'one', 'not', 'live', 'active', 'open', 'ongoing', 'current']);
const TWO_BACK_PREPOSITIONS = ['at', 'in', 'from', 'with', 'for'];

export function readHead(st: ParseState): void {
  const { n, used } = st;
  let entity: EntityName | null = null;
  if (st.taskAt >= 0) {
    st.head = 'activity';
    st.headAt = st.taskAt;
    for (const m of st.matches) if (m.meanings.every((x) => x.kind === 'entity')) st.claim(m.start, m.end);
    return;
  }
  // A noun after a preposition is a modifier ("CFOs at energy companies"), unless no other noun or role names the object.
  // "employee count", "staff numbers": a noun that names a field is no object.
  // "top 5 biotechs by employees", "ranked by staff": after "by", a noun that names a company's number is that field.
  const fieldAfterBy = (m: LexiconMatch) => n(m.start - 1) === 'by' && m.end - m.start === 1 && FIELD_WORDS[st.s(m.start)]?.entity === 'company';
  // "average number of staff at hotel companies", "mean workforce of insurers": a noun that names a company's
  // number, averaged or added up, is that number, not people asked for.
  const fieldAggregated = (m: LexiconMatch) => st.aggFn !== null && st.aggFn !== 'count' && m.end - m.start === 1 && m.start > st.aggAt && FIELD_WORDS[st.s(m.start)]?.entity === 'company';
  const nouns = st.matches.filter((m) => m.meanings.some((x) => x.kind === 'entity') && !fieldAfterBy(m) && !fieldAggregated(m) && !(m.meanings.some((x) => x.kind === 'entity' && x.entity === 'contact') && ['count', 'number', 'size', 'total'].includes(st.s(m.end))));
  // "anyone at phone companies", "people at oil and gas firms": the values before the noun belong to it.
  const valueBefore = (k: number) => st.matches.some((x) => k >= x.start && k < x.end && x.meanings.some((v) => v.kind === 'value')) || (['and', 'or', '&'].includes(n(k)) && k > 0);
  const startOfPhrase = (m: LexiconMatch) => {
    let k = m.start;
    while (k > 0 && valueBefore(k - 1)) k--;
    return k;
  };
  const owned = (m: LexiconMatch) => ['their', 'whose', 'his', 'her'].includes(n(m.start - 1));
  const isModifier = (m: LexiconMatch) => {
    // "energy company contacts", "customer accounts": an object noun before another is its modifier (English
    // compounds end in their head).
    if (nouns.some((o) => o !== m && o.start === m.end)) return true;
    // "who is flying blind on their pipeline", "firms whose deals drag on": what someone has is no object.
    if (owned(m)) return true;
    let a = startOfPhrase(m);
    // "insurers with zero live deals", "firms without a single contact": what they have or lack is no object.
    while (a > 0 && RELATION_LINKS.has(n(a - 1)) && !MODIFIER_PREPOSITIONS.includes(n(a - 1))) a--;
    return MODIFIER_PREPOSITIONS.includes(n(a - 1)) || (a >= 2 && TWO_BACK_PREPOSITIONS.includes(n(a - 2)) && !used[a - 1]) || (a === m.start && m.start >= 2 && TWO_BACK_PREPOSITIONS.includes(n(m.start - 2)) && !used[m.start - 1]);
  };
  // "anyone at phone companies": a question about people does not fall back to the noun after "at".
  const askedAboutPeople = asksAboutPeople(st);
  // "insurers with zero live deals": a noun for firms is the object before a modifier noun is.
  // "decision makers at energy companies" (a tag of the workspace's contacts): the people tagged, not the firms.
  const taggedPeople = st.matches.some((m) => nouns[0] !== undefined && m.end <= nouns[0].start && m.meanings.length > 0 && m.meanings.every((x) => x.kind === 'value' && x.entity === 'contact' && x.field === 'tags'));
  const headMatch = nouns.find((m) => !isModifier(m)) ?? (st.roles.length > 0 || askedAboutPeople || taggedPeople || organisationObject(st) ? undefined : nouns[0]);
  if (headMatch) {
    const e = headMatch.meanings.find((x) => x.kind === 'entity') as Extract<Meaning, { kind: 'entity' }>;
    entity = e.entity;
    st.headStatus = e.status;
    st.headAt = headMatch.start;
    st.claim(headMatch.start, headMatch.end);
  }
  // Modifier nouns say nothing more ("people at biotech companies").
  // What someone has ("their pipeline") stays in the words ranked by meaning: it is what the worry is about.
  for (const m of nouns) if (m !== headMatch && isModifier(m) && !owned(m) && m.meanings.every((x) => x.kind === 'entity' || x.entity !== (entity ?? 'contact'))) st.claim(m.start, m.end);
  if (!entity) {
    const valueEntities = st.matches.flatMap((m) => m.meanings).filter((x) => x.kind === 'value' && !x.weak).map((x) => (x as { entity: EntityName }).entity);
    // "what did we win in May": closing is what deals do.
    const closeCue = st.dates.some((d) => d.cue?.kind === 'close');
    // "banks in Germany", "how many insurers", "saas startups": a noun for firms, standing as the object, asks for companies.
    const firms = organisationObject(st) || (st.tradeFirmObject && st.roles.length === 0 && !asksAboutPeople(st));
    // "turnover above 500m": a company's number named without a noun asks for companies.
    const companyNumber = st.toks.some((t) => FIELD_WORDS[t.stem]?.entity === 'company' && t.stem !== 'size') && !valueEntities.includes('deal') && !closeCue;
    // "webinar attendees we qualified": a lead source is the contacts' own, and "qualified" is their status as much as
    // a deal's stage, so a value only contacts have and no value only deals have ask for contacts.
    const strong = st.matches.filter((m) => m.meanings.some((x) => x.kind === 'value' && !x.weak));
    const valuesOf = (m: LexiconMatch) => m.meanings.filter((x) => x.kind === 'value' && !x.weak).map((x) => (x as { entity: EntityName }).entity);
    const contactsOwn = strong.some((m) => valuesOf(m).every((e) => e === 'contact')) && strong.every((m) => !valuesOf(m).includes('deal') || valuesOf(m).includes('contact'));
    // "top ten fintechs by annual revenue": ranked by a number only companies have, with nothing naming people or deals.
    const rankedByCompanyNumber = companyNumber && (st.top !== null || st.sortWord !== null) && st.roles.length === 0 && !valueEntities.includes('contact');
    // "largest 7 fintechs", "the five biggest in Germany": a size ranks firms (people and deals have none; "biggest
    // deals" names its noun), when nothing names people, deals or money.
    const rankedBySize = st.sortWord !== null && SIZE_SUPERLATIVES.has(n(st.sortWord.at)) && st.roles.length === 0 && !valueEntities.includes('contact') && !valueEntities.includes('deal') && !st.quantities.some((q) => q.unit === 'money') && !asksAboutPeople(st);
    if (firms || (companyNumber && st.quantities.length > 0 && st.roles.length === 0 && nouns.length === 0) || rankedByCompanyNumber || rankedBySize) entity = 'company';
    else if (contactsOwn && !closeCue && !st.quantities.some((q) => q.unit === 'money')) entity = 'contact';
    else if (closeCue || valueEntities.includes('deal') || (st.quantities.some((q) => q.unit === 'money') && !valueEntities.includes('company'))) entity = 'deal';
    else if (st.roles.length > 0 || valueEntities.includes('contact')) entity = 'contact';
    else if (st.quantities.some((q) => q.unit === 'employees') || (st.groupBy?.entity === 'company' && st.aggFn !== null) || (st.aggFn !== null && st.toks.some((t) => FIELD_WORDS[t.stem]?.entity === 'company'))) entity = 'company';
    else entity = 'contact';
    // "who haven't we talked to …", "anyone in Berlin": a question about people names its object.
    const aboutPeople = asksAboutPeople(st);
    if (nouns.length === 0 && st.roles.length === 0 && !firms && !(aboutPeople && entity === 'contact')) st.notes.push(noObjectNamedNote(entity));
  }
  // "the biggest clients by headcount", "our richest customers": contacts have no size; a size or a company's
  // number said of customers asks for companies.
  if (entity === 'contact' && st.headStatus === 'customer' && st.roles.length === 0 && !st.score && sizeAsked(st)) {
    entity = 'company';
    st.headStatus = undefined;
  }
  // "insurers dealing with noisy alerts", "hotel chains looking to cut tool spend": a concern is what people feel
  // and say, and only contacts' notes voice it, so a concern said of firms asks for the people at those firms.
  if (entity === 'company' && concernSaidOfFirms(st)) {
    entity = 'contact';
    st.headStatus = undefined;
    st.notes.push('concerns are voiced by people: showing the contacts at those companies');
  }
  st.head = entity;
}

/**
 * Whether a topic cue opens a concern ("worried about", "trying to", "who struggle to", a verb of feeling) and
 * nothing asks for a firm's own figures (a sort, an aggregate, a number only companies have).
 */
function concernSaidOfFirms(st: ParseState): boolean {
  if (st.topicAt.size === 0 || st.sortWord !== null || st.aggFn !== null || st.top !== null || st.quantities.length > 0) return false;
  // A firm's number said inside the concern ("struggle to retain staff") is part of what worries them.
  return !st.toks.some((t, i) => !st.topicAt.has(i) && FIELD_WORDS[t.stem]?.entity === 'company');
}

const SIZE_SUPERLATIVES = new Set(['biggest', 'largest', 'smallest', 'richest', 'wealthiest', 'poorest', 'tiniest']);

/** Whether the query ranks by a company's size or money ("largest", "by revenue", "the most workers"). */
function sizeAsked(st: ParseState): boolean {
  const w = st.sortWord;
  if (!w || w.recency) return false;
  return Boolean(w.money || w.people || SIZE_SUPERLATIVES.has(st.n(w.at)) || st.toks.some((t) => FIELD_WORDS[t.stem]?.entity === 'company'));
}

/**
 * Whether the object is named by a word for firms: an organisation noun after an industry ("pharma outfits"), or
 * an industry said as its firms ("insurers", "automakers", "banks": WordNet files them as organisations, not
 * people), first in the query or after filler — not after at/in/from, where it only says where people work.
 */
function organisationObject(st: ParseState): boolean {
  const { n } = st;
  const aboutPeople = asksAboutPeople(st);
  if (aboutPeople || st.roles.length > 0) return false;
  const free = (m: LexiconMatch) => !MODIFIER_PREPOSITIONS.includes(n(m.start - 1)) && !['the', 'a'].includes(n(m.start - 1)) || (n(m.start - 1) === 'the' && !MODIFIER_PREPOSITIONS.includes(n(m.start - 2)));
  const industries = st.matches.filter((m) => m.meanings.some((x) => x.kind === 'value' && x.field === 'industry'));
  if (st.organisationNounAt >= 0) {
    const before = industries.find((m) => m.end === st.organisationNounAt || m.end === st.organisationNounAt - 1);
    if (before && free(before)) return true;
  }
  return industries.some((m) => {
    // "online shops", "insurance carriers", "mobile operators": an industry phrase that ends in a word for firms.
    if (m.end - m.start > 1 && free(m) && ORGANISATION_NOUNS.has(st.s(m.end - 1))) return true;
    if (m.end - m.start !== 1 || !free(m)) return false;
    try {
      const person = synsetsOf(st.n(m.start), 1, ['noun'])[0]?.person ?? false;
      // "broadcasters", "underwriters in the UK", "hoteliers": people of a trade, said as the whole object with nothing
      // naming people, are that trade's firms (a word of the industry itself, "insurance", is not).
      const tradePeople = person && st.n(m.start).endsWith('s') && !industryOwnWord(st, m) && !st.toks.some((t, k) => ENTITY_NOUNS[t.norm] && k !== m.start);
      return (isOrganisationNoun(st.n(m.start)) && !person) || tradePeople || pluralOfSector(st, m);
    } catch {
      return false;
    }
  });
}

/** Whether the match is the industry's own name or a part of it ("insurance", "media"), not a word for its people. */
function industryOwnWord(st: ParseState, m: LexiconMatch): boolean {
  const key = st.key(m.start, m.end - m.start);
  return m.meanings.some((x) => x.kind === 'value' && x.field === 'industry' && x.values.some((v) => phraseKey(v).split(' ').includes(key)));
}

/**
 * A sector's name in the plural is its firms ("biotechs", "fintechs", "edtechs"): the typed word is a plural whose
 * singular WordNet does not know, or knows as the industry's own name ("biotech" is biotechnology). A plural of
 * something else ("payments") or a word that is its own plural ("logistics") is not.
 */
function pluralOfSector(st: ParseState, m: LexiconMatch): boolean {
  const typed = st.n(m.start);
  const singular = lemmas(typed).find((l) => l.pos === 'noun')?.lemma ?? typed;
  const plural = typed.length >= 6 && typed.endsWith('s') && (singular !== typed || synsetsOf(typed, 1, ['noun']).length === 0);
  if (!plural) return false;
  const base = singular !== typed ? singular : typed.slice(0, -1);
  const first = synsetsOf(base, 1, ['noun'])[0];
  if (!first) return synsetsOf(typed, 1, ['noun']).length === 0;
  const names = m.meanings.flatMap((x) => (x.kind === 'value' && x.field === 'industry' ? x.values.map((v) => String(v).toLowerCase()) : []));
  return first.words.some((w) => names.includes(w.toLowerCase()));
}

const PEOPLE_WORDS = new Set(['who', 'whom', 'whoever', 'anyone', 'anybody', 'someone', 'somebody', 'everyone', 'everybody']);

/** Whether the query asks about people first ("who …", "show me everyone at insurers", "list everybody in Paris"). */
function asksAboutPeople(st: ParseState): boolean {
  let k = 0;
  while (k < st.toks.length && FILLER.has(st.n(k)) && !PEOPLE_WORDS.has(st.n(k))) k++;
  return PEOPLE_WORDS.has(st.n(k));
}
