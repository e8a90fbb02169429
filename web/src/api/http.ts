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
    headers: json === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
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
    throw new ApiError(res.status, err.error ?? 'http_error', err.message ?? `${method} ${path} failed with HTTP ${res.status}`, err.details, data);
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
      reject(new ApiError(xhr.status, err.error ?? 'http_error', err.message ?? `POST ${path} failed with HTTP ${xhr.status}`, err.details, data));
    };
    xhr.send(form);
  });
}
