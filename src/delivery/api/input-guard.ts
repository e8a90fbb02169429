/**
 * Input refused at the door, before any route or walk sees it:
 * - JSON nested deeper than MAX_JSON_DEPTH. Every later step (the NUL check, zod, the audit diff) walks the body;
 *   a 14 KB body of 9,000 nested arrays once cost quadratic time and then overflowed the stack. The depth is
 *   counted on the raw text in one pass, before JSON.parse builds anything.
 * - A NUL character. PostgreSQL rejects it in text (SQLite would keep it, and then export it), so it is refused
 *   with a 400 naming where it was — in the URL or at which body field — instead of failing deep in a query.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CrmError } from '../../core/errors.js';
import { nulPath } from '../../core/record-schema.js';

const NUL_IN_URL = /%00/i;

/** No request body of this API nests anywhere near this deep (a filter tree: 4; custom fields: 4). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text opens more than `max` arrays or objects inside each other. One pass over the text, skipping
 * string contents (brackets inside strings do not count), without parsing; malformed text is left for
 * JSON.parse to refuse.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/** The JSON body parser with the depth bound; the URL and body NUL checks run as route hooks (route-hooks.ts). */
export function guardInput(app: FastifyInstance): void {
  // Fastify's own JSON parser (secure-json-parse: __proto__ and constructor.prototype refused) behind the depth bound.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new CrmError('validation', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    parseJson(req, text, done);
  });
}

/**
 * A NUL character in the URL: answered with a 400 here (true), before any other step (route-hooks.ts runs this
 * first on every route and in the 404 handler).
 */
export function nulInUrl(req: FastifyRequest, reply: FastifyReply): boolean {
  if (!NUL_IN_URL.test(req.url)) return false;
  reply.code(400).send({ error: 'validation', message: 'the URL contains a NUL character (%00), which is not allowed' });
  return true;
}

/** A NUL character anywhere in the parsed body: answered with a 400 naming where (true). */
export function nulInBody(req: FastifyRequest, reply: FastifyReply): boolean {
  const at = req.body === undefined || req.body === null ? undefined : nulPath(req.body);
  if (!at) return false;
  reply.code(400).send({ error: 'validation', message: `${at} contains a NUL character, which is not allowed`, details: [{ field: at, message: 'NUL character' }] });
  return true;
}
