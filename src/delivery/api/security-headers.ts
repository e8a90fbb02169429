/**
 * The security headers every answer carries, worked out once by helmet (the library behind @fastify/helmet) from
 * the options below and then set as a plain header object per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

const OPTIONS: Parameters<typeof helmet>[0] = {
  // No upgrade-insecure-requests: a server on a plain-HTTP LAN address would have its own assets upgraded away.
  // Frames are denied outright (no page of the app is meant to be embedded, not even by itself).
  contentSecurityPolicy: {
    directives: {
      'default-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'style-src': ["'self'", "'unsafe-inline'"], 'script-src': ["'self'"],
      'frame-ancestors': ["'none'"], 'upgrade-insecure-requests': null,
    },
  },
  xFrameOptions: { action: 'deny' },
  // HSTS means something only over HTTPS (browsers ignore it on plain HTTP); app.ts sends it when the request is.
  strictTransportSecurity: false,
};

/** Header name → value, as helmet's middleware would set them on a response (none depends on the request). */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  helmet(OPTIONS)({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => (failed = err));
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return headers;
}
