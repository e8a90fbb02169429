/**
 * Ingestion bench: a corpus generated from the workspace's own records (5 files per type by default, written with
 * its truth file to a temporary folder), ingested one file at a time into a fresh SQLite CRM holding the shared
 * data set (the bundled sample without it). Prints per type: contact linked right, deal linked right, key fact right
 * (amount, due date, meeting start, new phone, no duplicate), and the throughput; then the time to read a 50-page PDF.
 *
 *   npm run bench:ingest [-- --per-type 5]
 *
 * The truth is what the generator put in the file (who, which deal, which amount and date), never what the
 * ingester reads back; a type that misses says where the readers and the linker fall short.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8 } from 'fflate';
import { ENTITIES, type CrmRecord } from '../src/core/entities.js';
import { personNameKey } from '../src/core/normalize.js';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage, type Crm } from '../src/crm/index.js';
import { isClosedStage } from '../src/crm/pipeline.js';
import { SAMPLE_DATA_DIR, SHARED_DATA_DIR } from '../src/delivery/runtime.js';
import { createIngestService, type IngestFileResult } from '../src/intelligence/ingest/index.js';
import { openStorage } from '../src/storage/connect.js';
import { docx, pdf, pptx } from '../test/fixtures/ingest/builders.js';
import { scannedPdf } from '../test/intelligence/ingest/scanned-pdf.js';

interface Truth {
  file: string;
  type: string;
  contact: string;
  deal: string | null;
  /** The key fact, checked against the result. */
  fact: { amount?: number; due?: string; meetingStart?: string; phone?: string; noDuplicateOf?: string; newAtCompany?: string };
}

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};

/** Monday 2 November 2026, 09:30 UTC: the date of the generated mail; "by Friday" is the 6th. */
const SENT = new Date('2026-11-02T09:30:00Z');
const FRIDAY = '2026-11-06';

/** Open deals with a contact (who has an e-mail and a name no one else has) whose company and product pair is unique. */
async function subjects(crm: Crm, count: number) {
  const deals = (await crm.storage.records.list(DEFAULT_WORKSPACE, ENTITIES.deal, { limit: 5000 })).records.filter((d) => !isClosedStage(d.stage) && d.contact_id && d.company_id && d.product);
  const pairCount = new Map<string, number>();
  for (const d of deals) pairCount.set(`${d.company_id}|${d.product}`, (pairCount.get(`${d.company_id}|${d.product}`) ?? 0) + 1);
  const out: { deal: CrmRecord; contact: CrmRecord; company: CrmRecord }[] = [];
  const used = new Set<string>();
  for (const deal of deals) {
    if (out.length >= count) break;
    if (pairCount.get(`${deal.company_id}|${deal.product}`) !== 1 || used.has(deal.contact_id as string)) continue;
    const contact = await crm.storage.records.get(DEFAULT_WORKSPACE, ENTITIES.contact, deal.contact_id as string);
    const company = await crm.storage.records.get(DEFAULT_WORKSPACE, ENTITIES.company, deal.company_id as string);
    if (!contact?.email || !contact.first_name || !contact.last_name || !company) continue;
    const namesakes = await crm.storage.records.findByKey(DEFAULT_WORKSPACE, ENTITIES.contact, 'name_key', personNameKey(`${contact.first_name} ${contact.last_name}`)!, 2);
    if (namesakes.length !== 1) continue;
    // The contact's other open deals would make "the deal" ambiguous without a product named: keep one per contact.
    const theirs = deals.filter((d) => d.contact_id === contact.id);
    if (theirs.length !== 1) continue;
    used.add(contact.id);
    out.push({ deal, contact, company });
  }
  return out;
}

