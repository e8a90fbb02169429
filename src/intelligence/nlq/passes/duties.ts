/**
 * Roles said by what the person is responsible for: "whoever runs payroll", "people in charge of security",
 * "who looks after recruiting", "the person responsible for IT". A responsibility verb or phrase followed by a
 * function is that function at any rank; followed by other words, those words are the role to read by meaning
 * (passes/meaning.ts compares them with the functions' descriptions only).
 */
import { FUNCTION_WORDS, type RoleFamily } from '../../lexicon/role-words.js';
import { roleProfile, type RoleFunction } from '../../lexicon/roles.js';
import { isFeelingVerb, lemmas, synsetsOf } from '../../lexicon/wordnet.js';
import type { ParseState } from '../parse-state.js';
import { industryPhraseAt, TEAM_NOUNS } from './roles.js';

/** Verbs of responsibility, by stem and -ing form ("runs", "running", "manages", "oversee"). */
const DUTY_VERBS = new Set(['run', 'runs', 'running', 'manage', 'manages', 'managing', 'handle', 'handles', 'handling', 'oversee', 'oversees', 'overseeing', 'own', 'owns', 'owning', 'head', 'heads', 'heading', 'lead', 'leads', 'leading', 'direct', 'directs', 'directing', 'supervise', 'supervises', 'supervising', 'cover', 'covers', 'covering']);
/** Prepositions after a verb of responsibility that make it no responsibility ("running on fumes", "running around"). */
const DUTY_PREPOSITIONS = new Set(['on', 'with', 'about', 'around', 'out', 'into', 'over', 'through', 'off', 'away', 'late', 'low', 'behind']);
/** Verbs of making things at work: a responsibility when what is made follows ("who build ML models"). */
const MAKING_VERBS = new Set([
  'build', 'builds', 'building', 'design', 'designs', 'designing', 'develop', 'develops', 'developing', 'code', 'codes', 'coding', 'program', 'programs', 'programming',
]);
/**
 * "people who do user research", "whoever writes the blog posts", "who decides which features get built": what
 * someone does, writes or decides at work is their job — after a relative pronoun only ("contacts doing product
 * analytics" is what they are busy with, a concern).
 */
const DOING_VERBS = new Set(['do', 'does', 'write', 'writes', 'decide', 'decides', 'approve', 'approves']);
const RELATIVE_SUBJECTS = new Set(['who', 'whoever', 'that']);
/** Pronouns after "who do …" that make it a question, not a job ("who do we know at Acme"). */
const PRONOUNS = new Set(['we', 'you', 'they', 'i', 'us', 'them', 'not', 'nt', 'n']);
const POSSESSIVES = new Set(['their', 'our', 'its', 'his', 'her', 'my', 'your']);
/** Verbs that also open a topic ("contacts running A/B experiments", "who lead digital transformation"). */
const RUN_VERBS = new Set(['run', 'runs', 'running', 'lead', 'leads', 'leading', 'cover', 'covers', 'covering']);
/** Phrases of responsibility, as lower-case word lists. */
const DUTY_PHRASES = [
  ['in', 'charge', 'of'], ['responsible', 'for'], ['accountable', 'for'], ['looks', 'after'], ['look', 'after'], ['looking', 'after'],
  ['takes', 'care', 'of'], ['take', 'care', 'of'], ['taking', 'care', 'of'], ['deals', 'with'], ['deal', 'with'], ['dealing', 'with'],
  ['tasked', 'with'], ['keeps', 'an', 'eye', 'on'], ['keep', 'an', 'eye', 'on'], ['keeping', 'an', 'eye', 'on'], ['in', 'control', 'of'],
  ['makes', 'sure'], ['make', 'sure'], ['making', 'sure'], ['signs', 'off', 'on'], ['sign', 'off', 'on'], ['signing', 'off', 'on'],
  ['whose', 'job', 'is', 'to'], ['whose', 'job', 'is'], ['on', 'the', 'hook', 'for'],
];
/** Phrases that name a function only when one follows ("works in finance"; "works in fintech" is an industry). */
const WEAK_PHRASES = [['works', 'in'], ['work', 'in'], ['working', 'in'], ['works', 'on'], ['work', 'on'], ['working', 'on'], ['deals', 'with'], ['deal', 'with'], ['dealing', 'with']];
/** Who-words and nouns a responsibility follows ("whoever runs", "people who manage", "the person in charge of"). */
const SUBJECTS = new Set(['who', 'whoever', 'that', 'people', 'person', 'folk', 'someone', 'somebody', 'anyone', 'anybody', 'everyone', 'contact', 'guy', 'one', 'whom']);
const DETERMINERS = new Set(['the', 'our', 'their', 'a', 'an', 'its', 'his', 'her', 'all']);
/** Words after which a role phrase may end ("whoever runs payroll at banks"). */
const ENDS = new Set(['in', 'at', 'from', 'for', 'with', 'who', 'that', 'and', 'or', 'based', 'located', 'across']);

