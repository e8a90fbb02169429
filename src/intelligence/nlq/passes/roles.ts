/** Roles: "CTOs", "VPs of Sales", "finance leaders", "technical decision makers", "C-level executives", "ML engineers". */
import { ACRONYMS, type RoleFunction, type Seniority } from '../../lexicon/roles.js';
import { FUNCTION_WORDS, INDIVIDUAL_LEVELS, JOB_NOUNS, LEADERSHIP, RANK_ORDER, SENIORITY_WORDS, type RoleFamily } from '../../lexicon/role-words.js';
import type { ParseState } from '../parse-state.js';
import { phraseKey } from '../../lexicon/tokens.js';

/** Words for the people of a function: "finance people", "HR folks", "the sales team". */
export const TEAM_NOUNS = new Set(['people', 'person', 'folk', 'guy', 'gal', 'team', 'staff', 'side', 'department', 'org', 'function', 'crew', 'expert', 'specialist', 'professional', 'pro', 'employee', 'worker', 'personnel', 'role', 'position', 'job']);

/** Words a role said as "in <function>" may end before ("people in marketing │at insurers"). */
const IN_FUNCTION_ENDS = new Set(['in', 'at', 'from', 'who', 'whom', 'that', 'which', 'with', 'without', 'and', 'or', 'based', 'located', 'across', 'for', 'on', 'but', 'are', 'is']);

/** Whether words a..b-1 name an industry in the lexicon ("finance", "security"): then "in <them>" is the sector. */
/** Words for someone before an adjective of rank: "anyone senior", "someone junior". */
const PEOPLE_PRONOUNS = new Set(['anyone', 'anybody', 'someone', 'somebody', 'everyone', 'everybody', 'whoever', 'those', 'people', 'folks']);

/** Words that put people in a department: "senior folks │in finance", "anyone junior │on the sales team". */
const IN_DEPARTMENT = new Set(['in', 'within', 'on', 'from']);

export function industryPhraseAt(st: ParseState, a: number, b: number): boolean {
  return st.valueAt(a, b - a, 'industry');
}

/** Words that widen a rank to every rank above it at word j ("│and above", "│or higher", "│plus"): their count, or 0. */
function rankWideningAt(st: ParseState, j: number): number {
  if (st.n(j) === 'plus') return 1;
  return ['and', 'or'].includes(st.n(j)) && ['above', 'higher', 'up', 'over', 'more', 'senior'].includes(st.n(j + 1)) ? 2 : 0;
}

/**
 * Whether words a..b are the very name of one of the workspace's industries ("cybersecurity" where an industry is
 * called Cybersecurity): the workspace's own value is read before a general word for a department.
 */
function ownIndustryName(st: ParseState, a: number, b: number): boolean {
  const key = st.key(a, b - a);
  return (st.ctx.lexicon.phrases.get(key) ?? []).some((m) => m.kind === 'value' && m.field === 'industry' && m.values.some((v) => phraseKey(v) === key));
}

