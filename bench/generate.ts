/**
 * Scaled data set for benchmarks: the shared CRM data set cloned into N copies with fresh ids, company names
 * recombined from the shared name words (so names stay realistic without 40 "Iron Guard"s), unique emails,
 * and each activity written twice (shifted in time) to reach ~10 activities per contact. Streams to disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export interface ScaleTarget {
  contacts: number;
  activities: number;
}

export interface GeneratedSet {
  dir: string;
  counts: Record<'companies' | 'contacts' | 'deals' | 'activities', number>;
}

type Row = Record<string, string>;

function readCsv(file: string): { header: string[]; rows: Row[] } {
  const text = fs.readFileSync(file, 'utf8');
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Row[];
  const header = text.slice(0, text.indexOf('\n')).trim().split(',');
  return { header, rows };
}

/** Small deterministic PRNG (mulberry32) so every run generates the same data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class CsvWriter {
  private readonly out: fs.WriteStream;
  count = 0;
  constructor(
    file: string,
    private readonly header: string[],
  ) {
    this.out = fs.createWriteStream(file);
    this.out.write(stringify([header]));
  }
  async write(row: Row) {
    this.count++;
    if (!this.out.write(stringify([this.header.map((h) => row[h] ?? '')]))) await once(this.out, 'drain');
  }
  async close() {
    this.out.end();
    await once(this.out, 'finish');
  }
}

const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '');

export async function generateScaledSet(sharedDir: string, outDir: string, target: ScaleTarget): Promise<GeneratedSet> {
  const companies = readCsv(path.join(sharedDir, 'companies.csv'));
  const contacts = readCsv(path.join(sharedDir, 'contacts.csv'));
  const deals = readCsv(path.join(sharedDir, 'deals.csv'));
  const activities = readCsv(path.join(sharedDir, 'activities.csv'));
  fs.mkdirSync(outDir, { recursive: true });
  const random = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

  const copies = Math.ceil(target.contacts / contacts.rows.length);
  const perActivity = Math.max(1, Math.ceil(target.activities / (activities.rows.length * copies)));
  const firstWords = [...new Set(companies.rows.map((c) => c.name!.split(' ')[0]!))];
  const lastWords = [...new Set(companies.rows.map((c) => c.name!.split(' ').slice(1).join(' ')).filter(Boolean))];
  const firstNames = [...new Set(contacts.rows.map((c) => c.first_name!))];
  const lastNames = [...new Set(contacts.rows.map((c) => c.last_name!))];
  const tlds = ['com', 'io', 'co', 'net', 'ai'];
  const usedCompanyNames = new Set<string>();
  const companyName = new Map<string, { name: string; domain: string }>();

  const cw = new CsvWriter(path.join(outDir, 'companies.csv'), companies.header);
  const ctw = new CsvWriter(path.join(outDir, 'contacts.csv'), contacts.header);
  const dw = new CsvWriter(path.join(outDir, 'deals.csv'), deals.header);
  const aw = new CsvWriter(path.join(outDir, 'activities.csv'), activities.header);
  const suffix = (k: number) => `_${String(k).padStart(2, '0')}`;

  for (let k = 0; k < copies; k++) {
    const s = suffix(k);
    for (const c of companies.rows) {
      let name = '';
      for (let tries = 0; tries < 50 && (name === '' || usedCompanyNames.has(name)); tries++) name = `${pick(firstWords)} ${pick(lastWords)}`;
      if (usedCompanyNames.has(name)) name = `${name} ${k}`;
      usedCompanyNames.add(name);
      const domain = `${slug(name)}.${pick(tlds)}`;
      companyName.set(c.id! + s, { name, domain });
      await cw.write({ ...c, id: c.id! + s, name, domain, description: c.description!.replaceAll(c.name!, name) });
    }
  }
  for (let k = 0; k < copies; k++) {
    const s = suffix(k);
    for (const c of contacts.rows) {
      if (ctw.count >= target.contacts) break;
      const first = pick(firstNames);
      const last = pick(lastNames);
      const co = companyName.get(c.company_id! + s);
      const email = `${slug(first)}.${slug(last)}${ctw.count}@${co?.domain ?? 'example.com'}`;
      // A fresh line number per copy: 40 contacts sharing one phone would be 780 real duplicate pairs each.
      const phone = c.phone ? `${c.phone.slice(0, -4)}${String(Math.floor(random() * 10000)).padStart(4, '0')}` : '';
      await ctw.write({ ...c, id: c.id! + s, first_name: first, last_name: last, email, phone, company_id: c.company_id ? c.company_id + s : '' });
    }
  }
  const contactLimit = ctw.count;
  const contactExists = (id: string, k: number) => k * contacts.rows.length + Number(id.slice(3)) <= contactLimit;
  for (let k = 0; k < copies; k++) {
    const s = suffix(k);
    for (const d of deals.rows) {
      const contactId = d.contact_id && contactExists(d.contact_id, k) ? d.contact_id + s : '';
      const co = companyName.get(d.company_id! + s);
      await dw.write({ ...d, id: d.id! + s, name: co ? `${co.name} – ${d.product}` : d.name!, company_id: d.company_id + s, contact_id: contactId });
    }
  }
  for (let rep = 0; rep < perActivity; rep++) {
    const shiftMs = rep * 17 * 86_400_000;
    for (let k = 0; k < copies; k++) {
      const s = suffix(k);
      for (const a of activities.rows) {
        if (aw.count >= target.activities) break;
        const occurred = new Date(Date.parse(a.occurred_at!) - shiftMs).toISOString().replace('.000Z', 'Z');
        await aw.write({
          ...a,
          id: `${a.id}${s}_${rep}`,
          contact_id: a.contact_id && contactExists(a.contact_id, k) ? a.contact_id + s : '',
          company_id: a.company_id ? a.company_id + s : '',
          deal_id: a.deal_id ? a.deal_id + s : '',
          occurred_at: occurred,
        });
      }
    }
  }
  await Promise.all([cw.close(), ctw.close(), dw.close(), aw.close()]);
  return { dir: outDir, counts: { companies: cw.count, contacts: ctw.count, deals: dw.count, activities: aw.count } };
}
