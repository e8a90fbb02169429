import { describe, expect, it } from 'vitest';
import { ENTITIES, ENTITY_ORDER, allFields } from './entities.js';
import { COMPANY_LINK, fieldForHeader, hasCompanyLink } from './header-synonyms.js';

describe('CSV headers read through the declarations', () => {
  it('maps every declared synonym back to its field (a reference to a company: the link column)', () => {
    for (const name of ENTITY_ORDER) {
      const entity = ENTITIES[name];
      for (const f of allFields(entity)) {
        for (const synonym of f.synonyms ?? []) {
          expect(fieldForHeader(entity, synonym), `${name}: "${synonym}"`).toBe(f.type === 'ref' ? COMPANY_LINK : f.name);
        }
      }
    }
    expect(ENTITY_ORDER.filter((n) => hasCompanyLink(ENTITIES[n]))).toEqual(['contact', 'deal']);
  });

  it('reads a field named after a word for the object ("Deal Owner", "Opportunity Owner"), not after another object', () => {
    expect(fieldForHeader(ENTITIES.deal, 'Deal Owner')).toBe('owner');
    expect(fieldForHeader(ENTITIES.deal, 'Opportunity Owner')).toBe('owner');
    expect(fieldForHeader(ENTITIES.contact, 'Lead Owner')).toBe('owner');
    expect(fieldForHeader(ENTITIES.company, 'Account Owner')).toBe('owner');
    expect(fieldForHeader(ENTITIES.contact, 'Deal Owner')).toBeUndefined();
    expect(fieldForHeader(ENTITIES.contact, 'Lead Shoe Size')).toBeUndefined();
  });

  it('knows the names queries use for a field as headers too', () => {
    expect(fieldForHeader(ENTITIES.company, 'Turnover')).toBe('annual_revenue');
    expect(fieldForHeader(ENTITIES.company, 'Workforce')).toBe('employees');
    expect(fieldForHeader(ENTITIES.contact, 'Channel')).toBe('lead_source');
  });
});
