/** A JSON client for tests that talk to a real listening server. */

// Response bodies are read loosely: the assertions say what they expect of them.
export type Json = Record<string, any>;

/**
 * `call(method, url, body?, headers?)` against the server at `base()` (read at call time: tests learn the address
 * in beforeAll). A body is sent as JSON; the answer's body is parsed when there is one, else null.
 */
export function jsonClient(base: () => string) {
  return async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base()}${url}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const answer = { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
    // The headers ride along unenumerated, so a whole answer still compares equal to {status, body}.
    return Object.defineProperty(answer, 'headers', { value: res.headers, enumerable: false }) as typeof answer & { readonly headers: Headers };
  };
}
