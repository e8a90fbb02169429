// Board timing: clicks Pipeline from Home twice and logs when the first card shows and each API request's start → end (ms).
// node test/web/walk/board-timing.mjs http://127.0.0.1:3102   (EMAIL, PASSWORD of a member)
import { chromium } from 'playwright-core';
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const page = await (await browser.newContext({ viewport: { width: 1366, height: 850 } })).newPage();
await page.goto(base + '/signin');
await page.getByLabel('E-mail').fill(process.env.EMAIL ?? 'owner@ui.test');
await page.getByLabel('Password').fill(process.env.PASSWORD ?? 'ui walk password 1');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL((u) => u.pathname !== '/signin');
await page.waitForLoadState('networkidle');
for (let run = 0; run < 2; run++) {
  const log = [];
  let t0;
  const onReq = (r) => { if (r.url().includes('/api/')) log.push({ url: r.url().replace(base, ''), start: Date.now() - t0, r }); };
  const onDone = (r) => { const e = log.find((x) => x.r === r); if (e) e.end = Date.now() - t0; };
  page.on('request', onReq); page.on('requestfinished', onDone);
  await page.goto(base + '/');
  await page.waitForLoadState('networkidle');
  t0 = Date.now();
  await page.getByRole('link', { name: 'Pipeline', exact: true }).first().click();
  await page.locator('.deal-card').first().waitFor({ timeout: 60000 });
  const firstCard = Date.now() - t0;
  await page.waitForFunction(() => !document.body.innerText.includes('Loading…'), null, { timeout: 60000 });
  const allCols = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  page.off('request', onReq); page.off('requestfinished', onDone);
  console.log(`run ${run}: first card ${firstCard} ms, all columns ${allCols} ms`);
  for (const e of log) console.log(`  ${String(e.start).padStart(5)} → ${String(e.end ?? '?').padStart(5)}  ${decodeURIComponent(e.url).slice(0, 110)}`);
}
await browser.close();
