/**
 * Importing files written by other tools: header synonyms ("Email Address", "Job Title", "Mobile", "Company Name"),
 * a company column of names or domains linked to existing companies (normalised) or creating them, counted in the
 * report, and row errors that name the record and the bad value. Both databases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { fieldForHeader, COMPANY_LINK } from '../../src/core/header-synonyms.js';
import { DEFAULT_WORKSPACE } from '../../src/crm/index.js';
import { describeEachBackend } from '../support/backends.js';

const ws = DEFAULT_WORKSPACE;
const csv = (name: string, text: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-syn-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

it('maps headers of other tools to fields, without case, spaces or punctuation', () => {
  const c = ENTITIES.contact;
  expect(['Email Address', 'E-mail', 'email_address', 'Job Title', 'Mobile', 'Phone Number', 'First Name', 'LAST NAME'].map((h) => fieldForHeader(c, h))).toEqual([
    'email', 'email', 'email', 'title', 'phone', 'phone', 'first_name', 'last_name',
  ]);
  expect(['Company', 'Company Name', 'Company Domain'].map((h) => fieldForHeader(c, h))).toEqual([COMPANY_LINK, COMPANY_LINK, COMPANY_LINK]);
  // The field's own name wins: company_id holds ids.
  expect(fieldForHeader(c, 'company_id')).toBe('company_id');
  expect(fieldForHeader(c, 'Shoe size')).toBeUndefined();
  expect(fieldForHeader(ENTITIES.company, 'Company Name')).toBe('name');
  expect(fieldForHeader(ENTITIES.company, 'Website')).toBe('domain');
  expect(fieldForHeader(ENTITIES.deal, 'Close Date')).toBe('expected_close');
});

describeEachBackend('import with header synonyms and a company column', (ctx) => {
  it('links rows to existing companies by normalised name or domain, creates the others once, and counts both', async () => {
    const { records, importer } = ctx().crm;
    await records.create(ws, 'company', { id: 'co_acme', name: 'Acme Inc', domain: 'acme.com' });
    await records.create(ws, 'company', { id: 'co_kestrel', name: 'Kestrel Labs' });
    const file = csv('people.csv', [
      'First Name,Last Name,Email Address,Job Title,Mobile,Company Name,Favourite colour',
      'Ada,Byron,ada@acme.com,CTO,+44 20 7946 0001,"ACME, Inc.",blue',
      'Bo,Chen,bo@acme.com,CEO,,https://www.acme.com/,',
      'Cy,Dee,cy@kestrel.io,,,kestrel labs,',
      'Di,Ess,di@globex.com,,,Globex,green',
      'Ed,Fox,ed@globex.com,,,GLOBEX,',
      'Fi,Gee,fi@initech.com,,,initech.com,',
      'Gu,Hu,gu@nowhere.com,,,,',
    ].join('\n'));
    const report = await importer.importFile(ws, 'contact', file);
    expect(report).toMatchObject({ rolled_back: false, inserted: 7, errors: [], companies_linked: 3, companies_created: 2 });
    const page = await records.list(ws, 'contact', { limit: 50, sort: { field: 'first_name', direction: 'asc' } });
    const byName = new Map(page.records.map((r) => [r.first_name as string, r]));
    expect(byName.get('Ada')).toMatchObject({ email: 'ada@acme.com', title: 'CTO', phone: '+44 20 7946 0001', company_id: 'co_acme', custom: { 'Favourite colour': 'blue' } });
    expect(byName.get('Bo')!.company_id).toBe('co_acme');
    expect(byName.get('Cy')!.company_id).toBe('co_kestrel');
    expect(byName.get('Gu')!.company_id).toBeNull();
    const globex = byName.get('Di')!.company_id as string;
    expect(byName.get('Ed')!.company_id).toBe(globex);
    expect(await records.get(ws, 'company', globex)).toMatchObject({ name: 'Globex', domain: null });
    expect(await records.get(ws, 'company', byName.get('Fi')!.company_id as string)).toMatchObject({ name: 'initech.com', domain: 'initech.com' });
    expect(await ctx().crm.storage.records.count(ws, ENTITIES.company)).toBe(4);

    // A later file links to the companies the first one created, and creates nothing.
    const again = await importer.importFile(ws, 'contact', csv('more.csv', 'email,company\nzed@globex.com,Globex\nyu@initech.com,www.initech.com\n'));
    expect(again).toMatchObject({ inserted: 2, companies_linked: 2, companies_created: 0 });
    expect(await ctx().crm.storage.records.count(ws, ENTITIES.company)).toBe(4);
  });

  it('names the record and the bad value in each row error, and writes nothing of the file', async () => {
    const file = csv('bad-people.csv', [
      'First Name,Last Name,E-mail,Job Title,Company',
      'Ada,Byron,ada@@x,CTO,Brand New Co',
      ',,,,Brand New Co',
      'Lin,Wu,lin@wu.io,,Brand New Co',
    ].join('\n'));
    const report = await ctx().crm.importer.importFile(ws, 'contact', file);
    expect(report.rolled_back).toBe(true);
    expect(report.errors.map((e) => [e.line, e.field, e.message])).toEqual([[2, 'email', 'Ada Byron <ada@@x>: email "ada@@x" must be an email address']]);
    expect((await ctx().crm.records.list(ws, 'company', { limit: 10, filters: [{ field: 'name', op: 'eq', value: 'Brand New Co' }] })).records).toEqual([]);
  });
});