function corpus(subjectsList: Awaited<ReturnType<typeof subjects>>): { name: string; bytes: Uint8Array; truth: Truth }[] {
  const files: { name: string; bytes: Uint8Array; truth: Truth }[] = [];
  const add = (type: string, name: string, bytes: Uint8Array | string, truth: Omit<Truth, 'file' | 'type'>) =>
    files.push({ name, bytes: typeof bytes === 'string' ? strToU8(bytes) : bytes, truth: { file: name, type, ...truth } });
  subjectsList.forEach(({ deal, contact, company }, i) => {
    const who = `${contact.first_name} ${contact.last_name}`;
    const product = String(deal.product);
    const amount = 10_000 + i * 1_250;
    const base = { contact: contact.id, deal: deal.id };
    add('eml', `mail-${i}.eml`, [`From: ${who} <${contact.email}>`, 'To: rep@hololoom.test', `Subject: ${product} next steps`, `Date: ${SENT.toUTCString()}`, `Message-ID: <bench-${i}@${company.domain ?? 'example.com'}>`, '', `Hi, thanks for the ${product} demo. The budget we discussed is $${amount.toLocaleString('en-US')}.`, 'Could you send the order form by Friday?', ''].join('\r\n'), { ...base, fact: { due: FRIDAY } });
    add('ics', `invite-${i}.ics`, ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', `UID:bench-${i}@hololoom.test`, 'DTSTART;TZID=America/New_York:20261110T140000', 'DTEND;TZID=America/New_York:20261110T143000', `SUMMARY:${product} review with ${company.name}`, 'ORGANIZER;CN=Rep:mailto:rep@hololoom.test', `ATTENDEE;CN=${who}:mailto:${contact.email}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'), { ...base, fact: { meetingStart: '2026-11-10T19:00:00.000Z' } });
    add('pdf', `quote-${i}.pdf`, pdf([[`Quote: ${product} for ${company.name}`, `Prepared for ${who}`, `Total: $${amount.toLocaleString('en-US')} per year.`]], `${product} quote`), { ...base, fact: { amount } });
    add('docx', `notes-${i}.docx`, docx([`Meeting notes with ${who} (${company.name})`, `We reviewed ${product}. Budget: USD ${amount}.`, `Action item: send the security questionnaire by November 13, 2026.`], `${company.name} notes`), { ...base, fact: { due: '2026-11-13' } });
    add('pptx', `deck-${i}.pptx`, pptx([{ title: `${company.name} — ${product}`, lines: [`Prepared for ${who}`, `Investment: $${amount.toLocaleString('en-US')}`] }]), { ...base, fact: { amount } });
    add('html', `form-${i}.html`, `<!DOCTYPE html><html><head><title>Contact request</title></head><body><table><tr><td>Name</td><td>${who}</td></tr><tr><td>Email</td><td>${contact.email}</td></tr><tr><td>Company</td><td>${company.name}</td></tr><tr><td>Message</td><td>Question about ${product} pricing: is $${amount.toLocaleString('en-US')} the list price?</td></tr></table></body></html>`, { ...base, fact: { amount, noDuplicateOf: contact.id } });
    add('txt', `call-${i}.txt`, `Call with ${who} of ${company.name}\n\nDiscussed ${product}; they can commit $${amount.toLocaleString('en-US')} this quarter.\n`, { ...base, fact: { amount } });
    add('vtt', `call-${i}.vtt`, `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Rep>Thanks for joining.\n\n00:00:04.500 --> 00:12:00.000\n<v ${who}>For ${product} at ${company.name} we can do $${amount.toLocaleString('en-US')}.\n`, { ...base, fact: { amount } });
    add('json', `chat-${i}.json`, JSON.stringify({ messages: [{ author: { name: who, email: contact.email }, content: `Is ${product} still $${amount.toLocaleString('en-US')}?`, timestamp: '2026-11-03T10:00:00Z' }, { author: { name: 'Rep', email: 'rep@hololoom.test' }, content: 'Yes.', timestamp: '2026-11-03T10:05:00Z' }] }), { ...base, fact: { amount } });
    const phone = `+1 646 555 ${String(1000 + i).padStart(4, '0')}`;
    add('vcf', `card-${i}.vcf`, ['BEGIN:VCARD', 'VERSION:3.0', `FN:${who}`, `N:${contact.last_name};${contact.first_name};;;`, `ORG:${company.name}`, `EMAIL:${contact.email}`, `TEL;TYPE=cell:${phone}`, 'END:VCARD', ''].join('\r\n'), { contact: contact.id, deal: null, fact: { phone, noDuplicateOf: contact.id } });
    add('csv', `leads-${i}.csv`, `Name,Email,Company,Title\n${who},${contact.email},${company.name},${contact.title ?? ''}\nNew Person ${i},new.person.${i}@bench-lead-${i}.example,Bench Lead ${i} Inc,CTO\n`, { contact: contact.id, deal: null, fact: { noDuplicateOf: contact.id, newAtCompany: `Bench Lead ${i} Inc` } });
  });
  return files;
}

