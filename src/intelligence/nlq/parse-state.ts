/**
 * The state the parser's passes share: the words of the query, which of them a pass has claimed, and what
 * each pass has read so far. Passes (passes/*.ts) run in a fixed order, from the most specific grammar to the
 * most general, so each word is claimed once; a later pass reads what earlier ones left.
 */
import type { EntityName } from '../../core/entities.js';
import type { RoleFamily } from '../lexicon/role-words.js';
import type { Meaning } from './lexicon.js';
import type { AggregateFnName, Condition, ParseContext, ParsedQuery, RoleCondition } from './parsed-query.js';
import type { MeaningFound } from './passes/meaning.js';
import type { StageOrder } from './passes/stage-order.js';
import type { DateCondition, QuantityCondition } from './quantities/index.js';
import { expandShorthand, tokenize, type Token } from '../lexicon/tokens.js';
import { FIELD_WORDS } from './vocabulary.js';

/** A run of tokens, end exclusive. */
export interface TokenSpan {
  start: number;
  end: number;
}

/** A lexicon phrase found in the query. */
export interface LexiconMatch extends TokenSpan {
  meanings: Meaning[];
  /** How a phrase the lexicon does not list was matched ("by meaning, 0.71", "WordNet synonym: …"). */
  how?: string;
}

export interface DateFound extends DateCondition {
  at: TokenSpan;
  /** The words saying which date is meant ("last contacted", "expected to close"). */
  cue: { kind: 'close' | 'contact' | 'create' | 'activity'; word: string; at: number } | null;
}

export interface QuantityFound extends QuantityCondition {
  at: TokenSpan;
}

/** Verbs a negation belongs to when it stands before them ("not contacted", "never talked to"). */
const VERB_CUES = new Set(['contacted', 'touched', 'reached', 'spoke', 'spoken', 'talked', 'talk', 'emailed', 'called', 'heard', 'engaged', 'met', 'contact', 'touch', 'reach', 'speak', 'email', 'call', 'closed', 'close', 'won', 'lost', 'signed', 'updated', 'moved']);

/** Longest query read; the rest is ignored (and said so), so 10 kB of pasted text stays cheap. */
export const MAX_QUERY_CHARS = 500;

export class ParseState {
  readonly text: string;
  readonly toks: Token[];
  /** Words a pass has read; later passes leave them alone. */
  readonly used: boolean[];
  readonly notes: string[] = [];

  dates: DateFound[] = [];
  quantities: QuantityFound[] = [];
  /** Positions of negations ("not", "excluding") and of "or", applied to the next condition. */
  readonly negatedAt = new Set<number>();
  readonly orAt = new Set<number>();
  /** Negations that exclude ("other than", "except", "apart from"): they reach the next constraint however far it comes. */
  readonly exclusionAt = new Set<number>();
  top: number | null = null;
  /** A superlative or "top N": which way to sort and where the word was. */
  /** `money`: said by a verb of value ("worth the most"), so the sort is by money whatever the object. */
  /** `people`: said of the people employed ("employ the most people", "the fewest workers"), so the sort is by headcount. */
  sortWord: { dir: 'asc' | 'desc'; recency: boolean; at: number; money?: boolean; people?: boolean } | null = null;
  aggFn: AggregateFnName | null = null;
  aggAt = -1;
  groupBy: { entity: EntityName; field: string; label: string } | null = null;
  similar: ParsedQuery['similar'] = null;
  score: ParsedQuery['score'] = null;
  mine = false;
  /** Words after a topic cue ("interested in …"): ranked by meaning, not read as filters. */
  readonly topicAt = new Set<number>();
  readonly roles: RoleCondition[] = [];
  namedCompanies: { start: number; id: string; name: string }[] = [];
  matches: LexiconMatch[] = [];
  /** Phrases matched by meaning (WordNet, embeddings), for the interpretation. */
  readonly meaningFound: MeaningFound[] = [];
  /** Where a task noun ("overdue tasks") or an opening activity noun ("calls logged last week") was: the object is activities. */
  taskAt = -1;
  /** The object asked for, once the head pass has chosen it. */
  head: EntityName = 'contact';
  headStatus: string | undefined;
  headAt = -1;
  readonly conditions: Condition[] = [];
  /** The last or-group number handed out. */
  anyGroups = 0;
  sort: ParsedQuery['sort'] = null;
  aggregate: ParsedQuery['aggregate'] = null;

  constructor(
    input: string,
    readonly ctx: ParseContext,
  ) {
    let text = input.replace(/\s+/g, ' ').trim();
    if (text.length > MAX_QUERY_CHARS) {
      this.notes.push(`only the first ${MAX_QUERY_CHARS} characters were read`);
      text = text.slice(0, MAX_QUERY_CHARS);
    }
    const written = expandShorthand(text);
    if (written.expanded.length > 0) {
      text = written.text;
      this.notes.push(`read ${written.expanded.map((e) => `"${e.replace(' → ', '" as "')}"`).join(', ')}`);
    }
    this.text = text;
    this.toks = tokenize(text);
    this.used = this.toks.map(() => false);
  }

  claim(i: number, j: number): void {
    for (let k = i; k < j && k < this.toks.length; k++) this.used[k] = true;
  }

  /** Whether word k is already read by the grammar: claimed, or inside a topic, a duty or a trade phrase. */
  heldByGrammar(k: number): boolean {
    return this.used[k]! || this.topicAt.has(k) || this.dutyAt.has(k) || this.tradeAt.has(k);
  }

  /** Whether words a..a+len are a value of the workspace lexicon (of `field`, when given). */
  valueAt(a: number, len: number, field?: string): boolean {
    return len > 0 && (this.ctx.lexicon.phrases.get(this.key(a, len)) ?? []).some((m) => m.kind === 'value' && (field === undefined || m.field === field));
  }

