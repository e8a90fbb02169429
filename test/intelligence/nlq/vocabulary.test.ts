/** The query words that come from the object declarations (entities.ts): nouns, measured fields, group-by fields. */
import { describe, expect, it } from 'vitest';
import { ENTITIES } from '../../../src/core/entities.js';
import { ENTITY_NOUNS, FIELD_WORDS, GROUP_WORDS } from '../../../src/intelligence/nlq/vocabulary.js';

describe('query vocabulary from the declarations', () => {
  it('names objects by their declared synonyms, customers also by their status', () => {
    for (const noun of ENTITIES.deal.synonyms ?? []) expect(ENTITY_NOUNS[noun], noun).toEqual({ entity: 'deal' });
    expect(ENTITY_NOUNS.accounts).toEqual({ entity: 'company' });
    expect(ENTITY_NOUNS.clients).toEqual({ entity: 'contact', status: 'customer' });
    expect(ENTITY_NOUNS.activities).toBeUndefined();
  });

  it('reads measured fields by their names and synonyms; a shared word names the money one', () => {
    expect(FIELD_WORDS.turnover).toEqual({ entity: 'company', field: 'annual_revenue' });
    expect(FIELD_WORDS.headcount).toEqual({ entity: 'company', field: 'employees' });
    expect(FIELD_WORDS.employee).toEqual({ entity: 'company', field: 'employees' });
    // "size" is a company's headcount and a deal's amount: in queries, the deal's ("deal size").
    expect(FIELD_WORDS.size).toEqual({ entity: 'deal', field: 'amount' });
    expect(FIELD_WORDS.valuable).toEqual({ entity: 'deal', field: 'amount' });
  });

  it('groups by fields named by their one-word synonyms, the first object keeping a shared word', () => {
    expect(GROUP_WORDS.role).toEqual({ entity: 'contact', field: 'title', label: 'title' });
    expect(GROUP_WORDS.status).toEqual({ entity: 'contact', field: 'lead_status', label: 'lead status' });
    expect(GROUP_WORDS.rep).toEqual({ entity: 'deal', field: 'owner', label: 'owner' });
    expect(GROUP_WORDS.sector).toEqual({ entity: 'company', field: 'industry', label: 'industry' });
  });
});