export function readRoles(st: ParseState): void {
  const { s, n, toks, used, topicAt } = st;
  /** 1 when word k is "a" or "the" ("head of │a team"). */
  const articleAt = (k: number) => (['a', 'the'].includes(n(k)) ? 1 : 0);
  const families: { family: RoleFamily; start: number; end: number }[] = [];
  /** Length of the longest free phrase of `table` starting at word i (0: none). */
  const phraseAt = (i: number, table: Record<string, unknown>, maxLen = 3): number => {
    for (let len = maxLen; len >= 1; len--) {
      if (i + len > toks.length) continue;
      let ok = true;
      for (let k = i; k < i + len; k++) if (st.heldByGrammar(k)) ok = false;
      if (ok && table[st.key(i, len)] !== undefined) return len;
    }
    return 0;
  };
  /** Function phrases from word k on ("data science", "sales and marketing" after "of"); where they end. */
  const functionsFrom = (k: number, out: RoleFunction[], joinWithAnd: boolean): number => {
    for (let len = phraseAt(k, FUNCTION_WORDS); len > 0; len = phraseAt(k, FUNCTION_WORDS)) {
      if (ownIndustryName(st, k, k + len)) break;
      // "sales people" are salespeople, not sales and HR.
      if (out.length > 0 && len === 1 && TEAM_NOUNS.has(s(k))) break;
      out.push(...FUNCTION_WORDS[st.key(k, len)]!);
      k += len;
      if (joinWithAnd && n(k) === 'and' && phraseAt(k + 1, FUNCTION_WORDS) > 0) k++;
    }
    return k;
  };
  for (let i = 0; i < toks.length; i++) {
    if (st.heldByGrammar(i)) continue;
    // "tagged decision-maker" names a tag, not a rank.
    if (['tagged', 'tag', 'labelled', 'labeled'].includes(n(i - 1))) continue;
    // "talent acquisition leads", "FP&A analysts": a title of the workspace said whole is that title, before any
    // of its words is read as a function, a sector or a synonym ("acquisition" is no school).
    const titleLen = ownTitleAt(st, i);
    if (titleLen > 0) {
      const said = st.key(i, titleLen);
      families.push({ family: { label: st.text.slice(toks[i]!.start, toks[i + titleLen - 1]!.end), functions: null, seniorities: null, word: said, said, exactOnly: true }, start: i, end: i + titleLen });
      st.claim(i, i + titleLen);
      i += titleLen - 1;
      continue;
    }
    const functions: RoleFunction[] = [];
    // function words before the rank: "sales", "technical", "data science"
    let j = functionsFrom(i, functions, false);
    let seniorities: readonly Seniority[] | null = null;
    let label = '';
    const acronym = !used[j] && !topicAt.has(j) ? ACRONYMS[n(j).replace(/s$/, '')] : undefined;
    const rankLen = phraseAt(j, SENIORITY_WORDS);
    const jobLen = phraseAt(j, JOB_NOUNS);
    let said: string | undefined;
    if (functions.length > 0 && s(j) === 'lead' && !used[j] && !topicAt.has(j) && functions.some((f) => f !== 'sales' && f !== 'marketing')) {
      // "product leads", "security lead": the person leading a function (its head); "sales leads" are prospects.
      seniorities = ['head'];
      label = st.typed(i, j + 1);
      said = st.key(i, j + 1 - i);
      j += 1;
    } else if (acronym && /^c[a-z]{1,3}o$/.test(n(j).replace(/s$/, ''))) {
      seniorities = ['c_level'];
      functions.push(acronym);
      label = toks[j]!.text.replace(/s$/, '').toUpperCase() + 's';
      j += 1;
    } else if (rankLen > 0 && functions.length === 0 && st.valueAt(j, rankLen, 'tags')) {
      // "decision makers" where the workspace tags contacts "decision-maker": its own label, read by the lexicon as
      // that tag (a rank said with a function, "technical decision makers", stays a role).
      continue;
    } else if (rankLen > 0) {
      // "chief ... officer" may hold a function: "chief financial officer".
      seniorities = SENIORITY_WORDS[st.key(j, rankLen)]!;
      label = st.typed(i, j + rankLen);
      j += rankLen;
      if (n(j - 1) === 'chief' && FUNCTION_WORDS[s(j)] && s(j + 1) === 'officer') {
        functions.push(...FUNCTION_WORDS[s(j)]!);
        label = st.typed(i, j + 2);
        j += 2;
      } else if (n(j) === 'of' || n(j) === 'for') {
        // "VPs of Sales", "head of data science"
        const after: RoleFunction[] = [];
        const k = functionsFrom(j + 1, after, true);
        if (after.length > 0) {
          functions.push(...after);
          label = st.typed(i, k);
          j = k;
        } else if (UNIT_NOUNS.has(s(j + 1 + articleAt(j + 1)))) {
          // "heads of department", "head of a team": the rank over any function.
          j += 2 + articleAt(j + 1);
          label = st.typed(i, j);
        }
      }
      // "executives" after "C-level" is one rank, not two.
      if (seniorities.includes('c_level') && ['executive', 'exec', 'officer', 'leader'].includes(s(j))) {
        label = st.typed(i, j + 1);
        j += 1;
      }
      // "C-level marketers", "VP-level engineers": a rank said before a job noun is that job at that rank (not the
      // rank or the job), so the noun gives the function and the rank replaces the job's usual levels.
      const levelWord = n(j) === 'level' ? 1 : 0;
      const rankedJob = functions.length === 0 ? phraseAt(j + levelWord, JOB_NOUNS) : 0;
      if (rankedJob > 0) {
        functions.push(...JOB_NOUNS[st.key(j + levelWord, rankedJob)]!);
        j += levelWord + rankedJob;
        label = st.typed(i, j);
      }
      // "VP sales", "director marketing": the function right after the rank, without "of".
      if (functions.length === 0 && !seniorities.includes('c_level')) {
        const after: RoleFunction[] = [];
        const k = functionsFrom(j, after, true);
        if (after.length > 0 && !JOB_NOUNS[s(k)]) {
          functions.push(...after);
          label = st.typed(i, k);
          j = k;
        }
      }
    } else if (jobLen > 0) {
      // "ML engineers": the words before the job say the function more precisely than the job noun does.
      const bare = functions.length === 0;
      if (bare) functions.push(...JOB_NOUNS[st.key(j, jobLen)]!);
      seniorities = INDIVIDUAL_LEVELS;
      label = st.typed(i, j + jobLen);
      const word = bare ? st.key(j, jobLen) : undefined;
      j += jobLen;
      const lead = i > 0 && !used[i - 1] && ['senior', 'top', 'upper', 'executive'].includes(n(i - 1)) ? i - 1 : i;
      // The job with the words before it, as titles would say it: "data scientists", "ML engineers".
      const said = st.key(i, j - i);
      families.push({ family: { label, functions: [...new Set(functions)], seniorities, ...(word ? { word } : {}), said }, start: lead, end: j });
      st.claim(lead, j);
      i = j - 1;
      continue;
    } else if (functions.length === 0 && ['senior', 'junior'].includes(n(j)) && ((TEAM_NOUNS.has(s(j + 1)) && !used[j + 1]) || PEOPLE_PRONOUNS.has(n(j - 1)) || (s(j + 1) === 'contact' && !used[j + 1]))) {
      // "senior folks", "junior staff", "anyone senior", "senior contacts": a rank said as an adjective with a word
      // for people (the object noun itself is left to name the object).
      seniorities = n(j) === 'senior' ? LEADERSHIP : INDIVIDUAL_LEVELS;
      j += TEAM_NOUNS.has(s(j + 1)) && !used[j + 1] ? 2 : 1;
      label = st.typed(i, j);
      // "senior folks in finance", "anyone junior on the marketing team": the department after is where they work
      // (a function, even where the word also names a sector: the rank says people are meant).
      if (IN_DEPARTMENT.has(n(j))) {
        const after: RoleFunction[] = [];
        const at = n(j + 1) === 'the' ? j + 2 : j + 1;
        const k = functionsFrom(at, after, true);
        if (after.length > 0 && (k >= toks.length || used[k] || topicAt.has(k) || IN_FUNCTION_ENDS.has(n(k)) || TEAM_NOUNS.has(s(k)))) {
          functions.push(...after);
          j = k;
          label = st.typed(i, j);
        }
      }
    } else if (functions.length > 0 && (TEAM_NOUNS.has(s(j)) || s(j) === 'contact') && !used[j]) {
      // "finance people", "HR folks", "the data team", "HR contacts": a function said with a word for its people.
      label = st.typed(i, j + 1);
      j += 1;
    } else if (functions.length > 0 && firstWord(st, i) && ['at', 'in', 'from', 'across'].includes(n(j)) && !used[j] && (!industryPhraseAt(st, i, j) || industryAfter(st, j + 1)) && !['sale', 'sales', 'revenue'].includes(s(i)) && !TEAM_NOUNS.has(s(i)) && !PEOPLE_PRONOUNS.has(n(i))) {
      // "HR at retailers", "IT in Berlin", "ops at carmakers": a department said first, before where its people
      // work, is those people ("sales in Germany" stays the deals, as a sum or list of sales). A word that is also
      // a sector is the department when a sector follows ("security at banks": one firm is not in two sectors).
      label = st.typed(i, j);
    } else if (functions.length > 0 && ['in', 'within'].includes(n(i - 1)) && !industryPhraseAt(st, i, j) && (j >= toks.length || used[j] || topicAt.has(j) || IN_FUNCTION_ENDS.has(n(j)))) {
      // "people in marketing", "who is in HR at insurers": a department that is no sector, after "in", is the role
      // at any rank ("people in finance" is the sector: the lexicon reads it).
      label = st.typed(i - 1, j);
    } else continue;
    // "director and above", "VP or higher", "manager level": the rank and every rank above it.
    if (seniorities) {
      if (n(j) === 'level') j++;
      const widening = rankWideningAt(st, j);
      if (widening > 0) {
        const lowest = Math.max(...seniorities.map((x) => RANK_ORDER.indexOf(x)));
        seniorities = RANK_ORDER.slice(0, lowest + 1);
        j += widening;
        label = st.typed(i, j);
      }
    }
    // "the leadership team", "management folks": a word for people after a rank adds nothing.
    if (seniorities && TEAM_NOUNS.has(s(j)) && !used[j]) j++;
    // "senior leadership", "top executives": the adjective says the rank again.
    const lead = i > 0 && !used[i - 1] && ['senior', 'top', 'upper', 'executive'].includes(n(i - 1)) ? i - 1 : i;
    if (lead < i) label = st.typed(lead, j);
    families.push({ family: { label, functions: functions.length > 0 ? [...new Set(functions)] : null, seniorities, ...(said ? { said } : {}) }, start: lead, end: j });
    st.claim(lead, j);
    i = j - 1;
  }
  // Neighbouring families join ("CTOs or VPs"); a negation starts a new condition.
  for (const rf of families) {
    st.roleSpans.push({ start: rf.start, end: rf.end });
    const negated = st.negatedBefore(rf.start);
    const last = st.roles[st.roles.length - 1];
    if (last && last.negated === negated) {
      last.families.push(rf.family);
      last.label = `${last.label} or ${rf.family.label}`;
    } else st.roles.push({ families: [rf.family], negated, label: rf.family.label });
  }
}

