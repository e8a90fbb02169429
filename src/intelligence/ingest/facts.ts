/**
 * Facts in an item's text: money amounts as numbers, dates and times as ISO 8601, action items with due dates
 * (relative to the item's own date: "by Friday" in a mail of Monday is that week's Friday), signals the learning
 * layer reads, e-mail addresses and phone numbers. Rules over the text, no model: deterministic and explainable.
 */
import * as chrono from 'chrono-node';
import { findPhoneNumbersInText } from 'libphonenumber-js';
import { EMAIL_PATTERN } from './people.js';
import { emptyFacts, type IngestFacts } from './types.js';

const MULTIPLIERS: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };
const CURRENCY = String.raw`(?:US\$|\$|€|£|¥|USD|EUR|GBP|CHF|CAD|AUD|JPY)`;
const NUMBER = String.raw`(\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
const SCALE = String.raw`(?:\s?(k|m|mm|bn|b|thousand|million|billion)\b)?`;
const AMOUNT_BEFORE = new RegExp(String.raw`${CURRENCY}\s?${NUMBER}${SCALE}`, 'gi');
const AMOUNT_AFTER = new RegExp(String.raw`\b${NUMBER}${SCALE}\s?(?:USD|EUR|GBP|CHF|dollars|euros|pounds)\b`, 'gi');

function amountOf(num: string, scale: string | undefined): number {
  const value = Number(num.replace(/[,\s]/g, ''));
  return Math.round(value * (scale ? (MULTIPLIERS[scale.toLowerCase()] ?? 1) : 1) * 100) / 100;
}

export function extractAmounts(text: string): number[] {
  const found: { at: number; value: number }[] = [];
  const taken = new Set<number>();
  for (const re of [AMOUNT_BEFORE, AMOUNT_AFTER]) {
    for (const m of text.matchAll(re)) {
      if ([...taken].some((t) => Math.abs(t - m.index) < m[0].length)) continue;
      taken.add(m.index);
      found.push({ at: m.index, value: amountOf(m[1]!, m[2]) });
    }
  }
  return unique(found.sort((a, b) => a.at - b.at).map((f) => f.value).filter((v) => v > 0));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A chrono date: full ISO 8601 when the text gave a time, else the calendar date (YYYY-MM-DD). */
function isoOf(c: chrono.ParsedComponents): string {
  if (c.isCertain('hour')) return c.date().toISOString();
  return `${c.get('year')}-${pad(c.get('month')!)}-${pad(c.get('day')!)}`;
}

export function extractDates(text: string, ref: Date): string[] {
  return unique(chrono.parse(text, ref, { forwardDate: true }).filter((r) => r.start.isCertain('day') || r.start.isCertain('weekday')).map((r) => isoOf(r.start)));
}

const ACTION_VERBS = String.raw`send|share|schedule|set up|book|prepare|review|call|email|follow up|get back|deliver|provide|draft|confirm|sign|update|circulate|introduce|finalize|finalise|submit|arrange`;
const ACTION_SENTENCE = new RegExp(String.raw`(?:^|\b(?:please|will|i'll|we'll|can you|could you|need to|needs to|to do:|todo:|action item:|action:|next step:)\s+)(${ACTION_VERBS})\b`, 'i');
const EXPLICIT_TASK = /^\s*(?:[-*]\s*\[ \]|todo:|action item:|action:|next steps?:)\s*/i;

/** Action items: a sentence asking for something to be done ("send the pricing by Friday"), with its due date. */
export function extractTasks(text: string, ref: Date): { title: string; due: string | null }[] {
  const out: { title: string; due: string | null }[] = [];
  for (const sentence of sentences(text)) {
    const explicit = EXPLICIT_TASK.test(sentence);
    if (!explicit && !ACTION_SENTENCE.test(sentence)) continue;
    const when = chrono.parse(sentence, ref, { forwardDate: true })[0];
    // A request without a deadline is a task only when written as one (TODO:, Action item:, a checkbox).
    if (!when && !explicit) continue;
    const title = sentence.replace(EXPLICIT_TASK, '').replace(/\s+/g, ' ').trim().slice(0, 200);
    if (title.length < 6) continue;
    out.push({ title, due: when ? isoOf(when.start) : null });
  }
  return out;
}

const SIGNALS: [string, RegExp][] = [
  ['price_objection', /\b(too (?:expensive|pricey|costly|high)|over (?:our|the) budget|out of (?:our|the) budget|price is (?:too )?high|pricing is (?:too )?high|cheaper|lower (?:the )?price|can't afford|cannot afford|costs? (?:too much|is a concern)|price (?:concern|objection)|discount)\b/i],
  ['missing_decision_maker', /\b(not the decision[- ]maker|(?:run|check) (?:it|this) (?:by|with) (?:my|our) (?:boss|manager|cfo|ceo|vp|director|board)|need(?:s)? (?:sign[- ]off|approval) from|decision[- ]maker (?:is|isn't|wasn't|was not|is not)|(?:cfo|ceo|ciso|cto|coo|vp|board|legal|procurement|boss|manager) (?:needs|has|have|must) to (?:approve|sign off|sign-off|review)|needs? (?:their|his|her|the) (?:sign[- ]off|approval)|loop in (?:our|my|the) (?:cfo|ceo|vp|director))\b/i],
  ['competition', /\b(competitors?|competing (?:offer|vendor|proposal|bid)|also (?:evaluating|talking to|looking at)|(?:alternative|other) vendors?|compar(?:ing|ed) (?:you|your offer|offers|vendors)|switch(?:ing)? to (?:another|a different))\b/i],
  ['positive_momentum', /\b(ready to (?:sign|move forward|proceed|buy|go)|move forward|moving forward|green light|verbal (?:yes|commit)|approved the (?:budget|purchase|deal)|let'?s proceed|go ahead|signed the|looking forward to (?:working|partnering))\b/i],
  ['negative_sentiment', /\b(disappointed|frustrat(?:ed|ing)|unhappy|not (?:happy|satisfied|interested)|angry|terrible|unacceptable|cancel(?:ling|led)? (?:our|the) (?:contract|subscription|order)|complain(?:t|ed|ing))\b/i],
  ['positive_sentiment', /\b(delighted|thrilled|excited|love (?:it|the|your)|great (?:call|meeting|demo|news)|very happy|impressed)\b/i],
];

export function extractSignals(text: string): string[] {
  return SIGNALS.filter(([, re]) => re.test(text)).map(([name]) => name);
}

export function extractEmails(text: string): string[] {
  return unique((text.match(EMAIL_PATTERN) ?? []).map((e) => e.toLowerCase()));
}

/** Phone numbers in E.164 (numbers without a country code are read as US ones). */
export function extractPhones(text: string): string[] {
  // libphonenumber scans every digit run slowly (1.5 s on a 50-page contract): hand it only phone-shaped runs.
  const candidates = text.match(/(?:\+|\()?\d[\d\s().-]{5,20}\d/g) ?? [];
  return unique(candidates.flatMap((c) => findPhoneNumbersInText(c, 'US').map((p) => p.number.number as string)));
}

/** Every fact of a text, dates relative to `ref` (the item's own date). */
export function extractFacts(text: string, ref: Date): IngestFacts {
  const facts = emptyFacts();
  // Facts come from the prose, not from a megabyte table: the first 200 000 characters are enough and bounded.
  const bounded = text.slice(0, 200_000);
  facts.amounts = extractAmounts(bounded);
  // Dates of a long document come from its opening pages: chrono over all of a contract costs more than it tells.
  facts.dates = extractDates(bounded.slice(0, 40_000), ref);
  facts.tasks = extractTasks(bounded, ref);
  facts.signals = extractSignals(bounded);
  facts.emails = extractEmails(bounded);
  facts.phones = extractPhones(bounded);
  return facts;
}

/** Facts of several items (a mailbox, an invitation with its text) as one. */
export function mergeFacts(into: IngestFacts, more: IngestFacts): IngestFacts {
  return {
    amounts: unique([...into.amounts, ...more.amounts]),
    dates: unique([...into.dates, ...more.dates]),
    meetingStart: into.meetingStart ?? more.meetingStart,
    tasks: [...into.tasks, ...more.tasks.filter((t) => !into.tasks.some((u) => u.title === t.title))],
    signals: unique([...into.signals, ...more.signals]),
    emails: unique([...into.emails, ...more.emails]),
    phones: unique([...into.phones, ...more.phones]),
  };
}

function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length < 400);
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
