/**
 * Create and link, end to end in a real browser: a company from "+ New", a contact linked to it through the
 * picker (found by domain), a deal from the contact's page, the duplicate warning with "Open the existing one",
 * the command bar's "new contact" and global search by phone jumping to the record. Screenshots of the form and
 * the record header at 1440×900 and 390×844.
 */
import { describe, expect, it } from 'vitest';
import { browserAvailable } from './browser.js';
import { browserSuite, type Json } from './session.js';

(browserAvailable ? describe : describe.skip)('create and link in a browser', () => {
  const s = browserSuite({ signIn: 'ui' });
  const dialog = () => s.page.getByRole('dialog');

  it('creates a company from "+ New", with problems shown beside their field', async () => {
    await s.goto(`/companies`);
    await s.page.getByRole('button', { name: '+ New company' }).click();
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('New company');
    await dialog().getByLabel('Domain').fill('not a domain');
    await dialog().getByRole('button', { name: 'Create company' }).click();
    await expect.poll(() => dialog().locator('#field-name-error').textContent()).toBe('Name is required');
    await expect.poll(() => dialog().locator('#field-domain-error').textContent()).toContain('Enter a domain');
    await dialog().getByLabel('Name').fill('Quokka Kitchens');
    await dialog().getByLabel('Domain').fill('quokkakitchens.example');
    await dialog().getByLabel('Employees').fill('');
    await s.shot('create-form-desktop');
    await dialog().getByRole('button', { name: 'Create company' }).click();
    await s.page.waitForURL(/\/companies\/co_/);
    await expect.poll(() => s.page.locator('#record-title').textContent()).toBe('Quokka Kitchens');
    // The header says what matters, never the id; erasing and deleting live in the menu.
    const facts = await s.page.locator('.record-facts').textContent();
    expect(facts).toContain('quokkakitchens.example');
    expect(facts).not.toMatch(/co_[a-z0-9]/);
    const [co] = (await s.api('/api/companies?q=quokkakitchens.example')).data as Json[];
    expect(co).toMatchObject({ name: 'Quokka Kitchens', domain: 'quokkakitchens.example', employees: null });
  });

  it('adds a contact to the company and links another through the picker, found by domain', async () => {
    await s.page.getByRole('button', { name: '+ Contact' }).click();
    // Started from the company page: the company is already chosen, by name.
    await expect.poll(() => dialog().getByRole('combobox', { name: 'Company' }).inputValue()).toBe('Quokka Kitchens');
    await dialog().getByLabel('First name').fill('Wren');
    await dialog().getByLabel('Last name').fill('Okafor');
    await dialog().getByLabel('Email').fill('wren@quokkakitchens.example');
    await dialog().getByLabel('Phone').fill('+1 646 555 0142');
    await dialog().getByRole('button', { name: 'Create contact' }).click();
    await expect.poll(async () => ((await s.api('/api/contacts?q=wren%40quokkakitchens.example')).data as Json[]).length).toBe(1);
    await s.page.getByRole('region', { name: 'Related contacts' }).getByRole('link', { name: 'Wren Okafor' }).waitFor();

    // A contact made from the list: the company typed by its domain and picked with the keyboard.
    await s.goto(`/contacts`);
    await s.page.getByRole('button', { name: '+ New contact' }).click();
    await dialog().getByLabel('First name').fill('Pax');
    await dialog().getByLabel('Last name').fill('Lindqvist');
    const picker = dialog().getByRole('combobox', { name: 'Company' });
    await picker.fill('quokkakitchens');
    await dialog().getByRole('option', { name: /Quokka Kitchens/ }).waitFor();
    await picker.press('Enter');
    await expect.poll(() => picker.inputValue()).toBe('Quokka Kitchens');
    await dialog().getByRole('button', { name: 'Create contact' }).click();
    await s.page.waitForURL(/\/contacts\/ct_/);
    const facts = await s.page.locator('.record-facts').textContent();
    expect(facts).toContain('Quokka Kitchens');
    const [pax] = (await s.api('/api/contacts?q=lindqvist')).data as Json[];
    const [co] = (await s.api('/api/companies?q=quokkakitchens.example')).data as Json[];
    expect(pax!.company_id).toBe(co!.id);
  });

  it('adds a deal from the contact page, linked to the contact and the company', async () => {
    const [wren] = (await s.api('/api/contacts?q=wren%40quokkakitchens.example')).data as Json[];
    await s.goto(`/contacts/${wren!.id}`);
    await s.page.getByRole('button', { name: '+ Deal' }).click();
    await expect.poll(() => dialog().getByRole('combobox', { name: 'Contact' }).inputValue()).toBe('Wren Okafor');
    await dialog().getByLabel('Name').fill('Quokka rollout');
    await dialog().getByLabel('Amount').fill('42000');
    await dialog().getByRole('button', { name: 'Create deal' }).click();
    await s.page.getByRole('region', { name: 'Related deals' }).getByRole('link', { name: 'Quokka rollout' }).waitFor();
    const [deal] = (await s.api('/api/deals?q=quokka%20rollout')).data as Json[];
    expect(deal).toMatchObject({ contact_id: wren!.id, company_id: wren!.company_id, amount: 42000, stage: 'lead' });
    await s.shot('record-header-desktop');
    await s.phone();
    await s.shot('record-header-phone');
    await s.desktop();
  });

  it('warns of a duplicate before saving and opens the existing one', async () => {
    await s.goto(`/contacts`);
    await s.page.getByRole('button', { name: '+ New contact' }).click();
    await dialog().getByLabel('First name').fill('W.');
    await dialog().getByLabel('Email').fill('Wren@QuokkaKitchens.example');
    const warning = dialog().getByRole('status', { name: 'Possible duplicates' });
    await expect.poll(() => warning.textContent()).toContain('Wren Okafor');
    expect(await warning.textContent()).toContain('same email');
    await s.phone();
    await s.shot('create-form-phone');
    await s.desktop();
    await warning.getByRole('button', { name: 'Open the existing one' }).click();
    await s.page.waitForURL(/\/contacts\/ct_/);
    await expect.poll(() => s.page.locator('#record-title').textContent()).toBe('Wren Okafor');
  });

  it('opens a new-contact form from the command bar and finds a person by phone', async () => {
    await s.goto(`/deals`);
    await s.page.locator('tbody tr[data-id]').first().waitFor();
    await s.page.locator('body').press('/');
    const bar = s.page.getByRole('dialog', { name: 'Command bar' });
    await bar.getByLabel('Ask or jump to').fill('new contact');
    await bar.getByRole('option', { name: /Create a new contact/ }).waitFor();
    await s.page.keyboard.press('Enter');
    await s.page.waitForURL(/\/contacts/);
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('New contact');
    await s.page.keyboard.press('Escape');
    // The form is gone before '/' is pressed: a key pressed while it closes does not reach the page.
    await dialog().waitFor({ state: 'hidden' });
    await s.page.locator('tbody tr[data-id]').first().waitFor();

    await s.page.locator('body').press('/');
    await s.page.getByLabel('Ask or jump to').fill('646 555 0142');
    await s.page.getByRole('listbox', { name: 'Records' }).getByRole('option', { name: /Wren Okafor/ }).waitFor();
    await s.page.keyboard.press('Enter');
    await s.page.waitForURL(/\/contacts\/ct_/);
    await expect.poll(() => s.page.locator('#record-title').textContent()).toBe('Wren Okafor');

    // "new deal for Quokka Kitchens" prefills the company.
    await s.page.locator('body').press('/');
    await s.page.getByLabel('Ask or jump to').fill('new deal for Quokka Kitchens');
    await s.page.keyboard.press('Enter');
    await s.page.waitForURL(/\/deals/);
    await expect.poll(() => dialog().getByRole('combobox', { name: 'Company' }).inputValue()).toBe('Quokka Kitchens');
    await s.page.keyboard.press('Escape');
    expect(s.pageErrors).toEqual([]);
  });

  it('opens the best match of the list search with Enter (a phone number, a domain)', async () => {
    await s.goto(`/contacts`);
    await s.page.locator('tbody tr[data-id]').first().waitFor();
    await s.page.getByLabel('Search contacts').fill('646 555 0142');
    await s.page.getByLabel('Search contacts').press('Enter');
    await s.page.waitForURL(/\/contacts\/ct_/);
    await expect.poll(() => s.page.locator('#record-title').textContent()).toBe('Wren Okafor');
    await s.goto(`/companies`);
    await s.page.locator('tbody tr[data-id]').first().waitFor();
    await s.page.getByLabel('Search companies').fill('quokkakitchens.example');
    await s.page.getByLabel('Search companies').press('Enter');
    await s.page.waitForURL(/\/companies\/co_/);
    await expect.poll(() => s.page.locator('#record-title').textContent()).toBe('Quokka Kitchens');
    expect(s.pageErrors).toEqual([]);
  });
});
