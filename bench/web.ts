/**
 * Web app figures: the gzipped size of what the first page loads (entry script and stylesheet) and of the
 * lazy chunks, first contentful paint / first rows of /contacts and the time to a record page's fields
 * (a contact's and a deal's) on the local server with the demo data, in Debian's chromium (cold cache, then
 * warm). Targets: main bundle < 400 kB gzipped, /contacts first rows < 1.5 s and a record page < 1 s cold.
 *
 *   npm run bench:web [-- --runs 7]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/delivery/config.js';
import { createApp } from '../src/delivery/api/app.js';
import { demoDataDir, loadDemoData, openCrm } from '../src/delivery/runtime.js';
import { buildWeb } from '../src/delivery/web/build.js';
import { WEB_DIST_DIR } from '../src/delivery/web/paths.js';
import { HashingProvider } from '../src/intelligence/embeddings/index.js';
import { createIntelligence } from '../src/intelligence/index.js';
import { generatePassword } from '../src/crm/access/passwords.js';
import { DEFAULT_WORKSPACE } from '../src/crm/index.js';
import { BENCH_AUTH } from './credentials.js';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Math.max(1, Number(args.runs));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const gz = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function bundleSizes() {
  const html = fs.readFileSync(path.join(WEB_DIST_DIR, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const all = fs.readdirSync(path.join(WEB_DIST_DIR, 'assets')).map((f) => `assets/${f}`);
  const size = (files: string[]) => files.reduce((s, f) => s + gz(path.join(WEB_DIST_DIR, f)), 0);
  const raw = (files: string[]) => files.reduce((s, f) => s + fs.statSync(path.join(WEB_DIST_DIR, f)).size, 0);
  const lazy = all.filter((f) => !initial.includes(f));
  return { initial, lazy, initialGz: size(initial), initialRaw: raw(initial), lazyGz: size(lazy), perFile: all.map((f) => ({ file: f, gz: gz(path.join(WEB_DIST_DIR, f)), initial: initial.includes(f) })) };
}

async function main() {
  if (await buildWeb({ ifStale: true, quiet: true })) console.log('built dist/web');
  const sizes = bundleSizes();
  console.log('\nBundle (gzip -9)');
  for (const f of sizes.perFile) console.log(`  ${f.initial ? 'initial' : 'lazy   '}  ${kb(f.gz).padStart(9)}  ${f.file}`);
  console.log(`  main bundle (what / loads): ${kb(sizes.initialGz)} gzipped (${kb(sizes.initialRaw)} raw) — target < 400 kB`);
  console.log(`  lazy chunks (dashboard, charts): ${kb(sizes.lazyGz)} gzipped`);

  if (!fs.existsSync(CHROMIUM)) {
    console.log(`\nFCP skipped: chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-web-'));
  const config = loadConfig({ ...process.env, CRM_DATA_DIR: dataDir, DATABASE_URL: '' });
  const { crm } = await openCrm(config);
  const t0 = Date.now();
  await loadDemoData(crm, demoDataDir(config));
  console.log(`\nServer: SQLite in ${dataDir}, demo data from ${demoDataDir(config)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const intelligence = createIntelligence(crm, { provider: new HashingProvider(256), worker: false });
  // Auth on, as served: every page opens signed in (the session cookie of an API sign-in), so the figures
  // include the app's session check.
  const who = { email: 'bench-web@localhost', password: generatePassword() };
  await crm.access.addUser(DEFAULT_WORKSPACE, { ...who, role: 'owner' }, { actor: 'bench' });
  const app = await createApp({ crm, intelligence, auth: BENCH_AUTH });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
  const session = login.headers.getSetCookie().find((c) => c.startsWith('crm_session='))?.split(';')[0]?.slice('crm_session='.length);
  if (!session) throw new Error(`bench sign-in failed: HTTP ${login.status}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const newContext = async (options?: import('playwright-core').BrowserContextOptions) => {
    const context = await browser.newContext(options);
    await context.addCookies([{ name: 'crm_session', value: session, url: base, httpOnly: true, sameSite: 'Lax' }]);
    return context;
  };
  try {
    const measure = async (page: import('playwright-core').Page) => {
      await page.goto(`${base}/contacts`);
      await page.waitForSelector('tbody tr[data-id]');
      return page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        rows: performance.now(),
        nav: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      }));
    };
    const cold: { fcp: number; rows: number; nav: number }[] = [];
    const warm: { fcp: number; rows: number; nav: number }[] = [];
    await measure(await (await newContext()).newPage()); // warm the server's caches once
    for (let i = 0; i < runs; i++) {
      const context = await newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      cold.push(await measure(page));
      warm.push(await measure(page));
      await context.close();
    }
    const line = (name: string, xs: typeof cold) =>
      console.log(`  ${name}: FCP ${median(xs.map((x) => x.fcp)).toFixed(0)} ms · DOMContentLoaded ${median(xs.map((x) => x.nav)).toFixed(0)} ms · first rows ${median(xs.map((x) => x.rows)).toFixed(0)} ms`);
    console.log(`\n/contacts in chromium (median of ${runs}, local server, no throttling)`);
    line('cold cache', cold);
    line('warm cache', warm);
    const coldRows = median(cold.map((x) => x.rows));
    console.log(`  first rows cold: ${coldRows.toFixed(0)} ms — target < 1500 ms: ${coldRows < 1500 ? 'met' : 'MISSED'}`);

    // A record page opened cold (a link someone shared): until its fields are on screen.
    const recordPage = async (page: import('playwright-core').Page, url: string) => {
      await page.goto(url);
      await page.waitForSelector('.field-row');
      return page.evaluate(() => performance.now());
    };
    const ids = async (plural: string) => {
      const r = await fetch(`${base}/api/${plural}?limit=${runs}`, { headers: { cookie: `crm_session=${session}` } });
      return ((await r.json()) as { data: { id: string }[] }).data.map((d) => d.id);
    };
    console.log(`\nRecord pages in chromium (median of ${runs}, until the fields show)`);
    for (const plural of ['contacts', 'deals']) {
      const list = await ids(plural);
      const coldMs: number[] = [];
      const warmMs: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        const id = list[i % list.length]!;
        coldMs.push(await recordPage(page, `${base}/${plural}/${id}`));
        warmMs.push(await recordPage(page, `${base}/${plural}/${list[(i + 1) % list.length]!}`));
        await context.close();
      }
      const c = median(coldMs);
      console.log(`  /${plural}/:id cold ${c.toFixed(0)} ms · warm ${median(warmMs).toFixed(0)} ms — target < 1000 ms cold: ${c < 1000 ? 'met' : 'MISSED'}`);
    }
  } finally {
    await browser.close();
    await app.close();
    await intelligence.stop();
    await crm.storage.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
