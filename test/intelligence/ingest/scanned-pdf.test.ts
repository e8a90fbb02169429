/** Scanned PDFs: a page without a text layer is rendered and read by OCR, within a page limit, in a reader worker. */
import { afterAll, expect, it, describe } from 'vitest';
import { DEFAULT_INGEST_LIMITS, defaultIngesters, detectSample, extractFacts, ReaderPool } from '../../../src/intelligence/ingest/index.js';
import { stopOcr } from '../../../src/intelligence/ingest/ocr.js';
import { scannedPdf } from './scanned-pdf.js';

const NOW = '2026-03-10T12:00:00Z';
const PAGE = [
  'Order confirmation for Northwind Robotics',
  'Prepared for Grace Hopper, grace@northwind-robotics.com',
  'Fleet Cloud annual subscription: $48,000 per year.',
  'Please countersign and return by March 20, 2026.',
];

describe('scanned PDF (OCR)', () => {
  const pool = new ReaderPool({ size: 1 });
  afterAll(async () => {
    await pool.close();
    await stopOcr();
  });

  it('reads the text of a page that has only a picture, in a reader worker, within 10 s a page once OCR is warm', async () => {
    const bytes = scannedPdf([PAGE]);
    const ingester = defaultIngesters().detect(detectSample('scan', bytes))!;
    expect(ingester.kind).toBe('pdf');
    const limits = { ...DEFAULT_INGEST_LIMITS, readTimeoutMs: 120_000 };
    // The first read starts the worker and OCR (unpacks the model): not what a page costs.
    await pool.read({ ...ingester, isolate: ingester.isolate! }, scannedPdf([['Warm up page one two three four five']]), { limits, now: NOW }, { timeoutMs: 120_000, memoryMb: 512 });
    const started = Date.now();
    const { items, warnings } = await pool.read({ ...ingester, isolate: ingester.isolate! }, bytes, { limits, now: NOW }, { timeoutMs: 120_000, memoryMb: 512 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`scanned page read in ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(10);
    const body = items[0]!.activity!.body;
    expect(body).toMatch(/Northwind Robotics/);
    expect(body).toMatch(/grace@northwind-robotics\.com/);
    expect(warnings).toEqual([expect.stringMatching(/^1 page without a text layer read by OCR \(confidence \d+ %\)$/)]);
    const facts = extractFacts(body, new Date(NOW));
    expect(facts.amounts).toContain(48000);
    expect(facts.emails).toContain('grace@northwind-robotics.com');
  }, 180_000);

  it('reads at most maxOcrPages scanned pages and says how many were left', async () => {
    const bytes = scannedPdf([['Page one of the scan, read'], ['Page two of the scan, read'], ['Page three of the scan, not read']]);
    const ingester = defaultIngesters().detect(detectSample('scan', bytes))!;
    const limits = { ...DEFAULT_INGEST_LIMITS, maxOcrPages: 2 };
    const { items, warnings } = await pool.read({ ...ingester, isolate: ingester.isolate! }, bytes, { limits, now: NOW }, { timeoutMs: 120_000, memoryMb: 512 });
    expect(warnings).toContain('1 scanned page was not read (OCR reads at most 2 pages of a file)');
    expect(items[0]!.activity!.body).toMatch(/Page two/);
    expect(items[0]!.activity!.body).not.toMatch(/three/);
  }, 180_000);
});
