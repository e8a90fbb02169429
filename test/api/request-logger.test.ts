/**
 * The request logger (req.log) is made when a request first writes a line at an enabled level
 * (delivery/api/request-logger.ts): what is logged, and with which request id, must not change.
 */
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/delivery/api/app.js';
import { LazyRequestLogger } from '../../src/delivery/api/request-logger.js';
import { openTestCrm, type BackendContext } from '../support/backends.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('LazyRequestLogger', () => {
  it('makes the child only for a line that is written, with the same bindings and options', () => {
    const { lines, stream } = capture();
    // Fastify's own pino logger, as the server has it.
    const parent: FastifyBaseLogger = Fastify({ logger: { level: 'info', stream } }).log;
    let children = 0;
    const counting = Object.assign(Object.create(parent) as FastifyBaseLogger, { child: (b: Record<string, unknown>, o?: Parameters<FastifyBaseLogger['child']>[1]) => (children++, parent.child(b, o)) });
    const log = new LazyRequestLogger(counting, { reqId: 'req-7' }, {});
    expect(log.level).toBe('info');
    log.debug('not written');
    log.trace('not written');
    // Asking whether a level is written (the request-completed line asks for debug) makes no child either.
    expect(log.isLevelEnabled('debug')).toBe(false);
    expect(log.isLevelEnabled('warn')).toBe(true);
    expect(children).toBe(0);
    log.info({ a: 1 }, 'written');
    log.error('also written');
    expect(children).toBe(1);
    expect(lines.map((l) => [l.msg, l.reqId, l.a])).toEqual([
      ['written', 'req-7', 1],
      ['also written', 'req-7', undefined],
    ]);
    // A route's own level (Fastify's logLevel) is the child's, not the parent's.
    const verbose = new LazyRequestLogger(parent, { reqId: 'req-8' }, { level: 'debug' });
    expect(verbose.isLevelEnabled('debug')).toBe(true);
    verbose.debug('route at debug');
    expect(lines.at(-1)).toMatchObject({ msg: 'route at debug', reqId: 'req-8' });
    const quiet = new LazyRequestLogger(parent, { reqId: 'req-9' }, { level: 'error' });
    quiet.warn('not written');
    expect(lines).toHaveLength(3);
    // Setting the level, and children of the request logger, go to the real child.
    quiet.level = 'warn';
    quiet.warn('now written');
    quiet.child({ step: 'x' }).warn('from a child');
    expect(lines.slice(-2).map((l) => [l.msg, l.reqId, l.step])).toEqual([
      ['now written', 'req-9', undefined],
      ['from a child', 'req-9', 'x'],
    ]);
  });
});

describe('request logging through the app', () => {
  let ctx: BackendContext;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ ctx, cleanup } = await openTestCrm('sqlite'));
  });
  afterAll(async () => cleanup());

  for (const level of ['info', 'debug'] as const) {
    it(`at ${level}: nothing per request at info; at debug one line per request, each with its own request id`, async () => {
      const { lines, stream } = capture();
      const app = await createApp({ crm: ctx.crm, logger: { level, stream } as { level: string }, auth: { mode: 'off' } });
      try {
        expect((await app.inject({ method: 'GET', url: '/api/contacts?limit=1' })).statusCode).toBe(200);
        expect((await app.inject({ method: 'GET', url: '/api/contacts/nobody' })).statusCode).toBe(404);
        const requestLines = lines.filter((l) => l.msg === 'request completed');
        if (level === 'info') expect(requestLines).toEqual([]);
        else {
          expect(requestLines).toHaveLength(2);
          expect(requestLines.map((l) => l.reqId)).toEqual([expect.any(String), expect.any(String)]);
          expect(requestLines[0]!.reqId).not.toBe(requestLines[1]!.reqId);
        }
      } finally {
        await app.close();
      }
    });
  }
});
