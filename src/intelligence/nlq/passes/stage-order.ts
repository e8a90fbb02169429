/**
 * How far along the pipeline a deal is, said against a stage: "past the proposal stage", "negotiation or later",
 * "at least qualified", "not yet at proposal", "up to qualification". The pipeline's open stages are ordered
 * (DEAL_STAGES); a word of order before or after an open stage turns that stage into the open stages on the named
 * side of it. Closed deals are left out: a deal that is "past proposal" and still being worked is in negotiation,
 * one that was won or lost is said so.
 *
 * This pass runs before the negation markers, so "not yet at proposal" is an order, not "stage ≠ proposal"; it only
 * claims the words of order when an open stage stands next to them, so "before February" stays a date.
 */
import { OPEN_STAGES } from '../../../core/entities.js';
import type { ParseState } from '../parse-state.js';

/** Which side of the named stage: strictly later, it and later, strictly earlier, it and earlier. */
export type StageOrder = 'after' | 'from' | 'before' | 'through';

/**
 * Words of order said before the stage, longest first within each order. Not "passed": a deal that "passed
 * qualification" passed it as a test — it is qualified.
 */
const BEFORE_CUES: readonly [readonly string[], StageOrder][] = [
  [['further', 'along', 'than'], 'after'], [['further', 'than'], 'after'], [['farther', 'than'], 'after'], [['later', 'than'], 'after'],
  [['past'], 'after'], [['beyond'], 'after'], [['after'], 'after'],
  [['at', 'least'], 'from'], [['made', 'it', 'to'], 'from'], [['got', 'as', 'far', 'as'], 'from'], [['got', 'to'], 'from'], [['gotten', 'to'], 'from'],
  [['reached'], 'from'], [['reaching'], 'from'],
  [['not', 'yet', 'at'], 'before'], [['not', 'yet', 'in'], 'before'], [['not', 'yet', 'to'], 'before'], [['yet', 'to', 'reach'], 'before'],
  [['not', 'yet', 'reached'], 'before'], [['havent', 'reached'], 'before'], [['hasnt', 'reached'], 'before'], [['not', 'reached'], 'before'],
  [['short', 'of'], 'before'], [['earlier', 'than'], 'before'], [['prior', 'to'], 'before'], [['before'], 'before'], [['pre'], 'before'],
  [['no', 'further', 'than'], 'through'], [['no', 'later', 'than'], 'through'], [['up', 'to'], 'through'], [['at', 'most'], 'through'],
];

/** Words of order said after the stage ("proposal or later", "qualified and beyond", "negotiation onwards"). */
const AFTER_CUES: readonly [readonly string[], StageOrder][] = [
  [['or', 'more', 'advanced'], 'from'], [['or', 'further', 'along'], 'from'],
  [['or', 'later'], 'from'], [['or', 'further'], 'from'], [['or', 'beyond'], 'from'], [['and', 'beyond'], 'from'], [['and', 'later'], 'from'],
  [['and', 'further'], 'from'], [['or', 'higher'], 'from'], [['and', 'up'], 'from'], [['or', 'after'], 'from'], [['onwards'], 'from'], [['onward'], 'from'],
  [['or', 'earlier'], 'through'], [['or', 'before'], 'through'], [['and', 'earlier'], 'through'], [['or', 'below'], 'through'], [['or', 'less'], 'through'],
];

/** Verbs before "past"/"beyond" that only carry the movement ("moved past", "progressed beyond"). */
const MOVEMENT = new Set(['moved', 'gone', 'got', 'gotten', 'progressed', 'advanced', 'made', 'it', 'come', 'went', 'are', 'is', 'already', 'well']);
/** Words between the order and the stage ("at least in the proposal stage"). */
const ARTICLES = new Set(['the', 'a', 'an', 'in', 'at']);
const STAGE_NOUNS = new Set(['stage', 'phase', 'step']);

/** The open stage words k.. name (one of the ordered open stages) and how many words that takes, or undefined. */
function openStageAt(st: ParseState, k: number): { stage: string; len: number } | undefined {
  for (let len = Math.min(3, st.toks.length - k); len >= 1; len--) {
    const meanings = st.ctx.lexicon.phrases.get(st.key(k, len)) ?? [];
    const stage = meanings.find((m) => m.kind === 'value' && m.entity === 'deal' && m.field === 'stage' && m.values.length === 1 && OPEN_STAGES.includes(m.values[0] as (typeof OPEN_STAGES)[number]));
    if (stage?.kind === 'value') return { stage: stage.values[0]!, len };
  }
  return undefined;
}

function cueAt(st: ParseState, i: number, words: readonly string[]): boolean {
  return words.every((w, j) => st.n(i + j) === w && !st.used[i + j]);
}

/** The open stages on the asked-for side of `stage`, in pipeline order. */
export function stagesInOrder(stage: string, order: StageOrder): string[] {
  const at = OPEN_STAGES.indexOf(stage as (typeof OPEN_STAGES)[number]);
  return OPEN_STAGES.filter((_, i) => (order === 'after' ? i > at : order === 'from' ? i >= at : order === 'before' ? i < at : i <= at));
}

