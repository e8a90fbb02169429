/**
 * Builds bench/nlq/heldout-5.jsonl: a small held-out set (issue 22, third pass) over the categories that were
 * weakest on the lead's blind set — semantic.persona, semantic.persona+industry, filter.source+status,
 * filter.deal-close-date, filter.recency. Written before the parser was changed in that pass, from the data's
 * conventions only; scored once before and once after the change, never tuned on.
 *
 *   npx tsx bench/nlq/heldout-5/build.ts           # writes bench/nlq/heldout-5.jsonl
 *   npx tsx bench/nlq/heldout-5/build.ts --check   # exit 1 when the committed file differs from a rebuild
 *
 * Expected answers are plain SQL over the shared CSVs (loaded by bench/nlq/heldout/sql.ts, whose ambiguity
 * checks are reused). Conventions: "now" = 2026-11-01T12:00:00Z, today = 2026-11-01; "before/by <date>" on a
 * close date includes deals already past it (dev.jsonl does so); an expected close means open deals only;
 * "haven't talked to in N days" includes never-contacted; "gone quiet / went silent / last reached more than
 * N days ago" = contacted once but not since; "emailed/called/met with in the last N days" = an activity of
 * that type with the contact in the window (ending at now).
 *
 * Persona items are stricter than held-out 1: relevance is the contacts whose notes voice the one concern the
 * query paraphrases (a sentence pattern), not the whole interest family. Persona+industry items keep the
 * family, within the industry (too few contacts voice one sentence in one industry to rank ten).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPEN, contacts, deals, evaluate, industry, interested, requireAgreement, type Spec } from '../heldout/sql.js';
import { evaluateSet, isMainModule, writeOrCheck, type SetEntry } from '../heldout/set-file.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = process.env.CRM_SHARED_DATA ?? path.resolve(here, '../../../../shared/data/crm');
export const OUTPUT_FILE = path.resolve(here, '../heldout-5.jsonl');
const NOW = '2026-11-01T12:00:00Z';

interface Query {
  category: string;
  text: string;
  expected: Spec;
  /** Other fair readings (a boundary day in or out); each must agree with the reading of record (≥ 0.95). */
  alts?: Spec[];
}

const q = (category: string, text: string, expected: Spec, alts?: Spec[]): Query => ({ category, text, expected, ...(alts ? { alts } : {}) });

/** A concern: contacts whose notes hold the sentence pattern; ranked, k = 10. */
const concern = (...patterns: string[]): Spec => ({
  kind: 'ranked',
  entity: 'contact',
  k: 10,
  sql: `SELECT ct.id FROM contacts ct WHERE ${patterns.map((p) => `ct.notes LIKE '${p}'`).join(' OR ')}`,
});

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString().replace('.000Z', 'Z');
const monthsAgo = (months: number) => {
  const d = new Date(NOW);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().replace('.000Z', 'Z');
};
const day = (offset: number) => new Date(Date.parse('2026-11-01T00:00:00Z') + offset * DAY).toISOString().slice(0, 10);
/** An activity of a type with the contact in [from, now]. */
const activityWith = (type: string, from: string) =>
  `EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type = '${type}' AND a.occurred_at >= '${from}' AND a.occurred_at <= '${NOW}')`;
/** Not contacted since `cutoff`, never-contacted included. */
const notSince = (cutoff: string) => `(ct.last_contacted_at IS NULL OR ct.last_contacted_at < '${cutoff}')`;
/** Contacted once, but not since `cutoff`. */
const quietSince = (cutoff: string) => `(ct.last_contacted_at IS NOT NULL AND ct.last_contacted_at < '${cutoff}')`;
const src = (s: string) => `ct.lead_source = '${s}'`;
const status = (s: string) => `ct.lead_status = '${s}'`;
const closeIn = (from: string, toInclusive: string) => `${OPEN} AND d.expected_close >= '${from}' AND d.expected_close <= '${toInclusive}'`;

