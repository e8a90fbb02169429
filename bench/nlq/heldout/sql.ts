/**
 * The plain-SQL side of the held-out NLQ set: the shared CSVs in an in-memory SQLite database, and the small
 * vocabulary of SQL fragments and answer builders that bench/nlq/heldout/queries.ts writes its expected answers
 * with. Nothing here knows the parser; every phrase's meaning is spelt out as SQL next to its query.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { scoreQuery, type Expected, type QueryResponse } from '../../nlq-score.js';

/** The CRM's "now" for the shared data set (its README: "as of 2026-11-01"; bench:nlq's clock). */
export const NOW = '2026-11-01T12:00:00Z';

type Db = Database.Database;

/** Column types that are not text; every empty CSV cell becomes NULL. */
const NUMERIC_COLUMNS: Record<string, string[]> = {
  companies: ['employees', 'annual_revenue'],
  deals: ['amount'],
};

/** The five shared CSVs as SQLite tables of the same names and columns. */
export function loadSharedData(dataDir: string): Db {
  const db = new Database(':memory:');
  for (const table of ['companies', 'contacts', 'deals', 'activities', 'stage_history']) {
    const file = path.join(dataDir, `${table}.csv`);
    const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    if (rows.length === 0) throw new Error(`${file} holds no rows`);
    const columns = Object.keys(rows[0]!);
    const numeric = new Set(NUMERIC_COLUMNS[table] ?? []);
    db.exec(`CREATE TABLE ${table} (${columns.map((c) => `${c} ${numeric.has(c) ? 'REAL' : 'TEXT'}`).join(', ')})`);
    const insert = db.prepare(`INSERT INTO ${table} VALUES (${columns.map(() => '?').join(', ')})`);
    db.transaction(() => {
      for (const row of rows) insert.run(columns.map((c) => (row[c] === '' || row[c] === undefined ? null : numeric.has(c) ? Number(row[c]) : row[c])));
    })();
  }
  db.exec(INTERESTS_VIEW);
  // "No activity in N days" looks activities up per deal and per company.
  db.exec('CREATE INDEX activities_deal ON activities (deal_id, occurred_at); CREATE INDEX activities_company ON activities (company_id, occurred_at)');
  return db;
}

/**
 * What a contact cares about, read from the sentences of `contacts.notes`. The notes are written in eight
 * families of sentences; a contact's interest is the family its note sentences come from (every contact's
 * notes come from exactly one family: checked in `checkInterests`). Semantic ("people worried about GDPR")
 * and "contacts like X" items take their relevance from this view.
 */
export const INTEREST_SENTENCES: Record<string, string[]> = {
  // AI / machine learning
  ai: ['%AI platform%', '%feature store%', '%natural language processing%', '%GPU costs%', '%Exploring machine learning%', '%model governance%', '%deep learning%', '%use AI to automate%'],
  // security, privacy and compliance audits
  security: ['%alert fatigue%', '%SOC 2%', '%GDPR%', '%Compliance team must sign off%', '%encryption at rest%', '%SSO, SCIM%', '%phishing%', '%tighter access control%'],
  // costs, budgets, ROI, finance processes
  finance: ['%overlapping tools%', '%CFO office%', '%month-end close%', '%Budget cycle%', '%total cost of ownership%', '%Sensitive to price%', '%cutting costs across%', '%invoices in EUR%'],
  // sales productivity, pipeline and forecasting
  sales: ['%current CRM has poor reporting%', '%manual data entry after calls%', '%lead routing%', '%pipeline visibility%', '%double the sales team%', '%conversation intelligence%', '%hit quota%', '%shorten the sales cycle%'],
  // campaigns, attribution, marketing stack
  marketing: ['%events and webinars%', '%personalise outreach%', '%account-based marketing%', '%lifecycle email%', '%paid campaigns%', '%Brand refresh%', '%SEO and content%', '%campaign attribution%'],
  // operations: workflow automation, handoffs, spreadsheets, supply chain
  operations: ['%manual handoffs%', '%automate repetitive workflows%', '%real-time dashboards%', '%on spreadsheets%', '%process mining%', '%Supply chain delays%', '%integrations with their ERP%', '%three new regions%'],
  // product: experiments, funnels, product analytics, roadmap
  product: ['%ships weekly%', '%behaviour tracking%', '%churn through better onboarding%', '%roadmap planning%', '%A/B experiments%', '%accessibility and design%', '%embed analytics%', '%product analytics to understand%'],
  // people: hiring, onboarding, retention, HR systems
  people: ['%time-to-hire%', '%burnout%', '%engagement surveys%', '%Hiring fast%', '%learning and development%', '%HRIS%', '%workforce planning%', '%onboarding and retention%'],
};

