/** "like X": the seed of a lookalike query ("contacts like Alice Chen", "lookalikes of Acme"), looked up later. */
import type { EntityName } from '../../../core/entities.js';
import type { ParseState } from '../parse-state.js';
import { editDistance } from '../../lexicon/typos.js';
import { ENTITY_NOUNS, FILLER, isGrammarWord } from '../vocabulary.js';
import { noObjectNamedNote } from './head.js';

const SEED_STOPS = ['in', 'at', 'from', 'who', 'with', 'that', 'but', 'and', 'or', 'based', 'please', 'pls', 'plz', 'thanks', 'thx', 'thank'];
/** Nouns of likeness that may follow the seed ("Acme lookalikes", "Maya Larsen clones"). */
const AFTER_SEED = new Set(['lookalike', 'lookalikes', 'clone', 'clones', 'twin', 'twins', 'doppelganger', 'doppelgangers']);
/** Words before a seed said first that are no part of it ("show me │Acme lookalikes"). */
const LEAD_INS = new Set(['show', 'me', 'find', 'get', 'give', 'list', 'the', 'some', 'any', 'more', 'of', 'for', 'us', 'our', 'i', 'want', 'need', 'see', 'pull', 'up', 'a', 'few']);

/**
 * Cues of likeness, as word sequences ending where the seed begins: "like", "resembling", "comparable to/with",
 * "akin to", "in the mould of", "along the lines of", "reminds me of", "lookalikes for", "the likes of".
 * `?` marks an optional word.
 */
const CUES: string[][] = [
  ['the', 'likes', 'of'], ['like'], ['resembling'], ['resemble'], ['resembles'], ['resembled'],
  ...['similar', 'comparable', 'close', 'akin', 'analogous', 'alike', 'equivalent'].map((w) => [w, 'to|with']),
  ['in', 'the', 'mould|mold|vein|style', 'of'], ['along', 'the', 'lines', 'of'], ['in', 'the', 'same', 'mould|mold|vein', 'as'],
  ['remind|reminds|reminding', 'me|us', 'of'], ['reminiscent', 'of'], ['same', 'profile|kind|type|sort|background|league|mould|mold', 'as'],
  ['in', 'the', 'same', 'boat|position|situation|shoes', 'as'],
  ['lookalike|lookalikes|twin|twins|clone|clones|doppelganger|doppelgangers', 'of|for|to'], ['look', 'alike|alikes', 'of|for|to?'],
  ['lookalike|lookalikes'],
];

/** Likeness adjectives that may take the object noun before "to" ("similar firms to X"). */
const SPLIT_CUES = new Set(['similar', 'comparable', 'equivalent', 'analogous']);
/** Nouns of what is alike, said inside a split cue ("a similar profile to X", "a comparable background to X"). */
const LIKENESS_NOUNS = new Set(['profile', 'background', 'makeup', 'shape', 'footprint', 'setup', 'situation', 'fit']);

/** Whether typed word w is the cue word c, or a slip of one letter in a long one ("simlar", "resemblng"). */
function cueWord(w: string, c: string): boolean {
  return w === c || (c.length >= 6 && w.length >= 5 && editDistance(w, c, 1) <= 1);
}

/** Where a cue starting at word i ends (the seed's first word), or -1. */
function cueEndAt(st: ParseState, i: number): number {
  const split = [...SPLIT_CUES].some((c) => cueWord(st.n(i), c));
  // "similar companies to Acme", "comparable accounts with Iron Guard": the object noun said inside the cue.
  if (split && (ENTITY_NOUNS[st.n(i + 1)] || LIKENESS_NOUNS.has(st.s(i + 1))) && ['to', 'with', 'as'].includes(st.n(i + 2)) && !st.used[i + 1] && !st.used[i + 2]) return i + 3;
  // "find me another Ana Xu": "another" before a name said with capitals is a lookalike of that record.
  if (st.n(i) === 'another' && /^\p{Lu}/u.test(st.toks[i + 1]?.text ?? '') && !ENTITY_NOUNS[st.n(i + 1)] && !st.used[i + 1]) return i + 1;
  for (const cue of CUES) {
    let k = i;
    let ok = true;
    for (const part of cue) {
      const optional = part.endsWith('?');
      const words = part.replace(/\?$/, '').split('|');
      if (words.some((w) => cueWord(st.n(k), w)) && !st.used[k]) k++;
      else if (!optional) {
        ok = false;
        break;
      }
    }
    if (ok) return k;
  }
  return -1;
}

export function readSimilar(st: ParseState): void {
  const { n, toks, used } = st;
  for (let i = 0; i < toks.length && !st.similar; i++) {
    if (used[i]) continue;
    const cueEnd = cueEndAt(st, i);
    if (cueEnd < 0) continue;
    let end = cueEnd;
    while (end < toks.length && end - cueEnd < 5 && !used[end] && !SEED_STOPS.includes(n(end))) end++;
    if (end === cueEnd) continue;
    st.similar = { seed: st.text.slice(toks[cueEnd]!.start, toks[end - 1]!.end), id: null, name: null };
    st.claim(i, end);
    // "similar orgs to Iron Guard": the object noun inside the cue stays the object's.
    if (cueEnd - i === 3 && ENTITY_NOUNS[n(i + 1)]) used[i + 1] = false;
    // "more like", "others like", "find contacts like", "accounts that resemble": the lead-in words say nothing else.
    let k = i - 1;
    if (['that', 'who', 'which'].includes(n(k)) && !used[k]) used[k--] = true;
    if (['more', 'other', 'others', 'someone', 'somebody', 'people', 'anyone', 'else'].includes(n(k))) used[k] = true;
    if (n(k) === 'else' && ['who', 'anyone', 'someone', 'somebody'].includes(n(k - 1))) used[k - 1] = true;
  }
  if (!st.similar) readSeedBefore(st);
}

