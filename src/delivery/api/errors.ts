import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { CrmError, type ErrorCode, type ResponseErrorCode } from '../../core/errors.js';
import { describeIssues } from '../../core/record-schema.js';

export interface ErrorBody {
  error: ResponseErrorCode;
  message: string;
  details?: { field?: string; message: string }[];
}

/** The HTTP status of each domain error code (a Record, so a new code cannot be forgotten here). */
const HTTP_STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unsupported_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export const httpStatusOf = (code: ErrorCode): number => HTTP_STATUS[code];

/** One mapping from failures to HTTP answers: domain codes, request validation, then Fastify's own errors. */
export function errorHandler(err: FastifyError | CrmError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof CrmError) {
    const body: ErrorBody = { error: err.code, message: err.message, ...(err.details.length ? { details: err.details } : {}) };
    return reply.code(httpStatusOf(err.code)).send(body);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    // The provider flattens each zod issue into Ajv's shape; put the issue back together.
    const issues = err.validation.map(
      (v) => ({ ...v.params, code: v.keyword, message: v.message, path: v.instancePath.split('/').filter(Boolean) }) as unknown as z.core.$ZodIssue,
    );
    const input = err.validationContext === 'body' ? req.body : err.validationContext === 'querystring' ? req.query : req.params;
    const details = describeIssues({ issues }, input);
    const where = err.validationContext === 'body' ? 'request body' : err.validationContext;
    return reply.code(400).send({ error: 'validation', message: `invalid ${where}: ${details.map((d) => d.message).join('; ')}`, details } satisfies ErrorBody);
  }
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return reply.code(status).send({ error: status === 413 ? 'too_large' : 'bad_request', message: err.message } satisfies ErrorBody);
  }
  req.log.error({ err }, 'unhandled error');
  return reply.code(500).send({ error: 'internal', message: 'internal server error; see the server log' } satisfies ErrorBody);
}
