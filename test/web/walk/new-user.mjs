// A new user's first hour, driven step by step with a screenshot after each: create a company, a contact at it, a
// deal for both, move it to Won and another to Lost with a reason, add a task with a due date and complete it, log a
// call, search, import a small CSV, export. Prints what each step found; screenshots to OUT (default /tmp/ui-walk).
// EMAIL=… PASSWORD=… SIZE=phone|desktop node test/web/walk/new-user.mjs http://127.0.0.1:3201 TAG
import fs from 'node:fs';
import { chromium } from 'playwright-core';

const [base, tag = String(Date.now() % 10000)] = process.argv.slice(2);
const phone = process.env.SIZE === 'phone';
const out = process.env.OUT ?? '/tmp/ui-walk';
fs.mkdirSync(out, { recursive: true });
const viewport = phone ? { width: 390, height: 844 } : { width: 1440, height: 900 };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
const ctx = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone, locale: process.env.LOCALE ?? 'en-GB', timezoneId: 'Europe/Berlin', acceptDownloads: true });
const page = await ctx.newPage();
page.setDefaultTimeout(15_000);
const problems = [];
page.on('pageerror', (e) => problems.push('pageerror ' + e.message));
page.on('response', (r) => r.status() >= 400 && !r.url().includes('/api/auth/session') && problems.push(`${r.status()} ${r.request().method()} ${r.url().replace(base, '')}`));
let n = 0;
const size = phone ? 'phone' : 'desk';
async function shot(name) {
  await page.waitForTimeout(400);
  const file = `${out}/nu-${tag}-${size}-${String(++n).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: file });
  const focus = await page.evaluate(() => {
    const a = document.activeElement;
    return a && a !== document.body ? `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''} "${(a.getAttribute('aria-label') ?? a.textContent ?? '').trim().slice(0, 40)}"` : 'body';
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  console.log(`${file.split('/').pop()}  focus=${focus}${overflow > 0 ? ` OVERFLOW ${overflow}px` : ''}${problems.length ? '  PROBLEMS ' + problems.splice(0).join(' | ') : ''}`);
}
async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    console.log(`STEP FAILED ${name}: ${String(e.message).split('\n')[0]}`);
    await shot(`${name}-failed`);
  }
}
const nav = async (label) => {
  if (phone) {
    await page.getByRole('button', { name: /menu/i }).first().click();
  }
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
};

await page.goto(base + '/signin');
await page.getByLabel('E-mail').fill(process.env.EMAIL ?? 'owner@example.test');
await page.getByLabel('Password').fill(process.env.PASSWORD ?? 'a long password');
await page.keyboard.press('Enter');
await page.waitForURL((u) => u.pathname !== '/signin');
await shot('home');

const company = `Lindqvist & Søn Maskinfabrik Aktieselskab ${tag}`;
await step('company', async () => {
  await nav('Companies');
  await page.getByRole('button', { name: /New company/ }).click();
  const form = page.getByRole('dialog', { name: 'New company' });
  await form.getByLabel('Name').first().fill(company);
  await form.getByLabel('Domain').fill(`lindqvist${tag}.dk`);
  await shot('company-form');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/companies\/.+/);
  await shot('company-page');
});
const companyUrl = page.url();

await step('contact', async () => {
  await page.getByRole('button', { name: /\+ Contact/ }).first().click();
  const form = page.getByRole('dialog', { name: 'New contact' });
  await form.getByLabel('First name').fill('Åsa');
  await form.getByLabel('Last name').fill(`Lindqvist-Bergström ${tag}`);
  await form.getByLabel('Email').fill(`asa${tag}@lindqvist${tag}.dk`);
  await form.getByLabel('Phone').fill('+45 31 22 33 44');
  await shot('contact-form');
  await form.getByRole('button', { name: /Create contact/ }).click();
  await form.waitFor({ state: 'detached' });
  await shot('after-contact');
});

await step('deal', async () => {
  if (!page.url().includes('/companies/')) await page.goto(companyUrl);
  await page.getByRole('button', { name: /\+ Deal/ }).first().click();
  const form = page.getByRole('dialog', { name: 'New deal' });
  await form.locator('#field-name').fill(`Press line retrofit ${tag}`);
  await form.getByLabel('Amount').fill('48,500');
  await form.getByLabel('Expected close').fill('2027-01-15').catch(() => {});
  await shot('deal-form');
  await form.getByRole('button', { name: /Create deal/ }).click();
  await form.waitFor({ state: 'detached' });
  await shot('after-deal');
});

await step('won', async () => {
  if (!page.url().includes('/deals/')) {
    await page.getByRole('link', { name: new RegExp(`Press line retrofit ${tag}`) }).first().click();
  }
  await page.waitForURL(/\/deals\/.+/);
  await shot('deal-page');
  for (const stage of ['Qualified', 'Proposal', 'Negotiation']) {
    await page.getByRole('button', { name: `Move to ${stage}` }).click();
    await page.waitForTimeout(600);
  }
  await shot('deal-negotiation');
  await page.getByRole('button', { name: /^Won/ }).first().click();
  await page.waitForTimeout(800);
  await shot('deal-won');
});

await step('lost', async () => {
  await page.goto(companyUrl);
  await page.getByRole('button', { name: /\+ Deal/ }).first().click();
  const form = page.getByRole('dialog', { name: 'New deal' });
  await form.locator('#field-name').fill(`Spare parts contract ${tag}`);
  await form.getByLabel('Amount').fill('9000');
  await form.getByRole('button', { name: /Create deal/ }).click();
  await form.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: new RegExp(`Spare parts contract ${tag}`) }).first().click();
  await page.waitForURL(/\/deals\/.+/);
  await page.getByRole('button', { name: /^Lost/ }).first().click();
  await shot('lost-dialog');
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/Reason/i).first().selectOption({ label: 'Price' }).catch(async () => dialog.getByText('Price').first().click());
  await dialog.getByLabel(/Note/i).fill('Went with a cheaper local supplier').catch(() => {});
  await shot('lost-reason');
  await dialog.getByRole('button', { name: /Mark.*lost|Lost|Save|Close/i }).last().click();
  await page.waitForTimeout(800);
  await shot('deal-lost');
});

await step('task', async () => {
  await nav('Tasks');
  await page.getByRole('button', { name: '+ New task' }).click();
  const form = page.getByRole('form', { name: 'New task' });
  await form.getByLabel('Subject').fill(`Send the signed order to Åsa ${tag}`);
  const due = form.getByLabel(/Due/).first();
  await due.fill('2027-01-10T10:30');
  await form.getByRole('combobox').last().fill('Åsa').catch(() => {});
  await page.waitForTimeout(800);
  await shot('task-form');
  await page.getByRole('listbox').getByRole('option').first().click();
  await form.getByRole('button', { name: 'Add task' }).click();
  await form.waitFor({ state: 'detached' });
  await shot('task-added');
  await page.getByRole('checkbox', { name: new RegExp(`Complete task: Send the signed order to Åsa ${tag}`) }).check();
  await page.waitForTimeout(800);
  await shot('task-done');
});

await step('call', async () => {
  await page.goto(companyUrl);
  await page.getByRole('link', { name: new RegExp(`Åsa Lindqvist`) }).first().click();
  await page.waitForURL(/\/contacts\/.+/);
  const composer = page.getByRole('form', { name: 'Add to timeline' });
  await composer.locator('label', { hasText: /^call$/ }).click();
  await composer.getByLabel('Subject').fill('Discovery call');
  await composer.getByLabel('Details').fill('Wants delivery before the spring shutdown; budget approved.');
  await shot('call-form');
  await composer.getByRole('button', { name: 'Add call' }).click();
  await page.waitForTimeout(800);
  await shot('call-logged');
});

await step('search', async () => {
  await nav('Contacts');
  const search = page.getByRole('searchbox').first();
  await search.fill('Åsa');
  await page.waitForTimeout(1000);
  await shot('search-contacts');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Lindqvist');
  await page.waitForTimeout(1500);
  await shot('command-search');
  await page.keyboard.press('Escape');
});

await step('import', async () => {
  await nav('Import');
  const csv = `first_name,last_name,email,company\nGrace,Hopper ${tag},grace${tag}@navy.example,US Navy ${tag}\nAlan,Turing ${tag},alan${tag}@bletchley.example,Bletchley Park ${tag}\n`;
  fs.writeFileSync(`/tmp/contacts-${tag}.csv`, csv);
  await page.locator('input[type=file]').first().setInputFiles(`/tmp/contacts-${tag}.csv`);
  await page.waitForTimeout(1000);
  await shot('import-preview');
  await page.getByRole('button', { name: /^Import/ }).last().click();
  await page.waitForTimeout(4000);
  await shot('import-done');
});

await step('export', async () => {
  await nav('Contacts');
  await page.waitForTimeout(800);
  const dl = page.waitForEvent('download', { timeout: 10_000 });
  if (phone) await page.getByRole('button', { name: /More|⋯/ }).first().click();
  await page.getByRole('button', { name: /Export CSV/ }).first().click();
  const d = await dl;
  const file = `/tmp/export-${tag}-${size}.csv`;
  await d.saveAs(file);
  console.log(`export: ${d.suggestedFilename()} ${fs.readFileSync(file, 'utf8').split('\n').length - 1} lines`);
  await shot('exported');
});

await step('pipeline', async () => {
  await nav('Pipeline');
  await page.waitForTimeout(1500);
  await shot('pipeline');
  await nav('Dashboard');
  await page.waitForTimeout(2000);
  await shot('dashboard');
  await nav('Home');
  await page.waitForTimeout(1000);
  await shot('home-after');
});
console.log(problems.length ? 'left problems: ' + problems.join(' | ') : 'no page errors or failed requests left');
await browser.close();
