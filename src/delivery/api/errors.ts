import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { CrmError, httpStatusOf } from '../../core/errors.js';

export interface ErrorBody {
  error: string;
  message: string;
  details?: { field?: string; message: string }[];
}

/** One mapping from failures to HTTP answers: domain codes, request validation, then Fastify's own errors. */
export function errorHandler(err: FastifyError | CrmError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof CrmError) {
    const body: ErrorBody = { error: err.code, message: err.message, ...(err.details.length ? { details: err.details } : {}) };
    return reply.code(httpStatusOf(err.code)).send(body);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => {
      const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || undefined;
      const params = v.params as { issue?: { code?: string; keys?: string[]; input?: unknown } };
      if (params.issue?.code === 'unrecognized_keys') return { message: `unknown field${(params.issue.keys?.length ?? 0) > 1 ? 's' : ''}: ${params.issue.keys?.join(', ')}` };
      if (params.issue?.code === 'invalid_type' && params.issue.input === undefined && field) return { field, message: `${field} is required` };
      return { field, message: field ? `${field}: ${v.message}` : (v.message ?? 'invalid') };
    });
    const where = err.validationContext === 'body' ? 'request body' : err.validationContext;
    return reply.code(400).send({ error: 'validation', message: `invalid ${where}: ${details.map((d) => d.message).join('; ')}`, details });
  }
  const status = (err as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return reply.code(status).send({ error: status === 413 ? 'too_large' : 'bad_request', message: err.message });
  }
  req.log.error({ err }, 'unhandled error');
  return reply.code(500).send({ error: 'internal', message: 'internal server error; see the server log' });
}