  /** Claims without the bounds check (a word before the first is never claimed). */
  claimFree(a: number, b: number): void {
    for (let k = a; k < b; k++) this.used[k] = true;
  }

  /** The stem of word i ("" past either end); an arrow, so passes can take it out: `const { s, n } = st`. */
  readonly s = (i: number): string => this.toks[i]?.stem ?? '';

  /** The normalised word i ("" past either end). */
  readonly n = (i: number): string => this.toks[i]?.norm ?? '';

  /** The words i..j-1 as typed. */
  typed(i: number, j: number): string {
    return this.toks
      .slice(i, j)
      .map((t) => t.text)
      .join(' ');
  }

  /** The lexicon key of words i..i+len-1. */
  key(i: number, len: number): string {
    return this.toks
      .slice(i, i + len)
      .map((t) => t.stem)
      .join(' ');
  }

  /** The tokens a character span of the text covers. */
  tokensIn(span: { start: number; end: number }): TokenSpan {
    let a = this.toks.findIndex((t) => t.end > span.start);
    if (a < 0) a = this.toks.length;
    let b = a;
    while (b < this.toks.length && this.toks[b]!.start < span.end) b++;
    return { start: a, end: b };
  }

  /** A noun for firms after an industry ("pharma outfits"): the object is companies unless another noun says otherwise. */
  organisationNounAt = -1;
  /** "never contacted": no last contact at all (passes/quantities.ts reads it, date-fields.ts applies it). */
  neverContacted = false;
  /** The kind of activity a "never" names ("never emailed": email, "never had a call with": call); null: any contact. */
  neverKind: string | null = null;
  /** Where the words after a responsibility cue begin ("whoever runs │payroll"): read as a role by meaning. */
  readonly dutyAt = new Set<number>();
  /** A function word inside a responsibility ("owns the │product roadmap"): its reading when meaning abstains. */
  readonly dutyFunctions = new Map<number, RoleFamily>();
  /** Per word of a responsibility phrase, where the phrase starts (its run is read whole by meaning). */
  readonly dutyStart = new Map<number, number>();
  /** Words after a verb of arrival ("heard about us through │a friend"): a lead source, by the lexicon or by meaning. */
  readonly sourceAt = new Set<number>();
  /** Words after a verb of trade ("companies that make │cars"): an industry, by the lexicon or by meaning. */
  readonly tradeAt = new Set<number>();
  /** A noun for firms said with what they do stands as the object ("startups offering …", "vaccine makers"). */
  tradeFirmObject = false;
  /** Trade phrases said before their firm noun ("vaccine │makers"): phrase start → the noun's index. */
  readonly tradeFirmAt = new Map<number, number>();
  /** Open stages said with a word of order ("past the │proposal stage"): the stage word's index → the stages meant. */
  readonly stageOrderAt = new Map<number, { order: StageOrder; stages: string[]; said: string }>();
  /** Field words after a negation ("deals with no │owner"), kept from meaning for the empty-field pass. */
  readonly absentFieldAt = new Set<number>();
  /** Words read as a role ("CFOs", "whoever runs payroll"), so a negation's reach stops at them. */
  readonly roleSpans: TokenSpan[] = [];

  /**
   * Whether a negation came shortly before word `start`. A negation reaches the first value after it only:
   * "non-customer contacts in Canada" negates the status, not the country.
   */
  negatedBefore(start: number): boolean {
    for (let k = start - 1; k >= 0; k--) {
      if (this.negatedAt.has(k)) return k >= start - 4 || this.exclusionAt.has(k);
      // "haven't talked to anyone in Berlin": the negation belongs to the verb, not to the place.
      if (VERB_CUES.has(this.toks[k]!.norm)) return false;
      // "not in fintech or healthcare": a negation covers values joined by or/nor/and.
      if (this.holdsValue(k)) {
        const between: string[] = [];
        for (let j = k + 1; j < start; j++) if (!this.holdsValue(j)) between.push(this.toks[j]!.norm);
        // "not from a webinar, conference or partner": a comma between two values joins them as "or" does.
        const listed = between.length === 0 && /,/.test(this.text.slice(this.toks[k]!.end, this.toks[start]!.start));
        if (!listed && !(between.length > 0 && between.every((w) => ['or', 'nor', 'and'].includes(w)))) return false;
      }
    }
    return false;
  }

  /** Whether word k belongs to a value, a date, a number, a role or a named company (not to an object noun). */
  holdsValue(k: number): boolean {
    const inside = (sp: TokenSpan) => k >= sp.start && k < sp.end;
    return (
      this.matches.some((m) => inside(m) && m.meanings.some((x) => x.kind === 'value')) ||
      this.dates.some((d) => inside(d.at)) ||
      this.quantities.some((q) => inside(q.at)) ||
      this.roleSpans.some(inside) ||
      this.namedCompanies.some((c) => c.start === k)
    );
  }

  orBefore(start: number): boolean {
    return this.orAt.has(start - 1) || this.orAt.has(start - 2);
  }

  /** Whether word k names a measured field ("staff", "revenue"). */
  fieldWordAt(k: number): boolean {
    return k >= 0 && FIELD_WORDS[this.s(k)] !== undefined;
  }

  hasWord(...words: string[]): boolean {
    return this.toks.some((t) => words.includes(t.norm));
  }

  /** Whether the object asked for can be filtered on a field of `e` (its own, or its company's or contact's). */
  reaches(e: EntityName): boolean {
    const head = this.head;
    return e === head || (e === 'company' && head !== 'company') || (e === 'contact' && (head === 'deal' || head === 'activity'));
  }
}
