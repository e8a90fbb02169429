/**
 * Hostile files over real HTTP on SQLite and PostgreSQL: a lying zip bomb, a malformed PDF, a truncated PNG and a
 * reader that hangs (a test-only reader registered for this server) each end as a 4xx naming the file, while
 * a request sent meanwhile is answered and the server goes on serving.
 */
import { expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS, defaultIngesters } from '../../src/intelligence/ingest/index.js';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSuite } from '../support/serve.js';
import { hangingReader, lyingZipBombDocx, truncatedPng } from '../intelligence/ingest/hostile-readers.js';
import { fixtureBytes } from '../intelligence/ingest/read-fixture.js';

/** Long enough for the bomb's check under a loaded machine; the hanging reader always reaches it. */
const READ_TIMEOUT_MS = 15_000;

describeEachBackend('hostile files over HTTP', (ctx) => {
  const { call, server } = serveSuite(ctx, {
    ingest: { registry: defaultIngesters().register(hangingReader), limits: { ...DEFAULT_INGEST_LIMITS, maxUnzippedBytes: 16 * 1024 * 1024, readTimeoutMs: READ_TIMEOUT_MS } },
  });

  async function upload(name: string, bytes: Uint8Array) {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(bytes)]), name);
    const res = await server().fetch('/api/ingest', { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as Json, at: Date.now() };
  }

  it('answers each hostile file with a 400 naming it, and a concurrent request meanwhile', async () => {
    const started = Date.now();
    const hostile = Promise.all([
      upload('bomb.docx', lyingZipBombDocx()),
      upload('broken.pdf', fixtureBytes('corrupt.pdf')),
      upload('card.png', truncatedPng()),
      upload('loop.json', new TextEncoder().encode('HANG! forever')),
    ]);
    // While the readers work (one spins until its time limit), the server answers other requests.
    const list = await call('GET', '/api/contacts?limit=1');
    const answeredAt = Date.now();
    expect(list.status).toBe(200);
    const [bomb, pdf, png, hang] = await hostile;
    expect(answeredAt).toBeLessThan(hang.at);
    expect(bomb).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^bomb\.docx: the archive unpacks to more than 16777216 bytes/) } });
    expect(pdf).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^broken\.pdf: not a readable PDF/) } });
    expect(png).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^card\.png: the image is truncated/) } });
    expect(hang).toMatchObject({ status: 400, body: { message: `loop.json: reading the file took longer than ${READ_TIMEOUT_MS / 1000} s` } });
    expect(hang.at - started).toBeGreaterThanOrEqual(READ_TIMEOUT_MS);
    // Still serving, and still ingesting.
    const note = await upload('after.txt', new TextEncoder().encode(`After the storm ${Date.now()}\nAll quiet.`));
    expect(note.status).toBe(200);
  }, 120_000);
});
