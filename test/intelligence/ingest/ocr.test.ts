/**
 * Images through OCR (tesseract.js with the offline English model): a photographed business card becomes a
 * contact at its company — updating someone already known rather than creating them twice — on SQLite and
 * PostgreSQL; a screenshot of text becomes a document note; a damaged image is refused naming the problem.
 * The fixtures are PNGs rendered by ffmpeg's drawtext (test/fixtures/ingest/media/make-media.sh).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cardPerson, imageIngester } from '../../../src/intelligence/ingest/image.ingester.js';
import { createIngestService, DEFAULT_INGEST_LIMITS, detectSample, defaultIngesters } from '../../../src/intelligence/ingest/index.js';
import { stopOcr } from '../../../src/intelligence/ingest/ocr.js';
import { describeEachBackend } from '../../support/backends.js';
import { fixtureBytes, NOW } from './read-fixture.js';

afterAll(() => stopOcr());

describe('business cards as OCR reads them', () => {
  it('parses name, title, company, e-mail, phone and web site', () => {
    const p = cardPerson('Linus Park\nHead of IT\nTidewater Labs Inc.\nlinus.park@tidewater-labs.io\nTel: +1 206 555 0147\nwww.tidewater-labs.io');
    expect(p).toMatchObject({ name: 'Linus Park', firstName: 'Linus', lastName: 'Park', title: 'Head of IT', company: 'Tidewater Labs Inc.', emails: ['linus.park@tidewater-labs.io'], phones: ['+1 206 555 0147'], domain: 'tidewater-labs.io' });
  });

  it('is not a card without an e-mail or a phone, nor a long text', () => {
    expect(cardPerson('Quarterly review\nRevenue grew in every region')).toBeNull();
    expect(cardPerson(`${'A long paragraph of prose. '.repeat(40)}\nada@x.com`)).toBeNull();
  });
});

describe('images', () => {
  it('detects PNG and JPEG by their bytes and refuses a damaged header', async () => {
    expect(defaultIngesters().detect(detectSample('upload', fixtureBytes('media/business-card.png')))?.kind).toBe('image');
    const broken = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    await expect(imageIngester.extract(broken, { limits: DEFAULT_INGEST_LIMITS, now: NOW })).rejects.toThrow(/header is damaged/);
  });

  it('reads a business card PNG into a contact; once the worker runs, a page takes under 10 s', async () => {
    const ctx = { limits: DEFAULT_INGEST_LIMITS, now: NOW };
    let started = performance.now();
    const { items } = await imageIngester.extract(fixtureBytes('media/business-card.png'), ctx);
    const cold = (performance.now() - started) / 1000;
    expect(items[0]!.createContacts).toBe(true);
    expect(items[0]!.people[0]).toMatchObject({ role: 'card', name: 'Mei Tanaka', title: 'VP Operations', company: 'Orbit Foods Ltd', emails: ['mei.tanaka@orbit-foods.com'], phones: ['+1 312 555 0188'], domain: 'orbit-foods.com' });
    started = performance.now();
    await imageIngester.extract(fixtureBytes('media/business-card.png'), ctx);
    const warm = (performance.now() - started) / 1000;
    console.log(`OCR of the business card: ${cold.toFixed(2)} s with the worker's start, ${warm.toFixed(2)} s with it running`);
    expect(warm).toBeLessThan(10);
  }, 60_000);

  it('reads a screenshot of text into a document note', async () => {
    const { items } = await imageIngester.extract(fixtureBytes('media/whiteboard.png'), { limits: DEFAULT_INGEST_LIMITS, now: NOW });
    expect(items[0]!.createContacts).toBe(false);
    expect(items[0]!.activity).toMatchObject({ type: 'note' });
    expect(items[0]!.activity!.body).toMatch(/renewal/i);
    expect(items[0]!.activity!.body).toMatch(/pricing by Friday/i);
  }, 30_000);
});

describeEachBackend('business cards through the ingest service', (ctx) => {
  it('updates a known contact from her card (a new phone) instead of creating her again; the same image again answers the first result', async () => {
    const { crm } = ctx();
    const ws = 'default';
    const company = (await crm.records.create(ws, 'company', { name: 'Orbit Foods Ltd', domain: 'orbit-foods.com' })).record;
    const mei = (await crm.records.create(ws, 'contact', { first_name: 'Mei', last_name: 'Tanaka', email: 'mei.tanaka@orbit-foods.com', company_id: company.id })).record;
    const ingest = createIngestService(crm);

    const [known] = await ingest.ingest(ws, 'card.png', fixtureBytes('media/business-card.png'));
    expect(known!.kind).toBe('image');
    expect(known!.createdContacts).toEqual([]);
    expect(known!.linked.contacts).toContain(mei.id as string);
    expect(known!.linked.companies).toContain(company.id as string);
    const after = await crm.records.get(ws, 'contact', mei.id as string);
    expect(JSON.stringify(after)).toContain('555 0188');

    const again = await ingest.ingest(ws, 'card-copy.png', fixtureBytes('media/business-card.png'));
    expect(again[0]!.duplicate).toBe(true);
  }, 60_000);
});