/** "Amara Brennan lookalikes", "acme.com clones": the seed said before a noun of likeness. */
function readSeedBefore(st: ParseState): void {
  const { n, toks, used } = st;
  const at = toks.findIndex((_t, k) => !used[k] && AFTER_SEED.has(n(k)) && k > 0);
  if (at < 0) return;
  let start = at;
  while (start > 0 && at - start < 4 && !used[start - 1] && !LEAD_INS.has(n(start - 1)) && !SEED_STOPS.includes(n(start - 1)) && !ENTITY_NOUNS[n(start - 1)]) start--;
  if (start === at) return;
  st.similar = { seed: st.text.slice(toks[start]!.start, toks[at - 1]!.end), id: null, name: null };
  st.claim(start, at + 1);
}

/** The record the seed names; without one, the seed is ranked by meaning instead (the topic pass adds it). */
export async function resolveSimilarSeed(st: ParseState): Promise<void> {
  const similar = st.similar;
  if (!similar) return;
  const seedEntity = st.head;
  // "lookalikes of iron guard": with no object named, the seed says what is asked for — a company or a person.
  const other = st.headAt < 0 && (seedEntity === 'contact' || seedEntity === 'company') ? (seedEntity === 'contact' ? 'company' : 'contact') : undefined;
  const lookup = async (seed: string): Promise<{ hit: { id: string; name: string }; entity: EntityName } | undefined> => {
    const hit = await st.ctx.names.record(seedEntity, seed);
    if (hit) return { hit, entity: seedEntity };
    const found = other ? await st.ctx.names.record(other, seed) : undefined;
    return found && other ? { hit: found, entity: other } : undefined;
  };
  let found = await lookup(similar.seed);
  // "the Juniper Care AI Assistant deal", "the Iron Guard account": an article before the name and a noun for the
  // record after it are no part of it.
  if (!found) {
    const bare = similar.seed.replace(/^(the|a|an|our|their)\s+/i, '').replace(/\s+(deal|deals|opportunity|opp|account|company|contact|one)$/i, '');
    if (bare !== similar.seed && bare.trim() !== '' && (found = await lookup(bare))) similar.seed = bare;
  }
  // "people who look like Jonas Becker on paper": words after the name are no part of it; the longest leading run
  // of the seed that names a person or a company is the seed, and the rest is said not understood. (Not for deals:
  // a deal's name holds its company's, so a shorter run would name another of that company's deals.)
  if (!found && (seedEntity === 'contact' || seedEntity === 'company')) {
    const words = similar.seed.split(/\s+/);
    for (let len = words.length - 1; len >= 1 && !found; len--) {
      const shorter = words.slice(0, len).join(' ');
      const candidate = await lookup(shorter);
      // One word names a company only ("Acme on paper"); a first name alone is not a person.
      if (!candidate || (len === 1 && candidate.entity !== 'company')) continue;
      found = candidate;
      st.notes.push(`not understood: ${words.slice(len).map((w) => `"${w}"`).join(', ')}`);
      similar.seed = shorter;
    }
  }
  if (found && found.entity !== seedEntity) {
    st.head = found.entity;
    const k = st.notes.indexOf(noObjectNamedNote(seedEntity));
    if (k >= 0) st.notes[k] = noObjectNamedNote(found.entity);
  }
  if (found) Object.assign(similar, { id: found.hit.id, name: found.hit.name });
  else st.notes.push(`no ${seedEntity} named "${similar.seed}"; ranked by meaning instead`);
}

/**
 * A person named amid words no pass read. In a query for people it asks for people like that person, whatever idiom
 * says so ("jonas ramirez type contacts", "folks cut from the same cloth as Ana Xu"); in a query for deals or
 * activities it names whose they are ("deals with Ana Xu", "calls with ana xu last month"). Only a full name: two or
 * three free words that are one contact's name.
 */
export async function readPersonNamed(st: ParseState): Promise<void> {
  if (st.similar) return;
  const { toks, used } = st;
  const forPeople = st.head === 'contact' && !st.aggregate && st.conditions.length === 0 && st.roles.length === 0 && st.namedCompanies.length === 0;
  if (!forPeople && st.head !== 'deal' && st.head !== 'activity') return;
  // A name's words are no grammar or filler words ("who", "about", "the"); at most eight look-ups a query.
  const free = (k: number) => !used[k] && /^\p{L}[\p{L}'-]*$/u.test(toks[k]!.text) && !FILLER.has(st.n(k)) && !isGrammarWord(st.n(k));
  let lookups = 0;
  for (let len = 3; len >= 2; len--) {
    for (let a = 0; a + len <= toks.length && lookups < 8; a++) {
      if (!Array.from({ length: len }, (_, j) => free(a + j)).every(Boolean)) continue;
      lookups++;
      const seed = st.text.slice(toks[a]!.start, toks[a + len - 1]!.end);
      const hit = await st.ctx.names.record('contact', seed);
      if (!hit) continue;
      st.claim(a, a + len);
      for (let k = a; k < a + len; k++) st.topicAt.delete(k);
      if (!forPeople) {
        st.conditions.push({ entity: 'contact', field: 'id', op: 'in', value: [hit.id], label: `contact: ${hit.name}` });
        return;
      }
      st.similar = { seed, id: hit.id, name: hit.name };
      // The idiom around the name ("type", "cut from the same cloth as") is the cue: read, not a topic.
      for (let k = 0; k < toks.length; k++) if (!used[k]) {
        used[k] = true;
        st.topicAt.delete(k);
      }
      st.notes.push(`"${seed}" names a contact: showing contacts like ${hit.name}`);
      return;
    }
  }
}
