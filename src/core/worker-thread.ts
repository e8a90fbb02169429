/**
 * Starting a worker thread from a module next to the caller. Under tsx (how the CRM runs) the worker is
 * TypeScript, and loader hooks given as `execArgv: ['--import', 'tsx']` do not reach worker threads on Node 20;
 * so a two-line ESM shim loads tsx's `tsImport` inside the worker and imports the .ts file through it.
 * Compiled to .js, the module starts directly. (In core so the crm layer and the intelligence layer share it.)
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `baseName` without extension, resolved next to `callerUrl` (pass `import.meta.url`). */
export function spawnModuleWorker(callerUrl: string, baseName: string, workerData: unknown, options: Omit<WorkerOptions, 'eval' | 'workerData'> = {}): Worker {
  const here = new URL(callerUrl);
  const ts = here.pathname.endsWith('.ts');
  const target = new URL(`./${baseName}.${ts ? 'ts' : 'js'}`, here);
  if (!ts) return new Worker(target, { ...options, workerData });
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const shim = `const { tsImport } = await import(${JSON.stringify(api)});\nawait tsImport(${JSON.stringify(target.href)}, ${JSON.stringify(here.href)});`;
  return new Worker(shim, { ...options, eval: true, workerData });
}