/** An open stage named at free word k, with the word after it and after a stage noun ("proposal │stage│"). */
function stageWithNounAt(st: ParseState, k: number): { stage: string; len: number; after: number } | undefined {
  if (st.used[k] || st.stageOrderAt.has(k)) return undefined;
  const stage = openStageAt(st, k);
  if (!stage) return undefined;
  const after = k + stage.len + (STAGE_NOUNS.has(st.n(k + stage.len)) ? 1 : 0);
  return { ...stage, after };
}

/** Words joining the two ends of a span of stages ("from qualified │up to│ proposal", "between lead │and│ proposal"). */
const SPAN_JOINS: readonly (readonly string[])[] = [['up', 'to'], ['through'], ['thru'], ['until'], ['till'], ['to'], ['and']];
/** Negations a stage with "yet" after it is short of ("haven't been qualified yet", "not proposed yet"). */
const NOT_YET = new Set(['not', 'havent', 'hasnt', 'arent', 'isnt', 'werent', 'wasnt', 'never']);

/**
 * "from qualified up to proposal", "between lead and proposal", "qualified through negotiation": the open stages
 * from the first to the second, both included. "and" joins the two ends only after "between".
 */
function readStageSpans(st: ParseState): void {
  for (let k = 0; k < st.toks.length; k++) {
    const first = stageWithNounAt(st, k);
    if (!first) continue;
    const opener = ['from', 'between'].includes(st.n(k - 1)) && !st.used[k - 1] ? k - 1 : k;
    const j = first.after;
    const join = SPAN_JOINS.find((w) => cueAt(st, j, w) && (w[0] !== 'and' || st.n(opener) === 'between') && (w[0] !== 'to' || opener < k));
    if (!join) continue;
    let b = j + join.length;
    while (ARTICLES.has(st.n(b))) b++;
    const second = openStageAt(st, b);
    if (!second) continue;
    const [lo, hi] = [OPEN_STAGES.indexOf(first.stage as (typeof OPEN_STAGES)[number]), OPEN_STAGES.indexOf(second.stage as (typeof OPEN_STAGES)[number])].sort((x, y) => x - y);
    if (lo === hi) continue;
    let end = b + second.len;
    if (STAGE_NOUNS.has(st.n(end))) end++;
    st.claim(opener, k);
    st.claim(k + first.len, b);
    st.claim(b, end);
    st.stageOrderAt.set(k, { order: 'from', stages: OPEN_STAGES.slice(lo!, hi! + 1), said: st.typed(opener, end) });
    k = end - 1;
  }
}

/** "haven't been qualified yet", "not in proposal yet": the open stages before the one named. */
function readNotYet(st: ParseState): void {
  for (let k = 0; k < st.toks.length; k++) {
    const stage = stageWithNounAt(st, k);
    if (!stage) continue;
    const after = stage.after;
    if (st.n(after) !== 'yet' || st.used[after]) continue;
    let neg = k - 1;
    while (neg >= 0 && ['been', 'be', 'the', 'in', 'at', 'a', 'got', 'gotten', 'reached', 'made', 'it', 'to'].includes(st.n(neg)) && k - neg <= 4) neg--;
    if (neg < 0 || !NOT_YET.has(st.n(neg)) || st.used[neg]) continue;
    const range = stagesInOrder(stage.stage, 'before');
    if (range.length === 0) continue;
    st.claim(neg, k);
    st.claim(k + stage.len, after + 1);
    st.stageOrderAt.set(k, { order: 'before', stages: range, said: st.typed(neg, after + 1) });
    k = after;
  }
}

export function readStageOrder(st: ParseState): void {
  readStageSpans(st);
  readNotYet(st);
  for (let i = 0; i < st.toks.length; i++) {
    for (const [words, order] of BEFORE_CUES) {
      if (!cueAt(st, i, words)) continue;
      let k = i + words.length;
      while (ARTICLES.has(st.n(k))) k++;
      const stage = openStageAt(st, k);
      if (!stage) continue;
      const range = stagesInOrder(stage.stage, order);
      if (range.length === 0) continue;
      let start = i;
      while (start > 0 && (order === 'after' || order === 'from') && MOVEMENT.has(st.n(start - 1)) && !st.used[start - 1]) start--;
      st.claim(start, k);
      let end = k + stage.len;
      if (STAGE_NOUNS.has(st.n(end))) st.claim(end, ++end);
      // "made it to negotiation or further": the same order said again after the stage.
      const again = AFTER_CUES.find(([w, o]) => o === 'from' && cueAt(st, end, w));
      if (again && (order === 'from' || order === 'after')) {
        st.claim(end, end + again[0].length);
        end += again[0].length;
      }
      st.stageOrderAt.set(k, { order, stages: range, said: st.typed(start, end) });
      i = end - 1;
      break;
    }
  }
  for (let k = 0; k < st.toks.length; k++) {
    const stage = stageWithNounAt(st, k);
    if (!stage) continue;
    const after = stage.after;
    const cue = AFTER_CUES.find(([words]) => cueAt(st, after, words));
    if (!cue) continue;
    const range = stagesInOrder(stage.stage, cue[1]);
    if (range.length === 0) continue;
    const end = after + cue[0].length;
    st.claim(k + stage.len, end);
    st.stageOrderAt.set(k, { order: cue[1], stages: range, said: st.typed(k, end) });
    k = end - 1;
  }
}
