/**
 * Dates: which date field the words around them mean (expected or actual close, last contact, creation, a task's
 * due date) or whether they bound the record's activities ("no activity in 60 days"); a negation before the date
 * or its cue ("who haven't we talked to in 30 days") means outside the window, or never.
 */
import { toTimestamp } from '../../../core/clock.js';
import { OPEN_STAGES, type EntityName } from '../../../core/entities.js';
import type { Condition } from '../parsed-query.js';
import type { DateFound, ParseState } from '../parse-state.js';
import { fieldLabel } from '../vocabulary.js';
import { NEGLECT_CUES } from './quantities.js';

/** Cue words of a close that happened (closed_at) rather than one expected (expected_close). */
const ACTUAL_CLOSE = ['closed', 'won', 'lost', 'signed', 'win', 'lose', 'loss', 'booked', 'sign', 'book', 'landed', 'bagged', 'bag', 'clinched', 'clinch'];
/** Cue words that also say how it closed: "deals we won last quarter" are won deals closed last quarter. */
const OUTCOME_OF_CUE: Record<string, string> = { won: 'closed_won', win: 'closed_won', signed: 'closed_won', sign: 'closed_won', booked: 'closed_won', book: 'closed_won', lost: 'closed_lost', lose: 'closed_lost', loss: 'closed_lost', landed: 'closed_won', bagged: 'closed_won', bag: 'closed_won', clinched: 'closed_won', clinch: 'closed_won' };
/** The plain close verbs: they say a deal ended, not how, unless money is what is asked. */
const CLOSE_VERBS = new Set(['close', 'closed', 'closes', 'closing']);
/** Words for money that came in: revenue, bookings, income — and "how much". */
const MONEY_IN = new Set(['revenue', 'revenues', 'bookings', 'income', 'takings', 'turnover']);
function moneyAsked(st: ParseState): boolean {
  return st.toks.some((t, k) => MONEY_IN.has(t.norm) || (t.norm === 'how' && st.n(k + 1) === 'much'));
}
/** Verbs of a close date that moved: the date is still expected. */
const MOVED_CLOSE = new Set(['slip', 'slips', 'slipping', 'slipped', 'slide', 'slides', 'sliding', 'slid', 'pushed', 'postponed', 'deferred', 'pencilled', 'penciled', 'targeted', 'targeting', 'earmarked']);
/** Words before a close verb that make it a hope or a plan ("hope to sign", "will win", "should close"). */
const FORECAST_BEFORE = new Set(['will', 'should', 'gonna', 'hope', 'hoping', 'expect', 'expecting', 'plan', 'planning', 'aim', 'aiming', 'want', 'likely', 'could', 'might', 'll']);
/** Words for a record nothing has happened on lately; with no window of their own they mean 30 days. */
export const IDLE_WORDS = new Set(['stalled', 'stale', 'stuck', 'idle', 'dormant', 'inactive', 'quiet', 'neglected', 'forgotten', 'abandoned', 'silent', 'unresponsive']);
/** Idle only after a verb of becoming: "gone cold", "went dark" ("cold outreach" is a source). */
const BECAME_IDLE_WORDS = new Set(['cold', 'dark']);
const BECOMING = new Set(['gone', 'went', 'going', 'go', 'turned', 'grown', 'gotten', 'got', 'run']);
const IDLE_DAYS = 30;

/** Contact verbs that name the kind of activity: "emailed in the last 2 weeks" is an e-mail with them then. */
const ACTIVITY_TYPE_OF_CUE: Record<string, string> = {
  emailed: 'email', email: 'email', mailed: 'email', wrote: 'email',
  called: 'call', call: 'call', phoned: 'call', phone: 'call', rang: 'call',
  met: 'meeting', meeting: 'meeting',
};

/** Fields that only hold past instants. */
const PAST_ONLY = new Set(['closed_at', 'created_at', 'last_contacted_at', 'occurred_at', 'completed_at']);

function yearLater(iso: string): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString();
}

/** "were supposed to", "should have", "was due": the words before a date speak of the past. */
function pastTense(st: ParseState, at: number): boolean {
  for (let k = Math.max(0, at - 6); k < at; k++) {
    const w = st.n(k);
    if (['were', 'was', 'had'].includes(w) || (w === 'should' && ['have', 've'].includes(st.n(k + 1)))) return true;
  }
  return false;
}

function yearEarlier(iso: string): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d.toISOString();
}