const INTERESTS_VIEW = `CREATE VIEW contact_interest AS ${Object.entries(INTEREST_SENTENCES)
  .map(([interest, patterns]) => `SELECT id AS contact_id, '${interest}' AS interest FROM contacts WHERE ${patterns.map((p) => `notes LIKE '${p.replace(/'/g, "''")}'`).join(' OR ')}`)
  .join(' UNION ')}`;

/** Every contact has exactly one interest family, or the relevance sets below would mean something else. */
export function checkInterests(db: Db): void {
  const bad = db
    .prepare(`SELECT ct.id, count(ci.interest) AS n FROM contacts ct LEFT JOIN contact_interest ci ON ci.contact_id = ct.id GROUP BY ct.id HAVING n <> 1`)
    .all() as { id: string; n: number }[];
  if (bad.length > 0) throw new Error(`contacts whose notes are not in exactly one interest family: ${bad.slice(0, 5).map((b) => `${b.id} (${b.n})`).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Time. Relative phrases are relative to NOW, in calendar terms: "last month" is October 2026, "this month"
// November 2026, "next month" December 2026, "last quarter" Q3 2026 (July–September), "this quarter" Q4 2026.
// "In the last N days" is an instant N×24 h before NOW. A window written {ago:N} / {monthsAgo:N} is checked
// to give the same answer whether the cutoff is that instant, the start of its day or the start of the next
// day, so that a parser that counts in whole days is not marked wrong for it (see `variants`).
// ---------------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

function cutoffMs(token: string): number {
  const now = Date.parse(NOW);
  const days = /^ago:(\d+)$/.exec(token);
  if (days) return now - Number(days[1]) * DAY_MS;
  const months = /^monthsAgo:(\d+)$/.exec(token);
  if (months) {
    const d = new Date(now);
    d.setUTCMonth(d.getUTCMonth() - Number(months[1]));
    return d.getTime();
  }
  throw new Error(`unknown time token {${token}}`);
}

/**
 * The SQL of a spec in its three readings: strict comparisons and exact instants (the reading of record),
 * inclusive comparisons with cutoffs at the start of their day, inclusive with cutoffs at the start of the next
 * day. `{>}`/`{<}` mark a threshold whose inclusiveness the words leave open ("over 50k", "at least 200");
 * `'{ago:N}'` / `'{monthsAgo:N}'` a relative cutoff. The build refuses an item whose readings would score
 * differently (see `evaluate`).
 */
export function variants(sql: string): string[] {
  const expand = (strict: boolean, shiftDays: number) =>
    sql
      .replace(/\{>\}/g, strict ? '>' : '>=')
      .replace(/\{<\}/g, strict ? '<' : '<=')
      .replace(/\{((?:ago|monthsAgo):\d+)\}/g, (_m, token: string) => {
        const ms = cutoffMs(token);
        return iso(shiftDays === 0 ? ms : startOfDay(ms) + (shiftDays - 1) * DAY_MS);
      });
  return [expand(true, 0), expand(false, 1), expand(false, 2)];
}

// ---------------------------------------------------------------------------------------------------------
// SQL fragments. Tables are aliased ct (contacts), co (companies), d (deals).
// ---------------------------------------------------------------------------------------------------------

/** Open deals are those not in a closed stage (data README). */
export const OPEN = `d.stage NOT IN ('closed_won', 'closed_lost')`;
export const WON = `d.stage = 'closed_won'`;
export const LOST = `d.stage = 'closed_lost'`;

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const inList = (column: string, values: string[]) => `${column} IN (${values.map(quote).join(', ')})`;
export const industry = (...names: string[]) => inList('co.industry', names);
export const country = (...names: string[]) => inList('co.country', names);
export const city = (...names: string[]) => inList('co.city', names);
export const titles = (...names: string[]) => inList('ct.title', names);
export const product = (...names: string[]) => inList('d.product', names);
export const stage = (...names: string[]) => inList('d.stage', names);
/** A half-open calendar range [from, to) on an ISO timestamp or date column. */
export const between = (column: string, from: string, toExclusive: string) => `${column} >= ${quote(from)} AND ${column} < ${quote(toExclusive)}`;
/** The deal's company has no activity (of any type) about this deal in the window ending at NOW. */
export const noDealActivitySince = (token: string) =>
  `NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.occurred_at >= '{${token}}' AND a.occurred_at <= '${NOW}')`;

// Seniority, read from the title column (every title in the data is one of 42 fixed strings).
/** C-level: "Chief … Officer" titles (there is no CEO in the data). */
export const C_LEVEL = `ct.title LIKE 'Chief %'`;
/** VP level: "VP of …". */
export const VP_LEVEL = `ct.title LIKE 'VP %'`;
/** Director level: titles with the word Director ("Sales Director", "Director of IT" …). */
export const DIRECTOR_LEVEL = `ct.title LIKE '%Director%'`;
/** Manager level: titles ending in "Manager" ("Sales Manager", "IT Manager", "Product Manager" …). */
export const MANAGER_LEVEL = `ct.title LIKE '% Manager'`;

/** "Senior leadership", "VP and up": Chief or VP titles. */
export const SENIOR_LEVEL = `(${C_LEVEL} OR ${VP_LEVEL})`;

/** Role families: every title of a function (the data's titles, grouped as held-out 1 groups them). */
export const ROLE_FAMILIES = {
  people: titles('Chief People Officer', 'VP of People', 'HR Director', 'HR Business Partner', 'Talent Acquisition Lead'),
  finance: titles('Chief Financial Officer', 'VP of Finance', 'Financial Controller', 'Finance Manager', 'FP&A Analyst'),
  sales: titles('Chief Revenue Officer', 'VP of Sales', 'Sales Director', 'Sales Manager', 'Account Executive'),
  marketing: titles('Chief Marketing Officer', 'VP of Marketing', 'Marketing Manager', 'Head of Growth', 'Content Strategist'),
  security: titles('Chief Information Security Officer', 'VP of Security', 'Security Engineer'),
  it: titles('Director of IT', 'IT Manager'),
  ml: titles('ML Engineer', 'Data Scientist', 'Head of Data Science', 'Director of Machine Learning'),
  operations: titles('Chief Operating Officer', 'VP of Operations', 'Operations Director', 'Operations Manager'),
  product: titles('Chief Product Officer', 'VP of Product', 'Head of Product', 'Product Manager'),
};

// ---------------------------------------------------------------------------------------------------------
// Answer specs: what an item expects, as SQL; `evaluate` turns one into dev.jsonl's `expected` format.
// ---------------------------------------------------------------------------------------------------------

type Entity = 'contact' | 'company' | 'deal';

export type Spec =
  | { kind: 'set'; entity: Entity; sql: string; exactlyOne?: boolean }
  | { kind: 'value'; sql: string }
  | { kind: 'topn'; entity: Entity; n: number; sql: string }
  | { kind: 'ranked'; entity: Entity; k: number; sql: string }
  | { kind: 'similar'; entity: 'contact'; k: number; seedName: string };

const FROM_CONTACTS = `contacts ct JOIN companies co ON co.id = ct.company_id`;
const FROM_DEALS = `deals d JOIN companies co ON co.id = d.company_id`;

/** Every contact matching `where` (ct = the contact, co = its company). */
export const contacts = (where: string): Spec => ({ kind: 'set', entity: 'contact', sql: `SELECT ct.id FROM ${FROM_CONTACTS} WHERE ${where}` });
/** Every company matching `where` (co). */
export const companies = (where: string): Spec => ({ kind: 'set', entity: 'company', sql: `SELECT co.id FROM companies co WHERE ${where}` });
/** Every deal matching `where` (d = the deal, co = its company). */
export const deals = (where: string): Spec => ({ kind: 'set', entity: 'deal', sql: `SELECT d.id FROM ${FROM_DEALS} WHERE ${where}` });

/** One number; `expr` over deals d / companies co / contacts ct as `from` says. */
export const dealValue = (expr: string, where: string): Spec => ({ kind: 'value', sql: `SELECT ${expr} FROM ${FROM_DEALS} WHERE ${where}` });
export const companyValue = (expr: string, where: string): Spec => ({ kind: 'value', sql: `SELECT ${expr} FROM companies co WHERE ${where}` });
export const contactValue = (expr: string, where: string): Spec => ({ kind: 'value', sql: `SELECT ${expr} FROM ${FROM_CONTACTS} WHERE ${where}` });

/** The first n by `key` in `direction`; records equal to the n-th on the key are its ties. */
export const topDeals = (n: number, key: string, direction: 'ASC' | 'DESC', where: string): Spec => ({
  kind: 'topn',
  entity: 'deal',
  n,
  sql: `SELECT d.id, ${key} AS sort_key FROM ${FROM_DEALS} WHERE ${where} AND ${key} IS NOT NULL ORDER BY sort_key ${direction}, d.id`,
});
export const topCompanies = (n: number, key: string, direction: 'ASC' | 'DESC', where: string): Spec => ({
  kind: 'topn',
  entity: 'company',
  n,
  sql: `SELECT co.id, ${key} AS sort_key FROM companies co WHERE ${where} AND ${key} IS NOT NULL ORDER BY sort_key ${direction}, co.id`,
});
export const topContacts = (n: number, key: string, direction: 'ASC' | 'DESC', where: string): Spec => ({
  kind: 'topn',
  entity: 'contact',
  n,
  sql: `SELECT ct.id, ${key} AS sort_key FROM ${FROM_CONTACTS} WHERE ${where} AND ${key} IS NOT NULL ORDER BY sort_key ${direction}, ct.id`,
});

/** A semantic query: the top 10 should be contacts with this interest (and `where`, e.g. an industry). */
export const interested = (interest: keyof typeof INTEREST_SENTENCES, where = '1 = 1'): Spec => {
  if (!(interest in INTEREST_SENTENCES)) throw new Error(`unknown interest ${interest}`);
  return {
    kind: 'ranked',
    entity: 'contact',
    k: 10,
    sql: `SELECT ct.id FROM ${FROM_CONTACTS} JOIN contact_interest ci ON ci.contact_id = ct.id WHERE ci.interest = ${quote(interest)} AND ${where}`,
  };
};

/**
 * "Contacts like <name>": full credit for a contact with the seed's interest at a company of the seed's
 * industry, half credit for one with the seed's interest elsewhere (dev.jsonl's `similar` items follow the
 * same rule), the seed itself never.
 */
export const like = (seedName: string): Spec => ({ kind: 'similar', entity: 'contact', k: 5, seedName });

/** A name, e-mail or domain typed alone: exactly one record must carry it. */
export const contactNamed = (fullName: string): Spec => ({
  kind: 'set',
  entity: 'contact',
  exactlyOne: true,
  sql: `SELECT ct.id FROM contacts ct WHERE ct.first_name || ' ' || ct.last_name = ${quote(fullName)}`,
});
export const contactWithEmail = (email: string): Spec => ({ kind: 'set', entity: 'contact', exactlyOne: true, sql: `SELECT ct.id FROM contacts ct WHERE ct.email = ${quote(email)}` });
export const companyNamed = (name: string): Spec => ({ kind: 'set', entity: 'company', exactlyOne: true, sql: `SELECT co.id FROM companies co WHERE co.name = ${quote(name)}` });
export const companyWithDomain = (domain: string): Spec => ({ kind: 'set', entity: 'company', exactlyOne: true, sql: `SELECT co.id FROM companies co WHERE co.domain = ${quote(domain)}` });

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round2 = (x: number) => Math.round(x * 100) / 100;

/** One reading's answer, in dev.jsonl's `expected` format (ids sorted, values rounded to cents). */
function answer(db: Db, spec: Spec, sql: string): Expected {
  switch (spec.kind) {
    case 'set': {
      const ids = (db.prepare(sql).pluck().all() as string[]).sort(byId);
      return { kind: 'set', entity: spec.entity, ids: [...new Set(ids)] };
    }
    case 'value': {
      const value = db.prepare(sql).pluck().get() as number | null;
      if (value === null || !Number.isFinite(value)) throw new Error(`no value: ${sql}`);
      return { kind: 'value', value: round2(value) };
    }
    case 'topn': {
      const rows = db.prepare(sql).all() as { id: string; sort_key: number | string }[];
      const top = rows.slice(0, spec.n);
      const last = top.at(-1);
      const ties = last === undefined ? [] : rows.filter((r) => r.sort_key === last.sort_key).map((r) => r.id);
      return { kind: 'topn', entity: spec.entity, n: spec.n, ids: top.map((r) => r.id), ties };
    }
    case 'ranked':
      return { kind: 'ranked', entity: spec.entity, k: spec.k, relevant: (db.prepare(sql).pluck().all() as string[]).sort(byId) };
    case 'similar':
      throw new Error('similar specs have no SQL of their own');
  }
}

function similarAnswer(db: Db, spec: Extract<Spec, { kind: 'similar' }>): Expected {
  const seeds = db
    .prepare(
      `SELECT ct.id, co.industry, ci.interest FROM ${FROM_CONTACTS} JOIN contact_interest ci ON ci.contact_id = ct.id WHERE ct.first_name || ' ' || ct.last_name = ?`,
    )
    .all(spec.seedName) as { id: string; industry: string; interest: string }[];
  if (seeds.length !== 1) throw new Error(`"${spec.seedName}" names ${seeds.length} contacts; a seed must be unique`);
  const seed = seeds[0]!;
  const peers = db
    .prepare(`SELECT ct.id, co.industry FROM ${FROM_CONTACTS} JOIN contact_interest ci ON ci.contact_id = ct.id WHERE ci.interest = ? AND ct.id <> ?`)
    .all(seed.interest, seed.id) as { id: string; industry: string }[];
  return {
    kind: 'similar',
    entity: 'contact',
    seed: seed.id,
    k: spec.k,
    relevant: peers.filter((p) => p.industry === seed.industry).map((p) => p.id).sort(byId),
    partial: peers.filter((p) => p.industry !== seed.industry).map((p) => p.id).sort(byId),
  };
}

/** How well another reading's answer must score against the reading of record. */
const READING_AGREEMENT = 0.95;

/** An answer dressed as a server's response, to score one reading against another. */
function asResponse(answer: Expected): QueryResponse {
  switch (answer.kind) {
    case 'value':
      return { value: answer.value };
    case 'set':
    case 'topn':
      return { entity: answer.entity, results: answer.ids.map((id) => ({ id })) };
    case 'ranked':
      return { entity: answer.entity, results: answer.relevant.map((id) => ({ id })) };
    case 'similar':
      return { entity: answer.entity, results: answer.relevant.map((id) => ({ id })) };
  }
}

/** Throws unless every other fair reading of an item (its own alternative specs) answers like the reading of record. */
export function requireAgreement(db: Db, expected: Expected, alternatives: readonly Spec[]): void {
  for (const alt of alternatives) {
    const agreement = scoreQuery(expected, asResponse(evaluate(db, alt)));
    if (agreement < READING_AGREEMENT) throw new Error(`another fair reading agrees only ${agreement.toFixed(3)}`);
  }
}

/**
 * The expected answer of a spec, refusing answers a fair reader could not be held to: empty sets, too few
 * records for a ranking, a name that is not unique, or readings (strict/inclusive, instant/whole day) that differ.
 */
export function evaluate(db: Db, spec: Spec): Expected {
  if (spec.kind === 'similar') return similarAnswer(db, spec);
  const [reading, ...others] = variants(spec.sql).map((sql) => answer(db, spec, sql));
  const expected = reading!;
  // A parser that reads "over 50k" as ≥ or "the last 30 days" from the start of that day must still be judged
  // right: the other readings' answers, scored by the bench's own rules against the reading of record, must
  // score at least READING_AGREEMENT (for a count that means the same number; for a set a few records at most).
  for (const other of others) {
    const agreement = scoreQuery(expected, asResponse(other));
    if (agreement < READING_AGREEMENT) throw new Error(`the answer depends on how a threshold or a date is read (${agreement.toFixed(2)}): ${spec.sql}`);
  }
  if (expected.kind === 'set') {
    if (expected.ids.length === 0) throw new Error(`no record matches: ${spec.sql}`);
    if (spec.kind === 'set' && spec.exactlyOne && expected.ids.length !== 1) throw new Error(`${expected.ids.length} records match, not one: ${spec.sql}`);
  }
  if (expected.kind === 'topn' && expected.ids.length < expected.n) throw new Error(`fewer than ${expected.n} records: ${spec.sql}`);
  // A ranking is only a test of meaning when well more than k records are relevant.
  if (expected.kind === 'ranked' && expected.relevant.length < expected.k * 1.5) throw new Error(`fewer than ${expected.k * 1.5} relevant records: ${spec.sql}`);
  return expected;
}
