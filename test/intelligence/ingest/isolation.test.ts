/**
 * Parser isolation: hostile files and misbehaving readers end as a per-file error — a time limit, a memory cap, no
 * network — while the service (and its thread) keeps answering, on SQLite and PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE } from '../../../src/crm/index.js';
import { CrmError } from '../../../src/core/errors.js';
import { createIngestService, DEFAULT_INGEST_LIMITS, defaultIngesters, ReaderPool } from '../../../src/intelligence/ingest/index.js';
import { describeEachBackend } from '../../support/backends.js';
import { balloonReader, hangingReader, lyingZipBombDocx, networkReader, truncatedPng } from './hostile-readers.js';
import { FIXTURES, fixtureBytes } from './read-fixture.js';

const text = (s: string) => new TextEncoder().encode(s);

describeEachBackend('parser isolation', (ctx) => {
  const pool = new ReaderPool({ size: 2 });
  const limits = { ...DEFAULT_INGEST_LIMITS, readTimeoutMs: 8_000, readerMemoryMb: 96 };
  let ingest: ReturnType<typeof createIngestService>;

  beforeAll(() => {
    const registry = defaultIngesters();
    ingest = createIngestService(ctx().crm, registry, limits, pool);
  });
  afterAll(() => pool.close());

  async function fileError(name: string, bytes: Uint8Array, service = ingest): Promise<CrmError> {
    const e = await service.ingest(DEFAULT_WORKSPACE, name, bytes).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(CrmError);
    return e as CrmError;
  }

  it('refuses a zip bomb that lies about its sizes before Word parsing unpacks it', async () => {
    const service = createIngestService(ctx().crm, defaultIngesters(), { ...limits, maxUnzippedBytes: 16 * 1024 * 1024 }, pool);
    const e = await fileError('bomb.docx', lyingZipBombDocx(), service);
    expect(e.message).toMatch(/^bomb\.docx: the archive unpacks to more than 16777216 bytes/);
  });

  it('refuses a malformed PDF and a truncated PNG, each naming the file', async () => {
    expect((await fileError('broken.pdf', fixtureBytes('corrupt.pdf'))).message).toMatch(/^broken\.pdf: not a readable PDF/);
    expect((await fileError('card.png', truncatedPng())).message).toMatch(/^card\.png: the image is truncated/);
  });

  it('stops a reader that hangs at the time limit while the thread keeps serving other files', async () => {
    const registry = defaultIngesters().register(hangingReader);
    const service = createIngestService(ctx().crm, registry, limits, pool);
    const started = Date.now();
    let hangSettled = false;
    const hang = fileError('loop.json', text('HANG! forever'), service).finally(() => (hangSettled = true));
    // While the reader spins in its worker, this thread ingests a text file to the end.
    const [note] = await service.ingest(DEFAULT_WORKSPACE, 'note.txt', text(`Call notes ${Date.now()}\nGrace asked for the pricing.`));
    expect(note!.activityIds).toHaveLength(1);
    expect(hangSettled).toBe(false);
    const e = await hang;
    expect(e.message).toMatch(/^loop\.json: reading the file took longer than 8 s/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(limits.readTimeoutMs);
    // The worker was replaced: the next isolated file is read as usual.
    const [pdf] = await service.ingest(DEFAULT_WORKSPACE, 'proposal.pdf', fixtureBytes('proposal.pdf'));
    expect(pdf!.kind).toBe('pdf');
  });

  it('stops a reader that exceeds the memory cap, and the next file is read by a new worker', async () => {
    const service = createIngestService(ctx().crm, defaultIngesters().register(balloonReader), limits, pool);
    const e = await fileError('huge.json', text('BALLOON! more and more'), service);
    expect(e.message).toMatch(/^huge\.json: reading it needed more than the reader's memory cap \(96 MiB\)/);
    const [mail] = await service.ingest(DEFAULT_WORKSPACE, 'pricing.eml', new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'pricing.eml'))));
    expect(mail!.kind).toBe('email');
  });

  it('gives a reader no network: sockets and fetch throw', async () => {
    const service = createIngestService(ctx().crm, defaultIngesters().register(networkReader), limits, pool);
    const [result] = await service.ingest(DEFAULT_WORKSPACE, 'net.json', text(`NETWORK! ${Date.now()}`));
    expect(result!.warnings).toEqual([expect.stringMatching(/network access is blocked.*fetch/), expect.stringMatching(/network access is blocked.*socket/)]);
  });
});
