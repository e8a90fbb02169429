/**
 * Cuts a reader worker off the network: sockets, TLS, DNS, fetch and WebSocket throw. A parser tricked by a file
 * into fetching something (a PDF's remote font, an HTML page's resources) gets an error instead of a connection.
 * This is a guard inside one thread's JavaScript, not an operating-system sandbox: it blocks what a library reaches
 * through Node's APIs, which is how every reader here would connect.
 */
import { syncBuiltinESMExports } from 'node:module';
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';

export function cutNetwork(): void {
  const refuse = (what: string) => () => {
    throw new Error(`network access is blocked while reading a file (${what})`);
  };
  net.Socket.prototype.connect = refuse('socket') as never;
  net.connect = net.createConnection = refuse('socket') as never;
  tls.connect = refuse('tls') as never;
  dns.lookup = dns.resolve = refuse('dns') as never;
  dns.promises.lookup = dns.promises.resolve = refuse('dns') as never;
  globalThis.fetch = refuse('fetch') as never;
  (globalThis as { WebSocket?: unknown }).WebSocket = refuse('websocket');
  syncBuiltinESMExports();
}
