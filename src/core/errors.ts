/** Domain errors carry a code; delivery layers map codes to HTTP status or CLI messages in one place each. */
export type ErrorCode = 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'rate_limited' | 'unsupported_type' | 'unavailable';

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

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'rate_limited':
      return 429;
    case 'unsupported_type':
      return 415;
    case 'unavailable':
      return 503;
  }
}
