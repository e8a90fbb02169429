/**
 * @fastify/multipart is registered only around the upload routes (app.ts): its per-request hooks no longer run on
 * every request. Uploads still parse there; elsewhere a multipart body is refused with the API's error body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/delivery/api/app.js';
import { openTestCrm } from '../support/backends.js';

const BOUNDARY = 'x-boundary';
const multipart = (field: string, filename: string, content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${BOUNDARY}--\r\n`;

describe('multipart only where files are taken', () => {
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openTestCrm('sqlite');
    cleanup = opened.cleanup;
    app = await createApp({ crm: opened.ctx.crm, auth: { mode: 'off' } });
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('an upload route takes a multipart body; a JSON route refuses one with the error body', async () => {
    const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
    const upload = await app.inject({ method: 'POST', url: '/api/import', headers, payload: multipart('companies', 'companies.csv', 'id,name\nco_up_1,Uploaded Ltd\n') });
    expect(upload.statusCode).toBe(202);
    const refused = await app.inject({ method: 'POST', url: '/api/contacts', headers, payload: multipart('contacts', 'c.csv', 'first_name\nAda\n') });
    expect(refused.statusCode).toBe(415);
    expect(refused.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });

  it('the get-by-id route runs no multipart hook', async () => {
    const tree = app.printRoutes({ includeHooks: true, commonPrefix: false });
    expect(tree).toContain('/api/contacts');
    // The upload routes' context has multipart's onRequest and onResponse hooks; the rest of the API has one
    // onResponse hook (request metrics, route-hooks.ts) and no async 'close' listener hook.
    const routeBlock = (path: string) => {
      const lines = tree.split('\n');
      const at = lines.findIndex((l) => l.trimStart().replace(/^[│├└─ ]+/, '').startsWith(path));
      return lines.slice(at + 1, at + 5).join('\n');
    };
    expect(routeBlock('/:id (GET')).toMatch(/\(onResponse\) \["countRequest\(\)"\]/);
    expect(routeBlock('/api/import (POST)')).toMatch(/\(onResponse\) \["anonymous\(\)","countRequest\(\)"\]/);
  });
});
