/**
 * Real `crm` processes for the multi-process and fault suites: started with an environment of their own, their
 * output collected, waited for, and killed (SIGKILL on purpose: a crash, not a shutdown).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/delivery/cli/main.ts');

export interface CrmProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  exited: Promise<number | null>;
  kill9(): Promise<void>;
}

export function startCrm(args: string[], env: NodeJS.ProcessEnv): CrmProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until `check` holds (returns a truthy value) or the time is up; returns its last value. */
export async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Starts `crm serve` on a free port and waits until /health/ready answers 200. */
export async function startServer(env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<CrmProcess & { base: string }> {
  const port = await freePort();
  const proc = startCrm(['serve'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    `crm serve on ${base}`,
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`crm serve exited (${proc.child.exitCode}): ${proc.output()}`);
      return (await fetch(`${base}/health/ready`)).status === 200;
    },
    timeoutMs,
  ).catch((e) => {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${proc.output()}`);
  });
  return { ...proc, base };
}
