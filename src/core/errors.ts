/** Domain errors carry a code; delivery layers map codes to HTTP status or CLI messages in one place each. */
export const ERROR_CODES = ['validation', 'not_found', 'conflict', 'forbidden', 'unauthorized', 'rate_limited', 'unsupported_type', 'unavailable'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Every code an error answer can carry: the domain's, and those of failures the domain never sees (a URL or body
 * the server cannot read, one too large, an unexpected crash). Closed, so clients can switch on it.
 */
export const RESPONSE_ERROR_CODES = [...ERROR_CODES, 'bad_request', 'too_large', 'too_long', 'internal'] as const;
export type ResponseErrorCode = (typeof RESPONSE_ERROR_CODES)[number];

export interface ErrorDetail {
  /** Field (or CSV column) the problem is about. */
  field?: string;
  message: string;
}

export class CrmError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'CrmError';
  }
}

export const notFound = (entity: string, id: string) => new CrmError('not_found', `${entity} ${id} not found`);
export const validationError = (message: string, details: ErrorDetail[] = []) =>
  new CrmError('validation', message, details);
export const conflict = (message: string, details: ErrorDetail[] = []) => new CrmError('conflict', message, details);
