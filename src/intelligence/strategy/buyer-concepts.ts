/**
 * Reading a buyer's concerns by concept, not by phrase (issue 19): a clause raises a price objection when it speaks
 * of money *and* of a difficulty with it ("the licence fee is steep for a team our size"), a missing decision maker
 * when it speaks of someone with authority *and* of their absence or a need for them ("their director still has to
 * bless this"), competition when it names a rival, an alternative or a comparison. Words are lemmatised
 * (wink-lemmatizer) and the concept words are small lists of general sales vocabulary, so a wording nobody wrote
 * rules for is still read when it uses the common words. (Widening the lists with WordNet's synonyms and derivations
 * was tried and dropped: the commonest senses bring "have" under authority, "rank" and "handbag" under money.) A negation in the clause ("never", "no longer", "not a") turns a difficulty into its absence ("price
 * was never their concern") and a presence into an absence ("has not met their CFO").
 *
 * Generic linguistic knowledge only: the seeds were written from general sales vocabulary, not from a simulator's
 * phrasings; what the outcomes teach on top is the learned reader (text-reader.ts).
 */
import lemmatizer from 'wink-lemmatizer';
import type { DealSignal } from './deal-state.js';

const SEEDS = {
  /** Money and what it buys. */
  money: ['price', 'pricing', 'cost', 'budget', 'expensive', 'afford', 'affordable', 'money', 'spend', 'spending', 'fee', 'quote', 'cash', 'funding', 'fund', 'payment', 'invoice', 'licence', 'license', 'subscription', 'rate', 'charge', 'dollar', 'euro', 'cheap', 'cheaper', 'discount', 'margin', 'roi', 'investment', 'procurement', 'finance', 'financial', 'purse', 'wallet', 'bill'],
  /** A difficulty: too much, too little, a worry, resistance. */
  difficulty: ['concern', 'worry', 'worried', 'problem', 'issue', 'objection', 'object', 'hesitate', 'hesitant', 'resist', 'resistance', 'complain', 'doubt', 'struggle', 'tight', 'limited', 'limit', 'steep', 'high', 'much', 'exceed', 'stretch', 'squeeze', 'scrutinise', 'scrutinize', 'hard', 'difficult', 'too', 'above', 'beyond', 'lack', 'short', 'unable', 'cannot', 'blocker', 'block', 'obstacle', 'hurdle', 'sticking', 'balk', 'baulk', 'push', 'pushback', 'reluctant', 'wince', 'shock', 'sticker', 'prohibitive', 'pricey', 'costly', 'overpriced', 'freeze', 'frozen', 'cut', 'slash', 'squeezed', 'constrain', 'constraint', 'haggle', 'negotiate', 'lower', 'reduce', 'reduction', 'justify', 'painful', 'heavy', 'outside', 'afford'],
  /** Someone with authority over the purchase. */
  authority: ['executive', 'boss', 'director', 'manager', 'management', 'leadership', 'board', 'cfo', 'ceo', 'cto', 'coo', 'cio', 'cmo', 'vp', 'president', 'owner', 'head', 'chief', 'founder', 'superior', 'supervisor', 'sponsor', 'stakeholder', 'committee', 'approver', 'approve', 'approval', 'authorise', 'authorize', 'authority', 'signoff', 'decision', 'buyer', 'higherup', 'higherups', 'senior', 'officer', 'principal', 'bless', 'blessing', 'green', 'greenlight', 'endorse', 'ratify'],
  /** The person is absent, or needed first. */
  absence: ['need', 'require', 'must', 'wait', 'waiting', 'pending', 'before', 'yet', 'still', 'without', 'absent', 'missing', 'loop', 'bring', 'consult', 'check', 'run', 'escalate', 'convince', 'persuade', 'unaware', 'outside', 'above', 'ultimately', 'final', 'depend', 'depends', 'hinge', 'rest', 'sit', 'lie', 'own', 'control', 'gatekeeper', 'has to', 'have to', 'upstairs'],
  /** The person is present and on side (negated: absent). */
  presence: ['join', 'joined', 'involve', 'involved', 'engage', 'engaged', 'meet', 'met', 'attend', 'attended', 'supportive', 'onboard', 'aboard', 'approved', 'signed', 'agreed', 'champion', 'already', 'present'],
  /** A rival, an alternative, a comparison. */
  rival: ['competitor', 'competition', 'competing', 'rival', 'vendor', 'supplier', 'provider', 'alternative', 'incumbent', 'shortlist', 'bakeoff', 'contender', 'challenger', 'tender', 'rfp'],
  /** A difficulty is over or never was. */
  settled: ['resolve', 'resolved', 'settle', 'settled', 'fine', 'work', 'works', 'accept', 'accepted', 'ok', 'okay', 'happy', 'comfortable', 'sort', 'sorted', 'address', 'addressed', 'clear', 'cleared', 'gone', 'longer', 'never'],
};
type Concept = keyof typeof SEEDS;
const NEGATIONS = new Set(['not', 'no', 'never', 'nobody', 'none', 'nothing', 'neither', 'nor', 'without', 'hasnt', 'havent', 'isnt', 'arent', 'wasnt', 'werent', 'dont', 'doesnt', 'didnt', 'cant', 'cannot', 'wont', 'wouldnt', 'couldnt', 'shouldnt']);
/** Comparison words that name another party in a rival clause only next to "other"/"another"/"else". */
const OTHER = new Set(['other', 'another', 'else', 'elsewhere', 'alternatives', 'alternative']);

