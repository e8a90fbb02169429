import { expect, it } from 'vitest';
import { ENTITIES } from '../../src/core/entities.js';
import { reindexSearch } from '../../src/crm/search-reindex.js';
import { describeEachBackend } from '../support/backends.js';

describeEachBackend('search documents rebuilt after their format changed', (ctx) => {
  it('makes every record findable by the current document, whatever the stored one said', async () => {
    const { crm } = ctx();
    const { record } = await crm.records.create('default', 'contact', { first_name: 'Rhea', last_name: 'Quill', email: 'rhea@quillworks.example', phone: '+44 20 7946 0958' });
    // A document written the old way: no phone, the e-mail as one token.
    await crm.storage.search.index('default', 'contact', [{ id: record.id, body: 'Rhea\nQuill\nrhea@quillworks.example' }]);
    const find = async (q: string) => (await crm.storage.records.list('default', ENTITIES.contact, { q, limit: 5 })).records.map((r) => r.id);
    expect(await find('02079460958')).toEqual([]);
    expect(await reindexSearch(crm.storage)).toBeGreaterThanOrEqual(1);
    expect(await find('02079460958')).toEqual([record.id]);
    expect(await find('quillworks')).toEqual([record.id]);
  });
});
