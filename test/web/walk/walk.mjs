// A walk of the web app: signs in, opens each path, saves a screenshot (OUT, default /tmp/ui-walk) and prints load time,
// sideways overflow and cut texts. node test/web/walk/walk.mjs http://127.0.0.1:3102 demo / /contacts /pipeline   (SIZE=phone, EMAIL, PASSWORD)
// Usage: node walk.mjs BASE PREFIX path1 path2 ...   (env SIZE=phone|desktop, FULL=1)
import { chromium } from 'playwright-core';
const [base, prefix, ...paths] = process.argv.slice(2);
const phone = process.env.SIZE === 'phone';
const viewport = phone ? { width: 390, height: 844 } : { width: 1366, height: 850 };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: phone, hasTouch: phone });
const page = await ctx.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push('pageerror ' + e.message));
page.on('console', (m) => { if (m.type() === 'error') errors.push('console ' + m.text().slice(0, 200)); });
page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/api/auth/session')) errors.push(`${r.status()} ${r.url()}`); });
await page.goto(base + '/signin');
await page.getByLabel('E-mail').fill(process.env.EMAIL ?? 'owner@ui.test');
await page.getByLabel('Password').fill(process.env.PASSWORD ?? 'ui walk password 1');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL((u) => u.pathname !== '/signin');
for (const p of paths) {
  const t0 = Date.now();
  await page.goto(base + p);
  await page.waitForLoadState('networkidle').catch(() => {});
  // wait until no "Loading" text visible (max 15 s)
  let loading = true;
  for (let i = 0; i < 60 && loading; i++) { loading = await page.getByText(/Loading/).first().isVisible().catch(() => false); if (loading) await page.waitForTimeout(250); }
  const ms = Date.now() - t0;
  const name = `${prefix}-${p.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}-${phone ? 'phone' : 'desk'}`;
  await page.screenshot({ path: `${process.env.OUT ?? '/tmp/ui-walk'}/${name}.png`, fullPage: process.env.FULL === '1' });
  const info = await page.evaluate(() => {
    const out = { overflowX: document.documentElement.scrollWidth - window.innerWidth, truncated: [] };
    for (const el of document.querySelectorAll('body *')) {
      const cs = getComputedStyle(el);
      if (el.children.length === 0 && el.textContent.trim() && el.scrollWidth > el.clientWidth + 1 && (cs.textOverflow === 'ellipsis' || cs.overflow === 'hidden' || cs.overflowX === 'hidden')) {
        const r = el.getBoundingClientRect(); if (r.width > 0 && r.bottom > 0) out.truncated.push(el.textContent.trim().slice(0, 60));
      }
    }
    // elements wider than the viewport
    out.wide = [...document.querySelectorAll('body *')].filter((e) => { const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1 && r.width > 0 && getComputedStyle(e).position !== 'fixed'; }).slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 30));
    return out;
  });
  console.log(`${name}: ${ms}ms loadingLeft=${loading} overflowX=${info.overflowX} truncated=${JSON.stringify(info.truncated.slice(0, 12))}${info.truncated.length > 12 ? ' +' + (info.truncated.length - 12) : ''} wide=${JSON.stringify(phone ? info.wide : [])}`);
  if (errors.length) { console.log('  errors:', errors.splice(0).join(' | ')); }
}
await browser.close();
