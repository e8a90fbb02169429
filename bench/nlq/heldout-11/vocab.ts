/**
 * The conventions of held-out set 11: what an informal word is taken to mean, as SQL over the shared CSVs.
 * Written from the data (its README, the 42 titles, the 16 industries, the columns), not from the parser.
 * The generic machinery (loading the CSVs, the interest view, answer specs, the ambiguity checks) is imported
 * from the first held-out set's `sql.ts`; what is decided here is this set's own.
 *
 * Tables are aliased as in `sql.ts`: ct = contacts, co = companies (of the contact or deal), d = deals.
 */
import { between, inList, type Spec } from '../heldout/sql.js';

// ---------------------------------------------------------------------------------------------------------
// Time. "Now" is 2026-11-01T12:00:00Z (a Sunday). Relative words are calendar units relative to it:
//   last month = October 2026, next month = December 2026, this quarter = Q4 2026 (Oct–Dec),
//   last quarter = Q3 2026 (Jul–Sep), next quarter = Q1 2027; a month or quarter named without a year is the
//   latest one that has begun ("in August" = August 2026, "Q2" = Q2 2026) for things that happened, the next
//   one for things expected ("closing in January" = January 2027).
//   "In the last/past N days" is the instant N×24 h before now (the build checks that whole-day readings agree).
// Windows on closed_at never reach November 2026: the data holds 131 deals closed after "now" (a quirk of the
// generator), so "won this month" or "since January" would depend on whether a reader stops at now.
// ---------------------------------------------------------------------------------------------------------

/** [from, to) of a calendar period, as ISO dates; compare with timestamps (closed_at …) or dates (expected_close). */
export type Period = readonly [from: string, toExclusive: string];

export const OCT_2026: Period = ['2026-10-01', '2026-11-01']; // "last month"
export const DEC_2026: Period = ['2026-12-01', '2027-01-01']; // "next month"
export const Q1_2026: Period = ['2026-01-01', '2026-04-01'];
export const Q2_2026: Period = ['2026-04-01', '2026-07-01'];
export const Q3_2026: Period = ['2026-07-01', '2026-10-01']; // "last quarter"
export const Q4_2026: Period = ['2026-10-01', '2027-01-01']; // "this quarter"
export const Q1_2027: Period = ['2027-01-01', '2027-04-01']; // "next quarter"
export const H1_2026: Period = ['2026-01-01', '2026-07-01'];
export const YEAR_2025: Period = ['2025-01-01', '2026-01-01'];
export const month = (yyyyMm: string): Period => {
  const [y, m] = yyyyMm.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [`${yyyyMm}-01`, `${next}-01`];
};
export const within = (column: string, [from, to]: Period) => between(column, from, to);

/** Closed as won / lost within a period (closed_at). */
export const wonIn = (p: Period) => `d.stage = 'closed_won' AND ${within('d.closed_at', p)}`;
export const lostIn = (p: Period) => `d.stage = 'closed_lost' AND ${within('d.closed_at', p)}`;

/**
 * "Closing", "due to close", "expected to close", "slated to close", "landing" in a period: an OPEN deal whose
 * expected_close falls in it. Issue 22: "closing this month over 50k kept lost deals" is a failure, so a deal
 * that is already won or lost is not one that is closing.
 */
export const closingIn = (p: Period) => `d.stage NOT IN ('closed_won', 'closed_lost') AND ${within('d.expected_close', p)}`;

/**
 * "Haven't talked to / spoken to / reached out to in N days", "nobody has contacted since X": last contacted
 * before the cutoff, or never contacted at all (a contact never spoken to is one we have not spoken to).
 * "Last spoke with more than N ago", "last contacted before X" presuppose a contact and keep the date only.
 */
export const notContactedSince = (cutoff: string) => `(ct.last_contacted_at < '${cutoff}' OR ct.last_contacted_at IS NULL)`;

// ---------------------------------------------------------------------------------------------------------
// Seniority, read from the title (every title is one of 42 fixed strings; there is no CEO in the data).
// ---------------------------------------------------------------------------------------------------------

/** "c-suite", "CxOs", "chief officers": the "Chief … Officer" titles. */
export const C_SUITE = `ct.title LIKE 'Chief %'`;
/** "vice presidents", "VP-level": the "VP of …" titles. */
export const VPS = `ct.title LIKE 'VP of %'`;
/** "senior leadership", "VPs and above": Chief or VP titles (not directors, not "Head of"). */
export const SENIOR_LEADERSHIP = `(${C_SUITE} OR ${VPS})`;
/** "director level", "directors": titles with the word Director ("Sales Director", "Director of IT" …). */
export const DIRECTORS = `ct.title LIKE '%Director%'`;
/** "middle managers", "managers": titles ending in "Manager" (Sales, IT, Finance, Marketing, Operations, Product). */
export const MANAGERS = `ct.title LIKE '% Manager'`;

