import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { docxIngester } from '../../../src/intelligence/ingest/docx.ingester.js';
import { DEFAULT_INGEST_LIMITS } from '../../../src/intelligence/ingest/index.js';
import { readFixture } from './read-fixture.js';

describe('people files (vCard, CSV and Excel lead lists)', () => {
  it('reads every card of a .vcf with e-mails, phones, company and web domain', async () => {
    const { kind, extraction } = await readFixture('card.vcf');
    expect(kind).toBe('vcard');
    const [item] = extraction.items;
    expect(item!.createContacts).toBe(true);
    expect(item!.people).toHaveLength(2);
    expect(item!.people[0]).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', emails: ['grace@northwind-robotics.com', 'grace.hopper@gmail.com'], phones: ['+1 415 555 0177'], company: 'Northwind Robotics', domain: 'northwind-robotics.com', title: 'VP Operations' });
  });

  it('reads a CSV lead list by its headers', async () => {
    const { kind, extraction } = await readFixture('leads.csv');
    expect(kind).toBe('csv');
    expect(extraction.items[0]!.people.map((p) => [p.name, p.company, p.emails[0]])).toEqual([
      ['Linus Park', 'Tidewater Labs', 'linus.park@tidewater-labs.io'],
      ['Grace Hopper', 'Northwind Robotics', 'grace@northwind-robotics.com'],
      ['Mei Tanaka', 'Orbit Foods', 'mei@orbit-foods.example'],
    ]);
  });

  it('reads an Excel sheet of leads', async () => {
    const { kind, extraction } = await readFixture('booth-leads.xlsx');
    expect(kind).toBe('xlsx');
    expect(extraction.items[0]!.people.map((p) => [p.name, p.title, p.phones[0]])).toEqual([
      ['Linus Park', 'Head of IT', '+1 206 555 0147'],
      ['Grace Hopper', 'VP Operations', '+1 415 555 0199'],
    ]);
  });

  it('refuses a zip bomb before unpacking it', async () => {
    const bomb = zipSync({ 'word/document.xml': new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    await expect(docxIngester.extract(bomb, { limits: { ...DEFAULT_INGEST_LIMITS, maxUnzippedBytes: 1024 * 1024 }, now: '2026-03-10T12:00:00Z' })).rejects.toThrow(/unpacks to more than/);
  });
});