export function readDuties(st: ParseState): void {
  const { n, s, toks, used } = st;
  // "people who sell for a living": the idiom says it is their job; "living" is no live deal.
  for (let i = 0; i + 2 < toks.length; i++) if (n(i) === 'for' && n(i + 1) === 'a' && n(i + 2) === 'living' && !used[i + 2]) st.claim(i, i + 3);
  for (let i = 1; i < toks.length; i++) {
    if (used[i]) continue;
    let cueEnd = -1;
    let weak = false;
    const subject = SUBJECTS.has(s(i - 1)) || SUBJECTS.has(n(i - 1)) || n(i - 1) === 'is' || n(i - 1) === 'are';
    // A verb of responsibility needs its subject right before it: "who runs", "people managing".
    // "whose people are running on fumes", "who runs around": a verb of responsibility needs an object, not a preposition.
    if (DUTY_VERBS.has(n(i)) && subject && !DUTY_PREPOSITIONS.has(n(i + 1))) cueEnd = i + 1;
    // "the folks who build machine learning models", "people who design the product": what someone makes at work
    // is their job, unless it is their own ("building their brand" is a concern).
    else if ((MAKING_VERBS.has(n(i)) || (DOING_VERBS.has(n(i)) && RELATIVE_SUBJECTS.has(n(i - 1)))) && subject && !POSSESSIVES.has(n(i + 1)) && !PRONOUNS.has(n(i + 1)) && i + 1 < toks.length && !ENDS.has(n(i + 1)) && !used[i + 1]) cueEnd = i + 1;
    else if (subject) {
      const at = (p: string[]) => p.every((w, k) => n(i + k) === w && !used[i + k]);
      const phrase = DUTY_PHRASES.find(at) ?? WEAK_PHRASES.find(at);
      if (phrase) {
        cueEnd = i + phrase.length;
        weak = !DUTY_PHRASES.includes(phrase);
      }
    }
    if (cueEnd < 0 && worksAt(st, i)) cueEnd = i + 1;
    if (cueEnd < 0) continue;
    // "in charge of", "responsible for", "manages": a responsibility whatever follows; "runs", "leads" may be a
    // topic ("running paid campaigns") unless a function alone follows.
    // "who runs the supply chain", "leads the sales team": a run verb before "the" names a unit the person runs.
    const strong = !weak && (!RUN_VERBS.has(n(i)) || n(cueEnd) === 'the');
    let k = cueEnd;
    while (DETERMINERS.has(n(k))) k++;
    // "protects them from cyber attacks": whom the work is for, then what it is about.
    if (OBJECT_PRONOUNS.has(n(k)) && k === cueEnd) {
      k++;
      if (['from', 'against'].includes(n(k))) k++;
      while (DETERMINERS.has(n(k))) k++;
    }
    // "who source and screen job candidates": a second verb joined by "and" shares the object.
    if (k === cueEnd && n(k) === 'and' && !used[k] && k + 2 < toks.length && !used[k + 1] && worksAt(st, k + 1, i - 1)) k += 2;
    // "who choose which features ship": the question word only introduces what is decided.
    if (cueEnd === i + 1 && ['which', 'what', 'how'].includes(n(k)) && !used[k] && k + 1 < toks.length) k++;
    const functions: RoleFunction[] = [];
    let end = k;
    for (let len = 3; len >= 1 && end === k; len--) {
      const fn = FUNCTION_WORDS[st.key(k, len)];
      if (fn && !used.slice(k, k + len).some(Boolean)) {
        functions.push(...fn);
        end = k + len;
      }
    }
    // "who handles procurement", "whoever looks after payroll": a word the titles' reader places in a function
    // (lexicon/roles.ts: procurement is operations, payroll finance) names it after a cue of responsibility.
    if (functions.length === 0 && !weak && k < toks.length && !used[k]) {
      const fn = roleProfile(n(k)).function;
      if (fn && fn !== 'executive') {
        functions.push(fn);
        end = k + 1;
      }
    }
    // "works in finance", "working in security": a word that is also a sector is the sector (the lexicon reads it).
    if (functions.length > 0 && weak && !TEAM_NOUNS.has(s(end)) && industryPhraseAt(st, k, end)) continue;
    if (functions.length > 0) {
      if (TEAM_NOUNS.has(s(end))) end++;
      // "running data pipelines" is a topic; "running data at banks" a role; "responsible for data protection",
      // "manages the product backlog" a responsibility read whole by meaning.
      if (end < toks.length && !ENDS.has(n(end)) && !used[end]) {
        if (strong) markDuty(st, i, k);
        continue;
      }
      const family: RoleFamily = { label: st.typed(i, end), functions: [...new Set(functions)], seniorities: null };
      addDuty(st, i, end, family);
      // "who looks after recruiting and employee relations": a second duty joined by "and" is read as the first.
      if (!weak) markJoinedDuty(st, end);
      i = end - 1;
      continue;
    }
    // Something else is the responsibility: the meaning pass reads it against the functions.
    if (!weak && k < toks.length && !used[k] && !/\d/.test(n(k))) markDuty(st, i, k);
  }
}

