/**
 * Create and link, end to end in a real browser: a company from "+ New", a contact linked to it through the
 * picker (found by domain), a deal from the contact's page, the duplicate warning with "Open the existing one",
 * the command bar's "new contact" and global search by phone jumping to the record. Screenshots of the form and
 * the record header at 1440×900 and 390×844.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable, launchBrowser } from './browser.js';
import { startWebTestServer, type WebTestServer } from './server.js';
import { apiLogin, signInThroughUi, type Json, type SessionClient } from './session.js';

(browserAvailable ? describe : describe.skip)('create and link in a browser', () => {
  let server: WebTestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let owner: SessionClient;
  const api = async (path: string, init?: { method?: string; json?: unknown }): Promise<Json> => (await owner.call(path, init)).body;
  const shot = (name: string) => page.screenshot({ path: artifactPath(`${name}.png`), fullPage: false });
  const phone = async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(500); // the layout's own transition settles
  };
  const desktop = async () => page.setViewportSize({ width: 1440, height: 900 });
  const dialog = () => page.getByRole('dialog');

  beforeAll(async () => {
    server = await startWebTestServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    owner = await apiLogin(server.base, server.owner);
    await page.goto(`${server.base}/`);
    await page.waitForURL(/\/signin/);
    await signInThroughUi(page, server.base, server.owner);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a company from "+ New", with problems shown beside their field', async () => {
    await page.goto(`${server.base}/companies`);
    await page.getByRole('button', { name: '+ New company' }).click();
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('New company');
    await dialog().getByLabel('Domain').fill('not a domain');
    await dialog().getByRole('button', { name: 'Create company' }).click();
    await expect.poll(() => dialog().locator('#field-name-error').textContent()).toBe('Name is required');
    await expect.poll(() => dialog().locator('#field-domain-error').textContent()).toContain('Enter a domain');
    await dialog().getByLabel('Name').fill('Quokka Kitchens');
    await dialog().getByLabel('Domain').fill('quokkakitchens.example');
    await dialog().getByLabel('Employees').fill('');
    await shot('create-form-desktop');
    await dialog().getByRole('button', { name: 'Create company' }).click();
    await page.waitForURL(/\/companies\/co_/);
    await expect.poll(() => page.locator('#record-title').textContent()).toBe('Quokka Kitchens');
    // The header says what matters, never the id; erasing and deleting live in the menu.
    const facts = await page.locator('.record-facts').textContent();
    expect(facts).toContain('quokkakitchens.example');
    expect(facts).not.toMatch(/co_[a-z0-9]/);
    const [co] = (await api('/api/companies?q=quokkakitchens.example')).data as Json[];
    expect(co).toMatchObject({ name: 'Quokka Kitchens', domain: 'quokkakitchens.example', employees: null });
  });

  it('adds a contact to the company and links another through the picker, found by domain', async () => {
    await page.getByRole('button', { name: '+ Contact' }).click();
    // Started from the company page: the company is already chosen, by name.
    await expect.poll(() => dialog().getByRole('combobox', { name: 'Company' }).inputValue()).toBe('Quokka Kitchens');
    await dialog().getByLabel('First name').fill('Wren');
    await dialog().getByLabel('Last name').fill('Okafor');
    await dialog().getByLabel('Email').fill('wren@quokkakitchens.example');
    await dialog().getByLabel('Phone').fill('+1 646 555 0142');
    await dialog().getByRole('button', { name: 'Create contact' }).click();
    await expect.poll(async () => ((await api('/api/contacts?q=wren%40quokkakitchens.example')).data as Json[]).length).toBe(1);
    await page.getByRole('region', { name: 'Related contacts' }).getByRole('link', { name: 'Wren Okafor' }).waitFor();

    // A contact made from the list: the company typed by its domain and picked with the keyboard.
    await page.goto(`${server.base}/contacts`);
    await page.getByRole('button', { name: '+ New contact' }).click();
    await dialog().getByLabel('First name').fill('Pax');
    await dialog().getByLabel('Last name').fill('Lindqvist');
    const picker = dialog().getByRole('combobox', { name: 'Company' });
    await picker.fill('quokkakitchens');
    await dialog().getByRole('option', { name: /Quokka Kitchens/ }).waitFor();
    await picker.press('Enter');
    await expect.poll(() => picker.inputValue()).toBe('Quokka Kitchens');
    await dialog().getByRole('button', { name: 'Create contact' }).click();
    await page.waitForURL(/\/contacts\/ct_/);
    const facts = await page.locator('.record-facts').textContent();
    expect(facts).toContain('Quokka Kitchens');
    const [pax] = (await api('/api/contacts?q=lindqvist')).data as Json[];
    const [co] = (await api('/api/companies?q=quokkakitchens.example')).data as Json[];
    expect(pax!.company_id).toBe(co!.id);
  });

  it('adds a deal from the contact page, linked to the contact and the company', async () => {
    const [wren] = (await api('/api/contacts?q=wren%40quokkakitchens.example')).data as Json[];
    await page.goto(`${server.base}/contacts/${wren!.id}`);
    await page.getByRole('button', { name: '+ Deal' }).click();
    await expect.poll(() => dialog().getByRole('combobox', { name: 'Contact' }).inputValue()).toBe('Wren Okafor');
    await dialog().getByLabel('Name').fill('Quokka rollout');
    await dialog().getByLabel('Amount').fill('42000');
    await dialog().getByRole('button', { name: 'Create deal' }).click();
    await page.getByRole('region', { name: 'Related deals' }).getByRole('link', { name: 'Quokka rollout' }).waitFor();
    const [deal] = (await api('/api/deals?q=quokka%20rollout')).data as Json[];
    expect(deal).toMatchObject({ contact_id: wren!.id, company_id: wren!.company_id, amount: 42000, stage: 'lead' });
    await shot('record-header-desktop');
    await phone();
    await shot('record-header-phone');
    await desktop();
  });

  it('warns of a duplicate before saving and opens the existing one', async () => {
    await page.goto(`${server.base}/contacts`);
    await page.getByRole('button', { name: '+ New contact' }).click();
    await dialog().getByLabel('First name').fill('W.');
    await dialog().getByLabel('Email').fill('Wren@QuokkaKitchens.example');
    const warning = dialog().getByRole('status', { name: 'Possible duplicates' });
    await expect.poll(() => warning.textContent()).toContain('Wren Okafor');
    expect(await warning.textContent()).toContain('same email');
    await phone();
    await shot('create-form-phone');
    await desktop();
    await warning.getByRole('button', { name: 'Open the existing one' }).click();
    await page.waitForURL(/\/contacts\/ct_/);
    await expect.poll(() => page.locator('#record-title').textContent()).toBe('Wren Okafor');
  });

  it('opens a new-contact form from the command bar and finds a person by phone', async () => {
    await page.goto(`${server.base}/deals`);
    await page.locator('tbody tr[data-id]').first().waitFor();
    await page.locator('body').press('/');
    const bar = page.getByRole('dialog', { name: 'Command bar' });
    await bar.getByLabel('Ask or jump to').fill('new contact');
    await bar.getByRole('option', { name: /Create a new contact/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/contacts/);
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('New contact');
    await page.keyboard.press('Escape');
    await page.locator('tbody tr[data-id]').first().waitFor();

    await page.locator('body').press('/');
    await page.getByLabel('Ask or jump to').fill('646 555 0142');
    await page.getByRole('listbox', { name: 'Records' }).getByRole('option', { name: /Wren Okafor/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/contacts\/ct_/);
    await expect.poll(() => page.locator('#record-title').textContent()).toBe('Wren Okafor');

    // "new deal for Quokka Kitchens" prefills the company.
    await page.locator('body').press('/');
    await page.getByLabel('Ask or jump to').fill('new deal for Quokka Kitchens');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/deals/);
    await expect.poll(() => dialog().getByRole('combobox', { name: 'Company' }).inputValue()).toBe('Quokka Kitchens');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('opens the best match of the list search with Enter (a phone number, a domain)', async () => {
    await page.goto(`${server.base}/contacts`);
    await page.locator('tbody tr[data-id]').first().waitFor();
    await page.getByLabel('Search contacts').fill('646 555 0142');
    await page.getByLabel('Search contacts').press('Enter');
    await page.waitForURL(/\/contacts\/ct_/);
    await expect.poll(() => page.locator('#record-title').textContent()).toBe('Wren Okafor');
    await page.goto(`${server.base}/companies`);
    await page.locator('tbody tr[data-id]').first().waitFor();
    await page.getByLabel('Search companies').fill('quokkakitchens.example');
    await page.getByLabel('Search companies').press('Enter');
    await page.waitForURL(/\/companies\/co_/);
    await expect.poll(() => page.locator('#record-title').textContent()).toBe('Quokka Kitchens');
    expect(pageErrors).toEqual([]);
  });
});
