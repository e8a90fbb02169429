/**
 * Builds the web app with Vite into dist/web. `npm start` runs it with --if-stale first (prestart), so a fresh
 * clone, or one with newer web sources than the last build, serves the current UI without a separate step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, WEB_DIST_DIR, WEB_SRC_DIR } from './paths.js';

/** Sources the bundle is made of besides web/: the shared object declarations and the lock file. */
const EXTRA_INPUTS = [path.join(REPO_ROOT, 'src/core/entities.ts'), path.join(REPO_ROOT, 'package-lock.json')];

function newestMtime(p: string): number {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** True when dist/web is missing or older than any web source. */
export function webBuildIsStale(): boolean {
  const index = fs.statSync(path.join(WEB_DIST_DIR, 'index.html'), { throwIfNoEntry: false });
  if (!index) return true;
  return Math.max(newestMtime(WEB_SRC_DIR), ...EXTRA_INPUTS.map(newestMtime)) > index.mtimeMs;
}

export async function buildWeb({ ifStale = false, quiet = false } = {}): Promise<boolean> {
  if (ifStale && !webBuildIsStale()) return false;
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_SRC_DIR, 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ifStale = process.argv.includes('--if-stale');
  buildWeb({ ifStale })
    .then((built) => {
      if (!built) console.log('web app: dist/web is up to date');
    })
    .catch((e: unknown) => {
      console.error(`web app build failed: ${(e as Error).message}`);
      process.exit(1);
    });
}