/** "protects them from attacks", "keeps us compliant": the pronoun is whom the work is for, not the duty. */
const OBJECT_PRONOUNS = new Set(['them', 'us']);
/** Adverbs between "who" and the verb ("who actually closes deals"). */
const VERB_ADVERBS = new Set(['actually', 'really', 'basically', 'mainly', 'mostly', 'usually', 'typically', 'also', 'personally', 'directly', 'officially']);
/** Plural subjects a verb's bare form follows ("people who choose", "folks that map out"). */
const PLURAL_SUBJECTS = new Set(['people', 'folk', 'folks', 'ppl', 'those', 'guys', 'contacts', 'ones', 'employees', 'staff']);
/** Relative words that stand for a plural subject when they open the query. */
const OPENING_RELATIVES = new Set(['who', 'that']);
/**
 * Verbs that say what someone wants, feels, tries, has or says, or what they want changed ("who wants to …",
 * "who lose sleep over …", "who keep missing their numbers", "who cut costs"): a concern, not a job. General
 * English, by meaning.
 */
const CONCERN_VERBS = new Set([
  'want', 'need', 'like', 'love', 'hate', 'care', 'worry', 'fear', 'hope', 'wish', 'plan', 'try', 'struggle', 'seek', 'look', 'seem', 'feel', 'think',
  'consider', 'expect', 'prefer', 'lose', 'suffer', 'face', 'complain', 'ask', 'talk', 'mention', 'get', 'spend', 'say', 'know', 'use', 'buy',
  'grow', 'cut', 'reduce', 'improve', 'increase', 'boost', 'save', 'hit', 'miss', 'fix', 'replace', 'modernize', 'modernise', 'automate', 'streamline',
  'scale', 'shorten', 'speed', 'simplify', 'upgrade', 'migrate', 'adopt', 'evaluate', 'explore', 'experiment', 'haggle', 'push', 'chase', 'battle',
  'fight', 'deal', 'go', 'come', 'be', 'have', 'do', 'can', 'will', 'must', 'shall', 'may', 'let', 'make', 'take', 'see', 'hear', 'read', 'watch',
  'attend', 'sign', 'join', 'visit', 'call', 'email', 'meet', 'respond', 'reply', 'open', 'click', 'download', 'register', 'churn', 'renew',
  'play', 'dabble', 'tinker', 'bet', 'obsess', 'stress', 'fret', 'sweat', 'drown', 'juggle', 'wrestle', 'rely', 'depend', 'lack', 'mind', 'bother',
]);
/** After the verb, words that make it a phrasal concern ("talks about", "pays for", "comes from"), not a job's object. */
const CONCERN_PARTICLES = new Set(['to', 'about', 'on', 'with', 'over', 'for', 'of', 'into', 'around', 'up', 'from', 'in', 'at', 'by', 'off', 'back', 'away', 'if', 'whether', 'that']);

/** "who pay too much", "who spend way more": a verb of degree is a complaint, not a job. */
const DEGREE_WORDS = new Set(['too', 'so', 'very', 'more', 'less', 'much', 'way', 'lots', 'extra', 'twice', 'double']);

/**
 * "who closes deals", "whoever pays the bills", "the person who interviews users", "people who map out business
 * processes": after who / whoever / that (an adverb may come between), a verb in the present tense that is no
 * wish, feeling, effort, change wished for or event says what the person does at work; its object is the duty.
 */