/**
 * A window that begins after today, or ends only later ("before Thanksgiving", asked in May): no deal was created
 * or closed then, and a creation before a day to come holds for every deal, so on deals it is an expected close.
 */
function aheadOfToday(st: ParseState, d: Pick<DateFound, 'from' | 'to'>): boolean {
  const tomorrow = Date.UTC(st.ctx.now.getUTCFullYear(), st.ctx.now.getUTCMonth(), st.ctx.now.getUTCDate()) + 86_400_000;
  return d.from !== undefined ? Date.parse(d.from) >= tomorrow : d.to !== undefined && Date.parse(d.to) > tomorrow;
}

/** A record's activities in a window: planned as ids (activities point at contacts, companies and deals). */
export const ACTIVITY_FIELD = 'activity';

/**
 * People stuck doing something ("contacts stuck copying data by hand", "people stuck with legacy tools") say what
 * they struggle with, not that nobody spoke to them: an idle word before a verb's -ing form or "with" is a concern
 * when contacts are asked for (deals "stuck waiting on legal" are still stalled).
 */
function stuckDoing(st: ParseState, k: number): boolean {
  if (st.head !== 'contact' || !IDLE_WORDS.has(st.n(k))) return false;
  const next = st.n(k + 1);
  return next === 'with' || (next.length > 4 && next.endsWith('ing') && !st.used[k + 1]);
}

