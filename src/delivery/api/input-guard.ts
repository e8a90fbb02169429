/**
 * Input no database can store: a NUL character. PostgreSQL rejects it in text (SQLite would keep it, and then
 * export it), so it is refused at the door with a 400 naming where it was — in the URL or at which body field —
 * instead of failing deep in a query.
 */
import type { FastifyInstance } from 'fastify';
import { nulPath } from '../../core/record-schema.js';

const NUL_IN_URL = /%00/i;

export function guardInput(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (NUL_IN_URL.test(req.url)) return reply.code(400).send({ error: 'validation', message: 'the URL contains a NUL character (%00), which is not allowed' });
  });
  app.addHook('preValidation', async (req, reply) => {
    const at = nulPath(req.body);
    if (at) return reply.code(400).send({ error: 'validation', message: `${at} contains a NUL character, which is not allowed`, details: [{ field: at, message: 'NUL character' }] });
  });
}