function worksAt(st: ParseState, i: number, relativeAt?: number): boolean {
  const { n } = st;
  // A second verb after "and" ("who source │and screen …") has the first one's subject.
  let p = relativeAt ?? i - 1;
  if (p > 0 && VERB_ADVERBS.has(n(p))) p--;
  if (!RELATIVE_SUBJECTS.has(n(p)) || st.used[i] || i + 1 >= st.toks.length || st.used[i + 1]) return false;
  const w = n(i);
  // Present tense only: "who attended", "who signed up" are events.
  const third = /[^s]s$/.test(w) || /(?:ch|sh|x|ss)es$/.test(w);
  // A bare form needs a plural subject before the relative word ("people who choose"); at the start of the query
  // "who choose …" / "that map out …" stand for one.
  const plural = p === 0 ? OPENING_RELATIVES.has(n(p)) : PLURAL_SUBJECTS.has(n(p - 1));
  const bare = !third && !/(?:ed|ing)$/.test(w) && plural;
  if (!third && !bare) return false;
  const verbs = lemmas(w).filter((l) => l.pos === 'verb' && synsetsOf(l.lemma, 1, ['verb']).length > 0);
  if (verbs.length === 0 || verbs.some((l) => CONCERN_VERBS.has(l.lemma)) || isFeelingVerb(w)) return false;
  // An irregular past ("who found us on LinkedIn", "who ran", "who bought") is an event, however like a base form
  // it looks ("found" a company): a bare form that is another verb's form is not the present tense.
  if (bare && verbs.some((l) => l.lemma !== w)) return false;
  // "people who sell for a living" is read above; "who reports to the CFO", "who talks about AI": phrasal.
  if (CONCERN_PARTICLES.has(n(i + 1)) || DEGREE_WORDS.has(n(i + 1))) return false;
  // "who keep missing their numbers", "who keep asking": a verb before an -ing form says how they go on.
  if (/ing$/.test(n(i + 1)) && n(i + 1).length > 4) return false;
  return true;
}

/** Words after "and" that start a new clause or name who or where, not a second duty ("… and are based in Paris"). */
const NOT_JOINED = new Set(['are', 'is', 'was', 'were', 'who', 'that', 'which', 'whose', 'have', 'has', 'had', 'work', 'works', 'live', 'lives', 'based', 'located', 'also', 'not', 'no', 'never', 'their', 'the', 'a', 'an', 'in', 'at', 'from']);

/**
 * "budgeting and forecasting", "advertising and campaigns": when "and" follows a duty and a free word that is no
 * clause, person, place or sector follows it, that word starts a second duty of the same role (read by meaning).
 */
function markJoinedDuty(st: ParseState, end: number): void {
  const k = end + 1;
  if (st.n(end) !== 'and' || st.used[end] || k >= st.toks.length || st.used[k] || NOT_JOINED.has(st.n(k)) || ENDS.has(st.n(k))) return;
  // "employee relations": a word for people is the duty's first word when a free word follows it.
  const compound = k + 1 < st.toks.length && !st.used[k + 1] && !ENDS.has(st.n(k + 1));
  if (SUBJECTS.has(st.s(k)) || (TEAM_NOUNS.has(st.s(k)) && !compound) || st.valueAt(k, 1) || industryPhraseAt(st, k, k + 2)) return;
  markDuty(st, end, k);
}

/**
 * The cue is read; the words after it, up to a word that ends a role phrase, are the responsibility: the lexicon
 * leaves them to the meaning pass ("in charge of security audits" is no cybersecurity company, "runs customer
 * support" no customer status), which compares them with the functions only.
 */
function markDuty(st: ParseState, cueStart: number, k: number): void {
  st.claim(cueStart, k);
  let end = k;
  for (; end < Math.min(st.toks.length, k + 4) && !st.used[end] && !ENDS.has(st.n(end)); end++) st.dutyAt.add(end);
  if (end > k) markJoinedDuty(st, end);
  // Filler words ("revenue", "data") leave a content run that starts later; it is read from the phrase's start.
  for (let j = k; j < end; j++) st.dutyStart.set(j, k);
  // A function word inside the phrase ("the product roadmap", "revenue targets") names the function when meaning
  // does not place the phrase as a whole (passes/meaning.ts tries meaning first: "data protection" is security).
  for (let j = k; j < end; j++) {
    for (let len = Math.min(3, end - j); len >= 1; len--) {
      const fn = FUNCTION_WORDS[st.key(j, len)];
      if (fn) {
        st.dutyFunctions.set(k, { label: st.typed(k, end), functions: [...fn], seniorities: null });
        return;
      }
    }
  }
}

function addDuty(st: ParseState, start: number, end: number, family: RoleFamily): void {
  st.claim(start, end);
  st.roleSpans.push({ start, end });
  const negated = st.negatedBefore(start);
  const last = st.roles[st.roles.length - 1];
  if (last && last.negated === negated) {
    last.families.push(family);
    last.label = `${last.label} or ${family.label}`;
  } else st.roles.push({ families: [family], negated, label: family.label });
}
