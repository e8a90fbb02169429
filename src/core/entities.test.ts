import { describe, expect, it } from 'vitest';
import { ROLES, ROLE_LABELS } from './access.js';
import { ENTITIES, ENTITY_ORDER, LIST_PLURALS, SCORE_TARGETS, allFields, entitiesWith, fieldOf } from './entities.js';
import { ACCESS_EVENT_KINDS, AUDIT_KINDS, RECORD_EVENT_KINDS } from './events.js';

describe('the declarations drive the lists of objects', () => {
  it('derives each capability list from the objects that declare it', () => {
    expect(entitiesWith('list')).toEqual(['company', 'contact', 'deal']);
    expect(entitiesWith('merge')).toEqual(['company', 'contact']);
    expect(entitiesWith('timeline')).toEqual(['company', 'contact', 'deal']);
    expect(entitiesWith('similar')).toEqual(['company', 'contact', 'deal']);
    expect(LIST_PLURALS).toEqual(['companies', 'contacts', 'deals']);
    expect(SCORE_TARGETS).toEqual(['lead', 'deal']);
    expect(ENTITIES.contact.capabilities.score).toBe('lead');
  });

  it('merges only objects that have duplicate rules to find what to merge', () => {
    for (const name of entitiesWith('merge')) expect(ENTITIES[name].duplicateRules.length).toBeGreaterThan(0);
  });

  it('declares labels, units and default columns only where they mean something', () => {
    for (const name of ENTITY_ORDER) {
      for (const field of allFields(ENTITIES[name])) {
        if (field.unit) expect(['number', 'integer']).toContain(field.type);
        if (field.valueLabels) {
          expect(field.type).toBe('enum');
          expect(Object.keys(field.valueLabels).sort()).toEqual([...field.values!].sort());
        }
      }
      const columns = allFields(ENTITIES[name]).filter((f) => f.defaultColumn);
      expect(columns.length > 0).toBe(Boolean(ENTITIES[name].capabilities.list));
    }
    expect(fieldOf(ENTITIES.deal, 'stage')?.valueLabels?.closed_won).toBe('Won');
    expect(fieldOf(ENTITIES.deal, 'amount')?.unit).toBe('money');
    expect(fieldOf(ENTITIES.company, 'annual_revenue')?.unit).toBe('money');
  });
});

describe('roles and event kinds', () => {
  it('labels every role, weakest first', () => {
    expect(ROLES).toEqual(['read-only', 'member', 'admin', 'owner']);
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROLES].sort());
  });

  it('offers every record and workspace access kind in the audit log, except the ones only an account history holds', () => {
    expect(AUDIT_KINDS.slice(0, RECORD_EVENT_KINDS.length)).toEqual([...RECORD_EVENT_KINDS]);
    expect(AUDIT_KINDS).not.toContain('login_failed');
    expect(new Set(AUDIT_KINDS).size).toBe(AUDIT_KINDS.length);
    for (const kind of AUDIT_KINDS) expect([...RECORD_EVENT_KINDS, ...ACCESS_EVENT_KINDS]).toContain(kind);
  });
});