export function readDateFields(st: ParseState): void {
  const { n, head } = st;
  const idleAt = st.toks.findIndex((t, k) => !st.used[k] && !stuckDoing(st, k) && (IDLE_WORDS.has(t.norm) || (BECAME_IDLE_WORDS.has(t.norm) && BECOMING.has(n(k - 1)))));
  let activityWindow = false;
  let quietRead = false;
  for (let d of st.dates) {
    let target: { entity: EntityName; field: string };
    const dealClosed = st.conditions.some((c) => c.field === 'stage' && Array.isArray(c.value) && (c.value as string[]).every((v) => v.startsWith('closed')));
    const cue = d.cue;
    // "ignored for 3 months", "neglected since June": the verb says they were not contacted then.
    const negated = st.negatedBefore(d.at.start) || n(d.at.start - 1) === 'not' || n(d.at.start - 2) === 'not' || (cue !== null && (st.negatedBefore(cue.at) || NEGLECT_CUES.has(cue.word)));
    // "gone quiet for 2 months", "silent since June": contacted once, but not since then (never-contacted are not quiet).
    if (idleAt >= 0 && head === 'contact' && (!cue || cue.kind === 'contact')) {
      const cutoff = d.from ?? d.to;
      if (cutoff) {
        const at = cutoff.replace(/\.\d{3}Z$/, 'Z');
        const label = fieldLabel(head, 'last_contacted_at');
        st.conditions.push({ entity: head, field: 'last_contacted_at', op: 'lt', value: at, label: `${label} < ${at} (gone quiet)` });
        st.conditions.push({ entity: head, field: 'last_contacted_at', op: 'empty', value: false, label: `contacted at least once` });
        st.used[idleAt] = true;
        quietRead = true;
        continue;
      }
    }
    // "emailed in the last 2 weeks", "called last month", "met with in October": an activity of that type then.
    // Negated ("nobody has called in 2 months") it is not being in touch at all: the last contact, below.
    const activityType = cue?.kind === 'contact' && !negated ? ACTIVITY_TYPE_OF_CUE[cue.word] : undefined;
    if (activityType && head !== 'activity') {
      activityWindow = true;
      if (d.from && Date.parse(d.from) > st.ctx.now.getTime()) d = { ...d, from: yearEarlier(d.from), to: d.to ? yearEarlier(d.to) : d.to };
      addActivityWindow(st, d, negated, activityType);
      continue;
    }
    // Deals have no last contact of their own: "deals not touched since May" is about their activities.
    // Asked of activities themselves ("calls logged last week"), the window is when they happened: the field below.
    if ((cue?.kind === 'activity' && head !== 'activity') || (head !== 'activity' && idleAt >= 0 && !cue) || (cue?.kind === 'contact' && head === 'deal')) {
      activityWindow = true;
      addActivityWindow(st, d, negated || idleAt >= 0);
      continue;
    }
    if (head === 'activity') {
      // A task's date is when it is due; other activities' when they happened.
      const due = cue?.kind === 'close' || st.conditions.some((c) => c.field === 'type' && JSON.stringify(c.value) === '["task"]');
      target = { entity: 'activity', field: due ? 'due_at' : 'occurred_at' };
    } else if (cue?.kind === 'close' || (!cue && head === 'deal' && (dealClosed || aheadOfToday(st, d)))) {
      // "what did we close in May", "have we closed": said in the past, the close happened.
      // A date that moved ("pushed to next year", "slipping past quarter end") or a close hoped for ("hope to sign
      // before the holidays", "will win by Christmas") is an expected close, whatever the tense.
      const forecast = cue !== null && (MOVED_CLOSE.has(cue.word) || [0, 1, 2, 3].some((d) => FORECAST_BEFORE.has(n(cue.at - d)) || (d > 0 && n(cue.at + d - 1) === 'to' && FORECAST_BEFORE.has(n(cue.at + d - 2)))));
      const pastTense = cue !== null && [1, 2, 3].some((d) => ['did', 'have', 'has', 'had', 've'].includes(n(cue.at - d)));
      const actual = dealClosed || (!forecast && (pastTense || (cue !== null && ACTUAL_CLOSE.includes(cue.word))));
      target = { entity: 'deal', field: actual ? 'closed_at' : 'expected_close' };
      // "revenue we closed last quarter", "how much did we close in Q3": money that came in is money won.
      const outcome = cue && actual ? (OUTCOME_OF_CUE[cue.word] ?? (CLOSE_VERBS.has(cue.word) && moneyAsked(st) ? 'closed_won' : undefined)) : undefined;
      const hasStage = st.conditions.some((c) => c.field === 'stage');
      if (outcome && !hasStage) st.conditions.push({ entity: 'deal', field: 'stage', op: 'in', value: [outcome], label: `stage = ${outcome.replace('closed_', '')}` });
      // An expected close is a forecast: deals already closed are not "closing this month".
      if (!actual && !hasStage) st.conditions.push({ entity: 'deal', field: 'stage', op: 'in', value: [...OPEN_STAGES], label: 'open (expected to close, not closed yet)' });
    } else if (cue?.kind === 'contact' && head !== 'company') target = { entity: 'contact', field: 'last_contacted_at' };
    else if (cue?.kind === 'contact' && head === 'company') target = { entity: 'company', field: 'last_contacted_at' };
    else target = { entity: head, field: 'created_at' };
    if (!st.reaches(target.entity)) target = { entity: head, field: 'created_at' };
    const field = { ...target, label: fieldLabel(target.entity, target.field) };
    // "planning what to build next quarter": a time said to come is no date of what has happened (a record's
    // creation, its last contact); there the words belong to what the person is busy with.
    if (PAST_ONLY.has(field.field) && d.from && Date.parse(d.from) > st.ctx.now.getTime() && /\b(?:next|coming|upcoming|tomorrow)\b/i.test(d.text)) {
      for (let k = d.at.start; k < d.at.end; k++) st.used[k] = false;
      continue;
    }
    // "insurance carriers struggling to make quota this year", "anyone dreading month end": a time said right after
    // a worry, with no word of creation, is when the worry bites, not when the record was made.
    if (field.field === 'created_at' && cue === null && head !== 'deal' && [...st.topicAt].some((k) => k < d.at.start && k >= d.at.start - 4)) {
      for (let k = d.at.start; k < d.at.end; k++) st.used[k] = false;
      continue;
    }
    // What has happened happened in the past: "won in January", asked in March, is this year's January, not next.
    if (PAST_ONLY.has(field.field) && d.from && Date.parse(d.from) > st.ctx.now.getTime()) d = { ...d, from: yearEarlier(d.from), to: d.to ? yearEarlier(d.to) : d.to };
    // "created before March", asked in December: the March gone by — before the coming one is every record. Only a
    // named month, season or holiday: "before the end of the year" or "before next week" say which one they mean.
    else if (PAST_ONLY.has(field.field) && !d.from && d.to && Date.parse(d.to) > st.ctx.now.getTime() && !/(?:19|20)\d{2}|'\d{2}|\b(?:this|next|coming|upcoming|last|end|today|tomorrow|week|weeks|days?|months?|years?)\b/i.test(d.text)) {
      d = { ...d, to: yearEarlier(d.to) };
    }
    // What is expected lies ahead: "closing in January", "by the end of Q1", asked in November, are next year's —
    // unless the words give the year or speak of the past ("were supposed to close in September").
    if (field.field === 'expected_close' && d.to && Date.parse(d.to) <= st.ctx.now.getTime() && !/(?:19|20)\d{2}|'\d{2}|\b(?:last|previous|past|prior|this)\b/i.test(d.text) && !pastTense(st, d.at.start)) {
      d = { ...d, from: d.from ? yearLater(d.from) : d.from, to: yearLater(d.to) };
    } else if (field.field === 'expected_close' && d.from && Date.parse(d.from) > st.ctx.now.getTime() && !/(?:19|20)\d{2}|'\d{2}|\b(?:next|coming|upcoming|following)\b/i.test(d.text) && pastTense(st, d.at.start)) {
      // "were supposed to close in February", asked in May: the February gone by.
      d = { ...d, from: yearEarlier(d.from), to: d.to ? yearEarlier(d.to) : d.to };
    } else if (field.field === 'expected_close' && !d.from && d.to && Date.parse(d.to) > st.ctx.now.getTime() && Date.parse(yearEarlier(d.to)) <= st.ctx.now.getTime() && !/(?:19|20)\d{2}|'\d{2}|\b(?:next|coming|upcoming|following|this|end|week|weeks|days?|months?|years?|quarters?)\b/i.test(d.text) && pastTense(st, d.at.start)) {
      // "were supposed to close before September", asked in November: before the September gone by.
      d = { ...d, to: yearEarlier(d.to) };
    }
    const isDate = field.field === 'expected_close';
    const fmt = (iso: string) => (isDate ? iso.slice(0, 10) : iso.replace(/\.\d{3}Z$/, 'Z'));
    if (!negated) {
      if (d.from) st.conditions.push({ entity: field.entity, field: field.field, op: 'gte', value: fmt(d.from), label: `${field.label} ≥ ${fmt(d.from)}` });
      if (d.to) st.conditions.push({ entity: field.entity, field: field.field, op: 'lt', value: fmt(d.to), label: `${field.label} < ${fmt(d.to)}` });
      continue;
    }
    // "not contacted in the last 30 days": outside the range, or never.
    const group = ++st.anyGroups;
    const alternatives: Condition[] = [];
    if (d.from) alternatives.push({ entity: field.entity, field: field.field, op: 'lt', value: fmt(d.from), label: `${field.label} < ${fmt(d.from)}`, anyGroup: group });
    if (d.to && Date.parse(d.to) < st.ctx.now.getTime()) alternatives.push({ entity: field.entity, field: field.field, op: 'gte', value: fmt(d.to), label: `${field.label} ≥ ${fmt(d.to)}`, anyGroup: group });
    alternatives.push({ entity: field.entity, field: field.field, op: 'empty', value: true, label: `no ${field.label} date`, anyGroup: group });
    st.conditions.push(...alternatives);
  }
  readNever(st);
  readOverdueDeals(st);
  if (idleAt >= 0 && !quietRead) {
    st.used[idleAt] = true;
    // "stalled deals" with no window of their own: nothing in the last 30 days, said so.
    // "stuck in negotiation" names a stage; "stalled deals" alone means nothing happened lately.
    const stageNamed = st.conditions.some((c) => c.field === 'stage' && c.label.startsWith('stage'));
    if (!activityWindow && head === 'contact') {
      // "quiet contacts": contacted once, not in the last 30 days.
      const at = toTimestamp(new Date(st.ctx.now.getTime() - IDLE_DAYS * 86_400_000));
      st.conditions.push({ entity: head, field: 'last_contacted_at', op: 'lt', value: at, label: `${fieldLabel(head, 'last_contacted_at')} < ${at} (gone quiet)` });
      st.conditions.push({ entity: head, field: 'last_contacted_at', op: 'empty', value: false, label: 'contacted at least once' });
      st.notes.push(`"${st.toks[idleAt]!.text}": not contacted in the last ${IDLE_DAYS} days`);
    } else if (!activityWindow && head !== 'activity' && !stageNamed) {
      const from = new Date(st.ctx.now.getTime() - IDLE_DAYS * 86_400_000).toISOString();
      addActivityWindow(st, { from, to: undefined, at: { start: idleAt, end: idleAt + 1 }, cue: null } as unknown as DateFound, true);
      st.notes.push(`"${st.toks[idleAt]!.text}": no activity in the last ${IDLE_DAYS} days`);
    }
  }
}