async function score(crm: Crm, truth: Truth, r: IngestFileResult): Promise<{ contact: boolean; deal: boolean | null; fact: boolean }> {
  const ws = DEFAULT_WORKSPACE;
  const first = r.activityIds[0] ? await crm.storage.records.get(ws, ENTITIES.activity, r.activityIds[0]) : undefined;
  const contact = r.linked.contacts.includes(truth.contact) && (!first || first.contact_id === truth.contact || truth.type === 'csv');
  const deal = truth.deal === null ? null : first?.deal_id === truth.deal;
  const f = truth.fact;
  let fact = true;
  if (f.amount !== undefined) fact &&= r.facts.amounts.includes(f.amount);
  if (f.due) fact &&= r.facts.tasks.some((t) => t.due?.slice(0, 10) === f.due);
  if (f.meetingStart) fact &&= r.facts.meetingStart === f.meetingStart;
  if (f.phone) {
    const c = await crm.storage.records.get(ws, ENTITIES.contact, truth.contact);
    fact &&= [c?.phone, ...((c?.other_phones as string[] | null) ?? [])].some((p) => typeof p === 'string' && p.replace(/\D/g, '') === f.phone!.replace(/\D/g, ''));
  }
  if (f.noDuplicateOf) {
    const c = await crm.storage.records.get(ws, ENTITIES.contact, f.noDuplicateOf);
    const same = await crm.storage.records.findByKey(ws, ENTITIES.contact, 'email_key', String(c?.email).toLowerCase(), 5);
    fact &&= same.length === 1 && !r.createdContacts.includes(f.noDuplicateOf);
  }
  if (f.newAtCompany) {
    const created = await Promise.all(r.createdContacts.map((id) => crm.storage.records.get(ws, ENTITIES.contact, id)));
    const companies = await Promise.all(created.map((c) => (c?.company_id ? crm.storage.records.get(ws, ENTITIES.company, c.company_id as string) : undefined)));
    fact &&= created.length === 1 && companies[0]?.name === f.newAtCompany;
  }
  return { contact, deal, fact };
}

