/**
 * Ingestion over real HTTP on SQLite and PostgreSQL: multipart uploads of one or many files, links to the
 * workspace's contacts, companies and deals, contacts updated rather than duplicated, dedupe by bytes and by
 * Message-ID, attachments ingested and linked to their e-mail, clear 4xx errors naming the file, and the original
 * downloadable from its activity.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSuite } from '../support/serve.js';
import { FIXTURES } from '../intelligence/ingest/read-fixture.js';

describeEachBackend('ingestion over HTTP', (ctx) => {
  const { call, server } = serveSuite(ctx);
  let company: Json;
  let grace: Json;
  let deal: Json;

  /** Uploads files (fixture names, or [name, bytes]) under arbitrary field names. */
  async function upload(...files: (string | [string, Uint8Array])[]) {
    const form = new FormData();
    files.forEach((f, i) => {
      const [name, bytes] = typeof f === 'string' ? [f, new Uint8Array(fs.readFileSync(path.join(FIXTURES, f)))] : f;
      form.append(`file${i}`, new Blob([Buffer.from(bytes)]), name);
    });
    const res = await server().fetch('/api/ingest', { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as Json };
  }

  beforeAll(async () => {
    company = (await call('POST', '/api/companies', { name: 'Northwind Robotics', domain: 'northwind-robotics.com' })).body.data;
    grace = (await call('POST', '/api/contacts', { first_name: 'Grace', last_name: 'Hopper', email: 'grace@northwind-robotics.com', phone: '+1 415 555 0100', company_id: company.id })).body.data;
    deal = (await call('POST', '/api/deals', { name: 'Northwind Robotics – Fleet Cloud', product: 'Fleet Cloud', stage: 'proposal', amount: 48000, company_id: company.id, contact_id: grace.id })).body.data;
  });

  it('turns an e-mail into an email activity on the sender, her company and her deal, with its facts', async () => {
    const { status, body } = await upload('pricing.eml');
    expect(status).toBe(200);
    const file = body.files[0] as Json;
    expect(file).toMatchObject({ file: 'pricing.eml', kind: 'email', linked: { contacts: [grace.id], companies: [company.id], deals: [deal.id] }, confidence: 1 });
    expect(file.facts).toMatchObject({ amounts: [48000], signals: ['price_objection'], phones: ['+14155550199'], tasks: [{ title: 'Could you send the revised quote by Friday?', due: '2026-03-06' }] });
    const [emailId, taskId] = file.activityIds as string[];
    const activity = (await call('GET', `/api/activities/${emailId}`)).body.data;
    expect(activity).toMatchObject({ type: 'email', subject: 'Fleet Cloud pricing', occurred_at: '2026-03-03T19:05:00Z', contact_id: grace.id, company_id: company.id, deal_id: deal.id });
    expect((await call('GET', `/api/activities/${taskId}`)).body.data).toMatchObject({ type: 'task', due_at: '2026-03-06T09:00:00Z', contact_id: grace.id });
    // Written through the one write pipeline: the timeline's audit event says it came from an import.
    const audit = (await call('GET', `/api/audit?record_id=${emailId}`)).body.data as Json[];
    expect(audit.map((e) => e.kind)).toEqual(['created']);
  });

  it('answers the same file again with the first result, and a copy of the message (other bytes, same Message-ID) too', async () => {
    const first = (await upload('pricing.eml')).body.files[0];
    expect(first.duplicate).toBe(true);
    const original = fs.readFileSync(path.join(FIXTURES, 'pricing.eml'), 'utf8');
    const copy = new TextEncoder().encode(`X-Forwarded-By: archive\r\n${original}`);
    const again = (await upload(['copy.eml', copy])).body.files[0];
    expect(again).toMatchObject({ file: 'copy.eml', duplicate: true, activityIds: first.activityIds });
    const emails = (await call('GET', `/api/activities?q=${encodeURIComponent('Fleet Cloud pricing')}&limit=100`)).body;
    expect(emails.data.filter((a: Json) => a.subject === 'Fleet Cloud pricing')).toHaveLength(1);
  });

  it('updates a known contact from a vCard (second e-mail, new phone) and creates the unknown one at her company', async () => {
    const { body } = await upload('card.vcf');
    const file = body.files[0] as Json;
    expect(file.kind).toBe('vcard');
    expect(file.createdContacts).toHaveLength(1);
    expect(file.linked.contacts).toEqual(expect.arrayContaining([grace.id, file.createdContacts[0]]));
    const updated = (await call('GET', `/api/contacts/${grace.id}`)).body.data;
    expect(updated.email).toBe('grace@northwind-robotics.com');
    expect(updated.other_emails).toEqual(['grace.hopper@gmail.com']);
    expect(updated.other_phones).toEqual(['+1 415 555 0177']);
    const omar = (await call('GET', `/api/contacts/${file.createdContacts[0]}`)).body.data;
    expect(omar).toMatchObject({ first_name: 'Omar', last_name: 'Haddad', company_id: company.id, title: 'Procurement Lead' });
  });

  it('creates the new people of a lead list at new companies and duplicates nobody known', async () => {
    const { body } = await upload('leads.csv');
    const file = body.files[0] as Json;
    expect(file.kind).toBe('csv');
    expect(file.createdContacts).toHaveLength(2);
    expect(file.linked.contacts).toContain(grace.id);
    const graces = (await call('GET', `/api/contacts?q=${encodeURIComponent('grace@northwind-robotics.com')}`)).body.data as Json[];
    expect(graces.filter((c) => c.last_name === 'Hopper')).toHaveLength(1);
    const linus = (await call('GET', `/api/contacts/${file.createdContacts[0]}`)).body.data;
    const tidewater = (await call('GET', `/api/companies/${linus.company_id}`)).body.data;
    expect(tidewater).toMatchObject({ name: 'Tidewater Labs', domain: 'tidewater-labs.io' });
  });

  it('places an invitation at its real time with its attendees linked', async () => {
    const file = (await upload('kickoff.ics')).body.files[0] as Json;
    expect(file.facts.meetingStart).toBe('2026-03-16T14:00:00.000Z');
    const meeting = (await call('GET', `/api/activities/${file.activityIds[0]}`)).body.data;
    expect(meeting).toMatchObject({ type: 'meeting', occurred_at: '2026-03-16T14:00:00Z', duration_minutes: 60, contact_id: grace.id, deal_id: deal.id });
  });

  it('ingests an attachment of an e-mail as its own activity linked to the e-mail and its records; the original downloads', async () => {
    const { body } = await upload('with-attachment.eml');
    const [mail, attachment] = body.files as [Json, Json];
    expect(mail.kind).toBe('email');
    expect(attachment).toMatchObject({ file: 'with-attachment.eml/fleet-cloud-proposal-signed.pdf', kind: 'pdf', linked: { contacts: [grace.id], deals: [deal.id] } });
    expect(attachment.facts.amounts).toEqual([48000, 12500]);
    const res = await server().fetch(`/api/activities/${attachment.activityIds[0]}/original`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes).equals(fs.readFileSync(path.join(FIXTURES, 'proposal.pdf')))).toBe(true);
    expect((await server().fetch(`/api/activities/${grace.id}/original`)).status).toBe(404);
  });

  it('refuses a corrupt and an unsupported file with a 4xx naming it, writing nothing', async () => {
    const before = (await call('GET', '/api/activities?limit=1')).body;
    const corrupt = await upload('corrupt.pdf');
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.message).toMatch(/^corrupt\.pdf: not a readable PDF/);
    const unsupported = await upload('unsupported.bin');
    expect(unsupported.status).toBe(415);
    expect(unsupported.body.message).toMatch(/^unsupported\.bin: unsupported file type/);
    expect((await call('GET', '/api/activities?limit=1')).body.data[0]?.id).toBe(before.data[0]?.id);
    // Several files: the readable ones are ingested and the others listed.
    const mixed = await upload('call.vtt', 'corrupt.pdf');
    expect(mixed.status).toBe(200);
    expect(mixed.body.files.map((f: Json) => f.kind)).toEqual(['transcript']);
    expect(mixed.body.errors).toEqual([{ file: 'corrupt.pdf', message: expect.stringMatching(/^corrupt\.pdf: /) }]);
  });

  it('refuses an upload whose files together exceed four files\' limit, ingesting none of them', async () => {
    const before = (await call('GET', '/api/activities?limit=1')).body;
    const big = new Uint8Array(21 * 1024 * 1024).fill(0x61);
    const res = await upload(['a.txt', big], ['b.txt', big], ['c.txt', big], ['d.txt', big], ['e.txt', big]);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/at most \d+ bytes in all/);
    expect((await call('GET', '/api/activities?limit=1')).body.data[0]?.id).toBe(before.data[0]?.id);
  });

  it('makes ingested text findable by full-text search', async () => {
    const file = (await upload('meeting-notes.docx')).body.files[0] as Json;
    const found = (await call('GET', `/api/activities?q=${encodeURIComponent('revised pricing')}`)).body.data as Json[];
    expect(found.map((a) => a.id)).toContain(file.activityIds[0]);
    expect(file.linked.companies).toContain(company.id);
  });
  it('links a mail forwarded by a colleague to the contact whose address is in its body', async () => {
    const forwarded = [
      'From: Sam Seller <sam@hololoom.test>',
      'To: Pat Partner <pat@hololoom.test>',
      'Subject: Fwd: Rollout question',
      'Date: Wed, 4 Mar 2026 16:00:00 +0000',
      'Message-ID: <fwd-1@hololoom.test>',
      '',
      'FYI, see below.',
      '',
      '---------- Forwarded message ---------',
      'From: Grace Hopper <grace@northwind-robotics.com>',
      'Subject: Rollout question',
      '',
      'Can the Fleet Cloud rollout start in April?',
      '',
    ].join('\r\n');
    const file = (await upload(['fwd.eml', new TextEncoder().encode(forwarded)])).body.files[0] as Json;
    expect(file.linked).toMatchObject({ contacts: [grace.id], deals: [deal.id] });
    expect((await call('GET', `/api/activities/${file.activityIds[0]}`)).body.data.contact_id).toBe(grace.id);
  });
  it('leaves out a lead-list row the record rules refuse, with a warning, and ingests the others', async () => {
    const csv = `Name,Email,Company,Title\nRita Row,rita@row-one.example,Row One,CFO\nBad Row,bad@row-two.example,Row Two,${'x'.repeat(400)}\nZed Zero,zed@row-three.example,Row Three,CTO\n`;
    const file = (await upload(['rows.csv', new TextEncoder().encode(csv)])).body.files[0] as Json;
    expect(file.createdContacts).toHaveLength(2);
    expect(file.warnings.join('\n')).toMatch(/^Bad Row left out: invalid contact: .*title/m);
  });
});
