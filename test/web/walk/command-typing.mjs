// Types straight after Enter in the command bar, as a fast typist does, and prints where the letters went.
// EMAIL=owner@example.test PASSWORD='a long password' node test/web/walk/command-typing.mjs http://127.0.0.1:3102
// For each start page and command: the focused field after the form opened and its value (the 'Zed' typed).
import { chromium } from 'playwright-core';
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
await page.goto(base + '/signin');
await page.getByLabel('E-mail').fill(process.env.EMAIL ?? 'owner@example.test');
await page.getByLabel('Password').fill(process.env.PASSWORD ?? 'a long password');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL((u) => u.pathname !== '/signin');
let whole = 0;
let tries = 0;
for (const start of ['/', '/contacts', '/deals']) {
  await page.goto(base + start);
  await page.waitForLoadState('networkidle');
  if (start === '/contacts') await page.getByRole('searchbox').first().focus().catch(() => {});
  for (const cmd of ['new contact', 'new deal', 'new company', 'log a call']) {
    await page.keyboard.press('Control+k');
    await page.getByLabel('Ask or jump to').waitFor();
    await page.getByLabel('Ask or jump to').fill(cmd);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Zed');
    const form = page.locator('form.record-form');
    await form.waitFor();
    await page.waitForTimeout(800); // whatever is still on its way lands
    const info = await page.evaluate(() => {
      const a = document.activeElement;
      return { at: a ? `${a.tagName}#${a.id}` : 'none', value: a && 'value' in a ? a.value : '', search: document.querySelector('input[type=search]')?.value ?? '' };
    });
    tries++;
    if (info.value === 'Zed') whole++;
    console.log(`${start} "${cmd}" -> ${info.at} value=${JSON.stringify(info.value)} search box=${JSON.stringify(info.search)}`);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
  }
}
console.log(`${whole} of ${tries}: the typed text whole in the focused field`);
await browser.close();