export const QUERIES: Query[] = [
  // ── semantic.persona: one concern, in other words than the notes use ─────────────────────────────────────
  q('semantic.persona', 'people bracing for a security certification review', concern('%SOC 2%')),
  q('semantic.persona', 'folks whose security team is overwhelmed by noisy warnings', concern('%alert fatigue%')),
  q('semantic.persona', 'who is unhappy with the analytics in their current sales system', concern('%current CRM has poor reporting%')),
  q('semantic.persona', 'contacts whose salespeople spend hours typing up conversations by hand', concern('%manual data entry after calls%')),
  q('semantic.persona', 'people paying for redundant software subscriptions', concern('%overlapping tools%')),
  q('semantic.persona', 'contacts struggling to recruit developers quickly', concern('%time-to-hire for engineers%')),
  q('semantic.persona', 'people who want to speed up closing the books each month', concern('%month-end close%')),
  q('semantic.persona', 'who is worried about late deliveries from their vendors', concern('%Supply chain delays%')),
  q('semantic.persona', 'contacts trying to lower the cost of serving their models on graphics cards', concern('%GPU costs%')),
  q('semantic.persona', 'people asking for single sign-on and automated user provisioning', concern('%SSO, SCIM%')),
  q('semantic.persona', 'contacts who got burned by an email scam', concern('%phishing%')),
  q('semantic.persona', 'people who want to roll out features gradually behind toggles', concern('%feature flags%')),
  q('semantic.persona', 'contacts expecting their sales headcount to grow a lot', concern('%double the sales team%')),
  q('semantic.persona', 'people keen on upskilling and training their staff', concern('%learning and development%')),
  q('semantic.persona', 'contacts who want to know which channels actually drive marketing revenue', concern('%campaign attribution%')),

  // ── semantic.persona+industry: the interest family within an industry ────────────────────────────────────
  q('semantic.persona+industry', 'biotech folks anxious about passing regulatory audits', interested('security', industry('Biotechnology'))),
  q('semantic.persona+industry', 'fintech contacts trying to trim their software bill', interested('finance', industry('Financial Technology'))),
  q('semantic.persona+industry', 'property people who want to stop doing things by hand', interested('operations', industry('Real Estate'))),
  q('semantic.persona+industry', 'insurance contacts exploring predictive models', interested('ai', industry('Insurance'))),
  q('semantic.persona+industry', 'media contacts who want their reps to sell more', interested('sales', industry('Media & Entertainment'))),
  q('semantic.persona+industry', 'online retail contacts trying to generate more demand', interested('marketing', industry('E-commerce'))),
  q('semantic.persona+industry', 'education contacts who test product changes on their users', interested('product', industry('Education'))),
  q('semantic.persona+industry', 'logistics contacts struggling to keep and grow their workforce', interested('people', industry('Logistics'))),
  q('semantic.persona+industry', 'energy people concerned about protecting their data', interested('security', industry('Energy'))),
  q('semantic.persona+industry', 'telecom contacts trying to get spending under control', interested('finance', industry('Telecommunications'))),
  q('semantic.persona+industry', 'saas contacts whose sellers keep missing their numbers', interested('sales', industry('Software (SaaS)'))),
  q('semantic.persona+industry', 'automotive contacts keen on neural networks', interested('ai', industry('Automotive'))),
  q('semantic.persona+industry', 'hotel industry contacts who have trouble filling roles', interested('people', industry('Hospitality'))),

  // ── filter.source+status: sources and statuses in everyday words ─────────────────────────────────────────
  q('filter.source+status', 'paying clients who were recommended to us by someone', contacts(`${src('referral')} AND ${status('customer')}`)),
  q('filter.source+status', 'brand-new leads who filled in a form on our website', contacts(`${src('website')} AND ${status('new')}`)),
  q('filter.source+status', 'prospects we cold-called that turned out to be a bad fit', contacts(`${src('cold outreach')} AND ${status('unqualified')}`)),
  q('filter.source+status', 'sales-ready leads from online seminars', contacts(`${src('webinar')} AND ${status('qualified')}`)),
  q('filter.source+status', 'trade show contacts we have already reached out to', contacts(`${src('conference')} AND ${status('contacted')}`)),
  q('filter.source+status', 'reseller-sourced contacts that converted', contacts(`${src('partner')} AND ${status('customer')}`)),
  q('filter.source+status', 'people who came in through social networking and were disqualified', contacts(`${src('linkedin')} AND ${status('unqualified')}`)),
  q('filter.source+status', 'untouched leads from introductions by existing contacts', contacts(`${src('referral')} AND ${status('new')}`)),
  q('filter.source+status', 'qualified prospects we met in person at industry events', contacts(`${src('conference')} AND ${status('qualified')}`)),
  q('filter.source+status', 'customers who first reached us via the web', contacts(`${src('website')} AND ${status('customer')}`)),
  q('filter.source+status', 'contacts from our channel partners that we have been in touch with', contacts(`${src('partner')} AND ${status('contacted')}`)),
  q('filter.source+status', 'linkedin prospects nobody has worked yet', contacts(`${src('linkedin')} AND ${status('new')}`)),
  q('filter.source+status', 'poor-fit leads from webinar signups', contacts(`${src('webinar')} AND ${status('unqualified')}`)),

  // ── filter.deal-close-date: every way of saying a period (open deals) ────────────────────────────────────
  q('filter.deal-close-date', 'deals projected to close before the end of the year', deals(`${OPEN} AND d.expected_close < '2027-01-01'`)),
  q('filter.deal-close-date', 'open opportunities landing in the next 45 days', deals(closeIn(day(0), day(45))), [deals(closeIn(day(1), day(45))), deals(closeIn(day(0), day(44)))]),
  q('filter.deal-close-date', "what's scheduled to close in December", deals(closeIn('2026-12-01', '2026-12-31'))),
  q('filter.deal-close-date', 'deals that have slipped past their target close date', deals(`${OPEN} AND d.expected_close < '2026-11-01'`), [deals(`${OPEN} AND d.expected_close <= '2026-11-01'`)]),
  q('filter.deal-close-date', 'negotiation deals due to close within two weeks', deals(`d.stage = 'negotiation' AND d.expected_close >= '${day(0)}' AND d.expected_close <= '${day(14)}'`), [deals(`d.stage = 'negotiation' AND d.expected_close >= '${day(1)}' AND d.expected_close <= '${day(14)}'`)]),
  q('filter.deal-close-date', 'open deals with a close date in the first quarter of next year', deals(closeIn('2027-01-01', '2027-03-31'))),
  q('filter.deal-close-date', 'pipeline closing after the new year', deals(`${OPEN} AND d.expected_close >= '2027-01-01'`)),
  q('filter.deal-close-date', 'deals over 100k expected to close this quarter', deals(`${closeIn('2026-10-01', '2026-12-31')} AND d.amount > 100000`)),
  q('filter.deal-close-date', 'deals still open though their close date is behind us', deals(`${OPEN} AND d.expected_close < '2026-11-01'`), [deals(`${OPEN} AND d.expected_close <= '2026-11-01'`)]),
  q('filter.deal-close-date', 'deals that should wrap up between mid-November and the end of January', deals(closeIn('2026-11-15', '2027-01-31')), [deals(closeIn('2026-11-16', '2027-01-31'))]),
  q('filter.deal-close-date', 'deals closing in the coming three weeks', deals(closeIn(day(0), day(21))), [deals(closeIn(day(1), day(21))), deals(closeIn(day(0), day(20)))]),
  q('filter.deal-close-date', 'proposals expected to close next month', deals(`d.stage = 'proposal' AND d.expected_close >= '2026-12-01' AND d.expected_close <= '2026-12-31'`)),
  q('filter.deal-close-date', 'open deals due no later than 31 January 2027', deals(`${OPEN} AND d.expected_close <= '2027-01-31'`)),

  // ── filter.recency: contact recency and activities with a contact ────────────────────────────────────────
  q('filter.recency', "who haven't we reached out to in two months", contacts(notSince(monthsAgo(2))), [contacts(notSince(ago(61))), contacts(notSince(ago(60)))]),
  q('filter.recency', 'contacts that went silent more than 90 days ago', contacts(quietSince(ago(90))), [contacts(quietSince(ago(91)))]),
  q('filter.recency', 'people we emailed in the past fortnight', contacts(activityWith('email', ago(14))), [contacts(activityWith('email', ago(15)))]),
  q('filter.recency', 'contacts we had a meeting with during the last 3 weeks', contacts(activityWith('meeting', ago(21))), [contacts(activityWith('meeting', ago(22)))]),
  q('filter.recency', 'who did we phone in the last 10 days', contacts(activityWith('call', ago(10))), [contacts(activityWith('call', ago(11)))]),
  q('filter.recency', 'contacts nobody has touched since the start of summer', contacts(notSince('2026-06-01T00:00:00Z')), [contacts(notSince('2026-06-21T00:00:00Z'))]),
  q('filter.recency', 'contacts last reached over half a year ago', contacts(quietSince(monthsAgo(6))), [contacts(quietSince(ago(183))), contacts(quietSince(ago(180)))]),
  q('filter.recency', 'contacts with no contact at all in the past 120 days', contacts(notSince(ago(120))), [contacts(notSince(ago(121)))]),
  q('filter.recency', "contacts we've talked to since mid-September", contacts(`ct.last_contacted_at >= '2026-09-15T00:00:00Z'`), [contacts(`ct.last_contacted_at >= '2026-09-16T00:00:00Z'`)]),
  q('filter.recency', "customers we haven't spoken with for 45 days or more", contacts(`${status('customer')} AND ${notSince(ago(45))}`), [contacts(`${status('customer')} AND ${notSince(ago(44))}`)]),
  q('filter.recency', 'contacts that have gone cold: reached before but nothing in the last 60 days', contacts(quietSince(ago(60))), [contacts(quietSince(ago(61)))]),
  q('filter.recency', 'contacts we had calls with last month', contacts(`EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type = 'call' AND a.occurred_at >= '2026-10-01T00:00:00Z' AND a.occurred_at < '2026-11-01T00:00:00Z')`)),
  q('filter.recency', 'leads we have been in touch with over the past 5 days', contacts(`ct.last_contacted_at >= '${ago(5)}'`), [contacts(`ct.last_contacted_at >= '${ago(6)}'`)]),
];

export function build(): SetEntry[] {
  return evaluateSet(DATA_DIR, 'h5', QUERIES, (db, query) => {
    const expected = evaluate(db, query.expected);
    requireAgreement(db, expected, query.alts ?? []);
    return expected;
  });
}

if (isMainModule(import.meta.url)) writeOrCheck(OUTPUT_FILE, build());
