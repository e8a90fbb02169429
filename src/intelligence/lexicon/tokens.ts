/**
 * Words of a query with their place in the text. Matching runs on `stem`: lower-case, accent-free, plural
 * folded ("CTOs" → "cto", "companies" → "company"), so the lexicon needs each phrase once. Queries and the
 * phrases of the lexicon are split alike.
 */
import { foldText } from '../../core/normalize.js';

export interface Token {
  /** As typed. */
  text: string;
  /** Lower-case, accent-free. */
  norm: string;
  stem: string;
  start: number;
  end: number;
}

const SHORT_WORDS = new Set(['its', 'has', 'was', 'yes', 'bus', 'gas', 'his', 'ads', 'plus', 'ups', 'sms', 'aws', 'ios', 'dos', 'los', 'las', 'les', 'des', 'ops', 'sas', 'pos', 'kpis']);

/** Words ending in -s that are no plural ("news" is not "new"). */
const UNCOUNTABLE = new Set(['news', 'series', 'species', 'means', 'whereabouts', 'headquarters']);

export function stem(word: string): string {
  // "VPs", "AEs": a plural of a short acronym; "its", "has" and the like are not plurals.
  if (word.length === 3 && word.endsWith('s') && !SHORT_WORDS.has(word)) return word.slice(0, 2);
  if (word.length <= 3 || /\d/.test(word) || UNCOUNTABLE.has(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is|ics)$/.test(word)) return word.endsWith('ics') ? word.slice(0, -1) : word;
  if (/(sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Words are runs of letters and digits; "e-commerce" is two words, like "e commerce" (phrases are split alike). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:[.'’][\p{L}\p{N}]+)*/gu)) {
    let raw = m[0];
    // "Alice's deals": the possessive is not a word of its own.
    raw = raw.replace(/['’]s$/i, '');
    const norm = foldText(raw).replace(/['’.]/g, '');
    if (norm === '') continue;
    out.push({ text: raw, norm, stem: stem(norm), start: m.index, end: m.index + raw.length });
  }
  return out;
}

/** A phrase from the lexicon as the key the matcher looks up: stems joined by spaces. */
export function phraseKey(phrase: string): string {
  return tokenize(phrase)
    .map((t) => t.stem)
    .join(' ');
}

/**
 * Shorthand people type into a search box, as the word it stands for. Only forms with one reading in a CRM
 * ("mgr", "qtr", "w/o"); two-letter words that are also English ("co", "mo") are left alone.
 */
const SHORTHAND: Record<string, string> = {
  mgr: 'manager', mgrs: 'managers', mngr: 'manager', mngrs: 'managers', mgmt: 'management', dir: 'director', dirs: 'directors',
  sr: 'senior', snr: 'senior', jr: 'junior', execs: 'executives', ppl: 'people', peeps: 'people', biz: 'business', govt: 'government',
  gov: 'government', mktg: 'marketing', mkt: 'marketing', engg: 'engineering', engr: 'engineer', engrs: 'engineers', eng: 'engineering',
  acct: 'account', accts: 'accounts', qtr: 'quarter', qtrs: 'quarters', yr: 'year', yrs: 'years', wk: 'week', wks: 'weeks',
  mth: 'month', mths: 'months', mos: 'months', dept: 'department', depts: 'departments', rev: 'revenue', amt: 'amount',
  opp: 'opportunity', opps: 'opportunities', oppty: 'opportunity', oppties: 'opportunities', cust: 'customer', custs: 'customers',
  emps: 'employees', intl: 'international', hq: 'headquartered', hqd: 'headquartered',
  'w/o': 'without', 'w/': 'with', thru: 'through', '#': 'number', 'a fortnight': '2 weeks', fortnight: '2 weeks',
};
const SHORTHAND_RE = new RegExp(`(?<![\\p{L}\\p{N}/])(?:${Object.keys(SHORTHAND).map((k) => k.replace(/\//g, "\\/")).join('|')})(?![\\p{L}\\p{N}/])`, 'giu');

/** The text with shorthand written out ("mgrs in Toronto" → "managers in Toronto"), and what was expanded. */
/** Halves of a unit, said as words: "half a million" is 500k, "half a year" six months, "half a day" twelve hours. */
const HALF_OF: Record<string, string> = { million: '500k', billion: '500m', year: '6 months', month: '2 weeks', day: '12 hours', dozen: '6', hundred: '50', thousand: '500' };
const HALF_RE = /(?<![\p{L}\p{N}])(?:a\s+)?half\s+(?:a|an|of\s+a)\s+(million|billion|year|month|day|dozen|hundred|thousand)(?![\p{L}\p{N}])/giu;

export function expandShorthand(text: string): { text: string; expanded: string[] } {
  const expanded: string[] = [];
  const halves = text.replace(HALF_RE, (w, unit: string) => {
    const full = HALF_OF[unit.toLowerCase()]!;
    expanded.push(`${w} → ${full}`);
    return full;
  });
  const out = halves.replace(SHORTHAND_RE, (w) => {
    const full = SHORTHAND[w.toLowerCase()];
    if (!full) return w;
    expanded.push(`${w} → ${full}`);
    return full;
  });
  return { text: out, expanded };
}
