/** Writes a simulated world in the shared data set's CSV formats, and the hidden outcomes beside it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { AS_OF, HISTORY_DAYS, type SimulatedWorld } from './simulate.js';
import type { Contact } from './population.js';

const AS_OF_MS = Date.parse(AS_OF);
const DAY_MS = 86_400_000;

/** ISO 8601 UTC to the second, as the shared files write it. */
export function dayToIso(day: number): string {
  return new Date(Math.floor((AS_OF_MS + (day - HISTORY_DAYS) * DAY_MS) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const dayToDate = (day: number): string => dayToIso(day).slice(0, 10);

function writeCsv(path: string, columns: string[], rows: (string | number)[][]): void {
  writeFileSync(path, stringify(rows, { header: true, columns }));
}

/** A contact's lead status on the as-of date, from what happened with them. */
function leadStatus(contact: Contact, world: SimulatedWorld, contacted: ReadonlyMap<string, number>): string {
  const deals = world.deals.filter((d) => d.contact === contact);
  if (deals.some((d) => d.stage === 'closed_won')) return 'customer';
  if (deals.some((d) => d.stage !== 'lead' && d.stage !== 'closed_lost')) return 'qualified';
  if (deals.length > 0 && deals.every((d) => d.stage === 'closed_lost')) return 'unqualified';
  return contacted.has(contact.id) || deals.length > 0 ? 'contacted' : 'new';
}

export function writeWorld(dir: string, sim: SimulatedWorld): void {
  mkdirSync(join(dir, 'hidden'), { recursive: true });
  writeCsv(join(dir, 'companies.csv'),
    ['id', 'name', 'domain', 'industry', 'employees', 'annual_revenue', 'country', 'city', 'description'],
    sim.companies.map((c) => [c.id, c.name, c.domain, c.industry.name, c.employees, c.annualRevenue, c.country.name, c.city, c.description]));

  const lastContacted = new Map<string, number>();
  for (const a of sim.activities) {
    if (a.type !== 'note') lastContacted.set(a.contact.id, Math.max(lastContacted.get(a.contact.id) ?? 0, a.day));
  }
  writeCsv(join(dir, 'contacts.csv'),
    ['id', 'first_name', 'last_name', 'email', 'phone', 'title', 'company_id', 'lead_source', 'lead_status', 'created_at', 'last_contacted_at', 'tags', 'notes'],
    sim.contacts.map((c) => {
      const last = lastContacted.get(c.id);
      return [c.id, c.firstName, c.lastName, c.email, c.phone, c.title, c.company.id, c.source, leadStatus(c, sim, lastContacted),
        dayToIso(sim.contactCreatedDay.get(c.id) ?? 0), last === undefined ? '' : dayToIso(last), c.tags.join(';'), c.notes];
    }));

  writeCsv(join(dir, 'deals.csv'),
    ['id', 'name', 'company_id', 'contact_id', 'product', 'stage', 'amount', 'currency', 'created_at', 'expected_close', 'closed_at'],
    sim.deals.map((d) => [d.id, d.name, d.company.id, d.contact.id, d.product.name, d.stage, d.amount, 'USD',
      dayToIso(d.createdDay), dayToDate(d.expectedCloseDay), d.closedDay === null ? '' : dayToIso(d.closedDay)]));

  writeCsv(join(dir, 'activities.csv'),
    ['id', 'type', 'contact_id', 'company_id', 'deal_id', 'occurred_at', 'subject', 'body'],
    sim.activities.map((a) => [a.id, a.type, a.contact.id, a.contact.company.id, a.dealId ?? '', dayToIso(a.day), a.subject, a.body]));

  writeCsv(join(dir, 'stage_history.csv'),
    ['deal_id', 'from_stage', 'to_stage', 'changed_at'],
    sim.deals.flatMap((d) => d.history.map((m) => [d.id, m.from ?? '', m.to, dayToIso(m.day)])));

  writeCsv(join(dir, 'hidden', 'open_outcomes.csv'),
    ['deal_id', 'won', 'true_probability'],
    sim.deals.filter((d) => d.snapshot).map((d) => [d.id, d.won ? 1 : 0, (d.trueProbability ?? 0).toFixed(4)]));
}