// ---------------------------------------------------------------------------------------------------------
// Functions (role families), each the full list of the data's titles in that function.
// ---------------------------------------------------------------------------------------------------------

const titles = (...names: string[]) => inList('ct.title', names);

export const ROLE = {
  /** HR, people, hiring, recruiting, culture. */
  hr: titles('Chief People Officer', 'VP of People', 'HR Director', 'HR Business Partner', 'Talent Acquisition Lead'),
  /** Finance: "looks after the money/the books", "finance people". */
  finance: titles('Chief Financial Officer', 'VP of Finance', 'Financial Controller', 'Finance Manager', 'FP&A Analyst'),
  /** Selling: "salespeople", "whose job is selling". */
  sales: titles('Chief Revenue Officer', 'VP of Sales', 'Sales Director', 'Sales Manager', 'Account Executive'),
  /** Marketing, growth and content. */
  marketing: titles('Chief Marketing Officer', 'VP of Marketing', 'Marketing Manager', 'Head of Growth', 'Content Strategist'),
  /** Security: "responsible for cybersecurity", "keep the hackers out" (IT and compliance are their own). */
  security: titles('Chief Information Security Officer', 'VP of Security', 'Security Engineer'),
  /** "Run IT", "the IT department". */
  it: titles('Director of IT', 'IT Manager'),
  /** "Work on machine learning / data science". */
  ml: titles('ML Engineer', 'Data Scientist', 'Head of Data Science', 'Director of Machine Learning'),
  /** "Run operations" (the analysts who map processes are not the ones running them). */
  operations: titles('Chief Operating Officer', 'VP of Operations', 'Operations Director', 'Operations Manager'),
  /** "Own the product / the roadmap". */
  product: titles('Chief Product Officer', 'VP of Product', 'Head of Product', 'Product Manager'),
  /** "Handle compliance". */
  compliance: titles('Head of Compliance'),
  /** "Do user research". */
  research: titles('UX Researcher'),
};

// ---------------------------------------------------------------------------------------------------------
// Words for records and money.
//   people, folks, ppl, contacts, who, anyone = contacts; accounts, firms, companies, outfits = companies;
//   deals, opps, opportunities = deals.
//   turnover, annual sales, top line, making / bringing in / earning … a year = companies.annual_revenue;
//   deal size, ticket size, contract value, worth = deals.amount.
//   open, live, still open, in play, pipeline = stage not closed_won / closed_lost (data README).
//   wins / won / closed successfully = closed_won; losses / lost = closed_lost.
//   "k" = thousand, "m"/"M"/"mn" = million, "bn" = billion; currency is USD throughout (the data has no other).
// A contact or deal is "in" a country, city or industry when its company is.
// ---------------------------------------------------------------------------------------------------------

/**
 * A name, e-mail or domain typed alone: the one record carrying it. The SQL matches the typed string as a
 * case-insensitive substring, so that the build refuses a name that is part of another record's name too
 * ("Nova Goods" when "Nova Goods Inc" exists) — a reader could not tell which one was meant.
 */
const like = (column: string, typed: string) => `lower(${column}) LIKE '%${typed.toLowerCase().replace(/'/g, "''")}%'`;
export const contactNamed = (typed: string): Spec => ({
  kind: 'set',
  entity: 'contact',
  exactlyOne: true,
  sql: `SELECT ct.id FROM contacts ct WHERE ${like(`ct.first_name || ' ' || ct.last_name`, typed)} UNION ALL SELECT co.id FROM companies co WHERE ${like('co.name', typed)}`,
});
export const contactWithEmail = (typed: string): Spec => ({ kind: 'set', entity: 'contact', exactlyOne: true, sql: `SELECT ct.id FROM contacts ct WHERE ${like('ct.email', typed)}` });
export const companyNamed = (typed: string): Spec => ({
  kind: 'set',
  entity: 'company',
  exactlyOne: true,
  sql: `SELECT co.id FROM companies co WHERE ${like('co.name', typed)} UNION ALL SELECT ct.id FROM contacts ct WHERE ${like(`ct.first_name || ' ' || ct.last_name`, typed)}`,
});
export const companyWithDomain = (typed: string): Spec => ({
  kind: 'set',
  entity: 'company',
  exactlyOne: true,
  sql: `SELECT co.id FROM companies co WHERE ${like('co.domain', typed)}`,
});
