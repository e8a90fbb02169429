/** One fetch wrapper: JSON in and out, and the server's error body (`{error, message, details}`) as an ApiError. */
import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorBody['details'] = [],
    /** The whole body, for answers that carry more than a message (an import report on 422). */
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

export type Params = Record<string, string | number | boolean | undefined | null>;

/**
 * What every call carries besides its own body: the session's CSRF token (the server wants it on every request
 * other than GET/HEAD made with the session cookie) and the workspace picked in the shell. Set by the session
 * provider (web/src/screens/auth/session.tsx); `onUnauthorized` is told of a 401 from any call but the auth routes' own.
 */
const callState: { csrf: string | null; workspace: string | null; onUnauthorized: ((e: ApiError) => void) | null } = { csrf: null, workspace: null, onUnauthorized: null };

export function setCsrfToken(token: string | null): void {
  callState.csrf = token;
}

export function setWorkspaceHeader(id: string | null): void {
  callState.workspace = id;
}

export function onUnauthorized(handler: ((e: ApiError) => void) | null): void {
  callState.onUnauthorized = handler;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** The headers the session adds to a call: the workspace always, the CSRF token on writes. */
export function sessionHeaders(method: string): Record<string, string> {
  const h: Record<string, string> = {};
  if (callState.workspace) h['x-workspace-id'] = callState.workspace;
  if (callState.csrf && !SAFE_METHODS.has(method.toUpperCase())) h['x-csrf-token'] = callState.csrf;
  return h;
}

/** A 401 from a call means the session is gone (expired, signed out elsewhere, password changed): sign in again. */
function unauthorized(path: string, err: ApiError): ApiError {
  if (err.status === 401 && !path.startsWith('/api/auth/')) callState.onUnauthorized?.(err);
  return err;
}

/** `{ 'amount[gte]': 5 }` → `?amount%5Bgte%5D=5`; the server reads bracketed keys with qs. */
export function queryString(params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

interface RequestOptions {
  method?: string;
  params?: Params;
  json?: unknown;
  body?: BodyInit;
  signal?: AbortSignal;
}

export async function request<T>(path: string, { method = 'GET', params, json, body, signal }: RequestOptions = {}): Promise<T> {
  const res = await fetch(`${path}${queryString(params)}`, {
    method,
    signal,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...sessionHeaders(method) },
    body: json === undefined ? body : JSON.stringify(json),
  });
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = (data ?? {}) as Partial<ApiErrorBody>;
    throw unauthorized(path, new ApiError(res.status, err.error ?? 'http_error', err.message ?? `${method} ${path} failed with HTTP ${res.status}`, err.details, data));
  }
  return data as T;
}

/** The message to show a person: the server's own words when there are some. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError || e instanceof Error) return e.message;
  return String(e);
}

/**
 * A form upload through XMLHttpRequest, which (unlike fetch) reports upload progress: `onProgress(sent, total)`
 * while the body goes out. Answers and errors are read like `request`'s.
 */
export function uploadForm<T>(path: string, form: FormData, { params, onProgress }: { params?: Params; onProgress?: (sent: number, total: number) => void } = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${path}${queryString(params)}`);
    xhr.setRequestHeader('accept', 'application/json');
    for (const [k, v] of Object.entries(sessionHeaders('POST'))) xhr.setRequestHeader(k, v);
    if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded, e.total);
    xhr.onerror = () => reject(new ApiError(0, 'network_error', `POST ${path} failed: the server could not be reached`));
    xhr.onload = () => {
      let data: unknown = undefined;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const err = (data ?? {}) as Partial<ApiErrorBody>;
      reject(unauthorized(path, new ApiError(xhr.status, err.error ?? 'http_error', err.message ?? `POST ${path} failed with HTTP ${xhr.status}`, err.details, data)));
    };
    xhr.send(form);
  });
}