let lexicon: Map<string, Set<Concept>> | undefined;

/** Base forms of a word (noun, verb, adjective), lower-case. */
function formsOf(word: string): string[] {
  const w = word.toLowerCase();
  const out = new Set([w, lemmatizer.noun(w), lemmatizer.verb(w), lemmatizer.adjective(w)]);
  return [...out];
}

function buildLexicon(): Map<string, Set<Concept>> {
  const map = new Map<string, Set<Concept>>();
  for (const [c, words] of Object.entries(SEEDS) as [Concept, string[]][])
    for (const w of words)
      // Presence and settling are tense-bound ("approved", "signed"; "will not approve" is no presence): as written.
      for (const f of c === 'presence' || c === 'settled' ? [w] : formsOf(w)) {
        let set = map.get(f);
        if (!set) map.set(f, (set = new Set()));
        set.add(c);
      }
  return map;
}

export const conceptsOfWord = (word: string): Set<Concept> | undefined => (lexicon ??= buildLexicon()).get(word);

/** Lower-case words of a clause, contractions folded ("hasn't" → "hasnt", "sign-off" → "signoff"). */
function wordsOf(clause: string): string[] {
  return clause
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/(\w)-(\w)/g, '$1$2')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The concepts one clause raises (see the module comment). */
export function conceptSignalsOf(clause: string): DealSignal[] {
  const words = wordsOf(clause);
  const has = new Set<Concept>();
  let negated = false;
  let other = false;
  for (const w of words) {
    if (NEGATIONS.has(w)) negated = true;
    if (OTHER.has(w)) other = true;
    const c = new Set([...(conceptsOfWord(w) ?? []), ...(conceptsOfWord(lemmatizer.noun(w)) ?? []), ...(conceptsOfWord(lemmatizer.verb(w)) ?? [])]);
    for (const x of c) has.add(x);
  }
  // "no longer", "not a problem", "never their concern": the difficulty is absent.
  const settled = has.has('settled') || negated;
  const out: DealSignal[] = [];
  if (has.has('money') && has.has('difficulty') && !settled) out.push('price_objection');
  // "still need their CFO", "has not met the decision maker"; not "did not need another executive".
  const absent = (has.has('absence') && !negated) || (has.has('presence') && negated);
  if (has.has('authority') && absent && !(has.has('presence') && !negated)) out.push('missing_decision_maker');
  if ((has.has('rival') && !negated) || (other && /\b(vendor|supplier|provider|product|tool|solution|platform|option|quote|offer)s?\b/.test(clause.toLowerCase()))) out.push('competition');
  return out;
}

/**
 * Whether a clause says a concern is over (a settling word: "resolved", "fine", "no longer") or that someone is
 * present and on side ("joined", "approved", not negated): the meaning reader (buyer-meaning.ts) reads the topic of
 * a clause by its embedding, and this, by its words, whether the clause raises it or lays it to rest; `negated`: the
 * clause holds a negation ("not", "never", "hasn't", …); `rivalOut`: a rival set aside.
 */
/**
 * Words that name someone with authority over a purchase or the decision itself, beyond the concept list's
 * `authority` ("whoever signs", "someone above me", "their permission"): a missing decision maker read by meaning
 * must name one (buyer-meaning.ts), so "did not commit to anything" is not read as one.
 */
const DECIDER = new Set(['sign', 'signs', 'signed', 'signing', 'signature', 'signer', 'decide', 'decides', 'decided', 'deciding', 'decider', 'above', 'permission', 'control', 'controls', 'partner', 'partners', 'whoever', 'approver']);

/** Whether a clause names someone with authority or the decision (see DECIDER). */
export function namesDecider(clause: string): boolean {
  return wordsOf(clause).some((w) => DECIDER.has(w) || conceptsOfWord(w)?.has('authority') || conceptsOfWord(lemmatizer.noun(w))?.has('authority') || conceptsOfWord(lemmatizer.verb(w))?.has('authority'));
}

/** A rival set aside ("dropped the other supplier", "X is out", "going with us"): the competition is not raised. */
const RIVAL_OUT = /\b(?:dropped|ditched|ruled out|(?:is|are) out\b|(?:chose|chosen|picked|going with|went with|decided on) us|no longer (?:considering|looking at|talking to))/i;

export function settlingOf(clause: string): { settled: boolean; present: boolean; negated: boolean; rivalOut: boolean } {
  let settled = false;
  let present = false;
  let negated = false;
  for (const w of wordsOf(clause)) {
    if (NEGATIONS.has(w)) negated = true;
    const c = conceptsOfWord(w);
    if (c?.has('settled')) settled = true;
    if (c?.has('presence')) present = true;
  }
  return { settled, present: present && !negated, negated, rivalOut: RIVAL_OUT.test(clause) };
}