async function main() {
  const perType = arg('per-type', 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-ingest-'));
  const storage = await openStorage({ dataDir: dir });
  try {
    await prepareStorage(storage);
    const crm = createCrm({ storage });
    const data = fs.existsSync(path.join(SHARED_DATA_DIR, 'companies.csv')) ? SHARED_DATA_DIR : SAMPLE_DATA_DIR;
    await crm.importer.importDirectory(DEFAULT_WORKSPACE, data, { source: 'import' });
    const files = corpus(await subjects(crm, perType));
    const corpusDir = path.join(dir, 'corpus');
    fs.mkdirSync(corpusDir);
    for (const f of files) fs.writeFileSync(path.join(corpusDir, f.name), f.bytes);
    fs.writeFileSync(path.join(corpusDir, 'truth.json'), JSON.stringify(files.map((f) => f.truth), null, 2));
    console.log(`data: ${data}; corpus: ${files.length} files in ${corpusDir} (truth.json beside them)`);

    const ingest = createIngestService(crm);
    const byType = new Map<string, { n: number; contact: number; deal: number; deals: number; fact: number; ms: number }>();
    const started = performance.now();
    for (const f of files) {
      const t0 = performance.now();
      const [r] = await ingest.ingest(DEFAULT_WORKSPACE, f.name, f.bytes);
      const ms = performance.now() - t0;
      const s = await score(crm, f.truth, r!);
      const row = byType.get(f.truth.type) ?? { n: 0, contact: 0, deal: 0, deals: 0, fact: 0, ms: 0 };
      row.n++;
      row.contact += Number(s.contact);
      if (s.deal !== null) [row.deals, row.deal] = [row.deals + 1, row.deal + Number(s.deal)];
      row.fact += Number(s.fact);
      row.ms += ms;
      byType.set(f.truth.type, row);
      if (!s.contact || s.deal === false || !s.fact) console.log(`  miss ${f.name}: contact ${s.contact}, deal ${s.deal}, fact ${s.fact}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(0)}%` : '—');
    console.log('\ntype   files  contact  deal   fact   ms/file');
    const total = { n: 0, contact: 0, deal: 0, deals: 0, fact: 0 };
    for (const [type, r] of byType) {
      console.log(`${type.padEnd(6)} ${String(r.n).padStart(5)}  ${pct(r.contact, r.n).padStart(7)}  ${pct(r.deal, r.deals).padStart(5)}  ${pct(r.fact, r.n).padStart(5)}  ${(r.ms / r.n).toFixed(0).padStart(7)}`);
      for (const k of ['n', 'contact', 'deal', 'deals', 'fact'] as const) total[k] += r[k];
    }
    console.log(`all    ${String(total.n).padStart(5)}  ${pct(total.contact, total.n).padStart(7)}  ${pct(total.deal, total.deals).padStart(5)}  ${pct(total.fact, total.n).padStart(5)}`);
    console.log(`throughput: ${(files.length / seconds).toFixed(1)} files/s (${seconds.toFixed(1)} s, one file at a time, SQLite)`);

    // A 50-page PDF (text layer): reading and ingesting it whole.
    const pages = Array.from({ length: 50 }, (_, p) => Array.from({ length: 40 }, (_, l) => `Page ${p + 1} line ${l + 1}: terms and conditions of the master services agreement, section ${p}.${l}.`));
    const big = pdf(pages, 'Master services agreement');
    const t0 = performance.now();
    await ingest.ingest(DEFAULT_WORKSPACE, 'msa-50-pages.pdf', big);
    console.log(`50-page PDF (${(big.byteLength / 1024).toFixed(0)} KiB): ${((performance.now() - t0) / 1000).toFixed(2)} s (target < 5 s)`);

    // Scanned PDFs (image-only pages, rendered and read by OCR in the reader worker): the first one starts OCR
    // (the model is unpacked once), the second is what a page costs.
    const scan = (n: number) => scannedPdf([[`Scanned order ${n} for Northwind Robotics`, 'Fleet Cloud annual subscription: $48,000 per year.', `Reference SCAN-${n}-${Date.now()}`]]);
    const t1 = performance.now();
    await ingest.ingest(DEFAULT_WORKSPACE, 'scan-1.pdf', scan(1));
    const cold = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    const [scanned] = await ingest.ingest(DEFAULT_WORKSPACE, 'scan-2.pdf', scan(2));
    const warm = (performance.now() - t2) / 1000;
    console.log(`scanned PDF page (OCR): ${warm.toFixed(2)} s warm, ${cold.toFixed(2)} s for the first (target < 10 s); read amount ${scanned!.facts.amounts.join(', ') || 'none'}`);
  } finally {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