/** Activities on the record in the window (or, negated, none there); "stalled" deals also mean open ones. */
function addActivityWindow(st: ParseState, d: Pick<DateFound, 'from' | 'to'>, none: boolean, type?: string): void {
  const head = st.head;
  // An activity of a type with someone happened: planned ones after now do not count.
  const now = st.ctx.now.toISOString();
  const window = { from: d.from ?? null, to: type && (!d.to || d.to > now) ? now : (d.to ?? null), ...(type ? { type } : {}) };
  const span = [window.from ? `since ${window.from.slice(0, 10)}` : '', window.to && Date.parse(window.to) < st.ctx.now.getTime() ? `before ${window.to.slice(0, 10)}` : ''].filter(Boolean).join(' ');
  const what = type ? `${type === 'email' ? 'an e-mail' : `a ${type}`}` : 'activity';
  st.conditions.push({ entity: head, field: ACTIVITY_FIELD, op: none ? 'nin' : 'in', value: window, label: `${none ? `no ${type ? `${type}s` : 'activity'}` : what} ${span}`.trim() });
  if (head === 'deal' && none && !st.conditions.some((c) => c.field === 'stage')) {
    st.conditions.push({ entity: 'deal', field: 'stage', op: 'in', value: [...OPEN_STAGES], label: 'open (closed deals are not stalled)' });
  }
}