/** The workspace's titles of two words or more, as stem keys (computed once per lexicon). */
const titleKeysOf = new WeakMap<readonly string[], Set<string>>();
function ownTitleKeys(titles: readonly string[]): Set<string> {
  let keys = titleKeysOf.get(titles);
  if (!keys) {
    keys = new Set(titles.map(phraseKey).filter((k) => k.includes(' ')));
    titleKeysOf.set(titles, keys);
  }
  return keys;
}

/**
 * Length of the longest run of free words from i that is one of the workspace's titles of two words or more
 * (0: none). A rank widened after it ("sales managers and above") is left to the rank grammar.
 */
function ownTitleAt(st: ParseState, i: number): number {
  const keys = ownTitleKeys(st.ctx.lexicon.titles);
  if (keys.size === 0) return 0;
  for (let len = Math.min(6, st.toks.length - i); len >= 2; len--) {
    let ok = true;
    for (let k = i; k < i + len && ok; k++) ok = !st.heldByGrammar(k);
    if (!ok || !keys.has(st.key(i, len))) continue;
    return st.n(i + len) === 'level' || rankWideningAt(st, i + len) > 0 ? 0 : len;
  }
  return 0;
}

/** Words for a unit of a firm ("heads of department"). */
const UNIT_NOUNS = new Set(['department', 'team', 'function', 'unit', 'division']);

/** Whether an industry of the lexicon is named from word k on (after "the"). */
function industryAfter(st: ParseState, k: number): boolean {
  const at = st.n(k) === 'the' ? k + 1 : k;
  for (let len = 1; len <= 3; len++) if (industryPhraseAt(st, at, at + len)) return true;
  return false;
}

/** Whether word i comes first, after filler only ("show me │HR at retailers", "list all │IT in Oslo"). */
function firstWord(st: ParseState, i: number): boolean {
  for (let k = 0; k < i; k++) if (!LEAD_INS.has(st.n(k))) return false;
  return true;
}
const LEAD_INS = new Set(['show', 'me', 'list', 'find', 'get', 'give', 'all', 'the', 'our', 'any', 'pull', 'up']);