/**
 * "contacts we never talked to", "never been contacted" (read by passes/quantities.ts): no last contact at all;
 * on deals, which have none, no activity ever.
 */
function readNever(st: ParseState): void {
  const head = st.head;
  if (!st.neverContacted || head === 'activity' || st.dates.some((d) => d.cue?.kind === 'contact' || d.cue?.kind === 'activity')) return;
  // "never emailed", "never had a call with": no activity of that kind (other kinds may have happened).
  if (st.neverKind) addActivityWindow(st, { from: undefined, to: undefined }, true, st.neverKind);
  else if (head === 'contact' || head === 'company') {
    st.conditions.push({ entity: head, field: 'last_contacted_at', op: 'empty', value: true, label: `never contacted (no ${fieldLabel(head, 'last_contacted_at')} date)` });
  } else addActivityWindow(st, { from: undefined, to: undefined }, true);
}

const OVERDUE = new Set(['overdue', 'late', 'slipped', 'slipping', 'delayed', 'behind']);

/** "overdue deals", "deals past their close date": still open, expected to have closed before today. */
function readOverdueDeals(st: ParseState): void {
  const { n } = st;
  if (st.head !== 'deal' || st.conditions.some((c) => c.field === 'expected_close')) return;
  let at = st.toks.findIndex((t, k) => !st.used[k] && OVERDUE.has(t.norm) && !(t.norm === 'late' && n(k + 1) === 'stage'));
  let end = at + 1;
  if (at < 0) {
    // "past (their) close date", "past due"; "close dates in the past", "closing dates behind us"
    const closeWord = st.toks.some((t) => ['close', 'closing'].includes(t.norm));
    at = st.toks.findIndex(
      (t, k) =>
        (t.norm === 'past' || t.norm === 'behind') && !st.used[k] &&
        (n(k + 1) === 'due' || ['close', 'closing'].includes(n(k + 1)) || ['close', 'closing'].includes(n(k + 2)) || (closeWord && (n(k - 1) === 'the' || n(k + 1) === 'us'))),
    );
    // "whose close date has already passed", "close dates that have lapsed": the date is behind us.
    if (at < 0 && closeWord) {
      const gone = st.toks.findIndex((t, k) => !st.used[k] && ['passed', 'lapsed', 'expired', 'elapsed', 'gone', 'blown', 'missed', 'busted', 'overshot'].includes(t.norm) && (t.norm !== 'gone' || n(k + 1) === 'by'));
      if (gone >= 0) {
        let from = gone;
        while (from > 0 && ['already', 'has', 'have', 'had', 'is', 'are'].includes(n(from - 1)) && !st.used[from - 1]) from--;
        st.claim(from, n(gone + 1) === 'by' ? gone + 2 : gone + 1);
        at = gone;
      }
    }
    if (at < 0) return;
    end = at + 1;
    while (end < at + 4 && ['their', 'the', 'its', 'due', 'close', 'closing', 'date', 'expected'].includes(n(end))) end++;
  }
  st.claim(at, end);
  const today = st.ctx.now.toISOString().slice(0, 10);
  st.conditions.push({ entity: 'deal', field: 'expected_close', op: 'lt', value: today, label: `expected close < ${today} (overdue)` });
  if (!st.conditions.some((c) => c.field === 'stage')) st.conditions.push({ entity: 'deal', field: 'stage', op: 'in', value: [...OPEN_STAGES], label: 'open (overdue deals are not closed)' });
}
