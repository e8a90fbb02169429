import { describe, expect, it } from 'vitest';
import { ENTITIES } from './entities.js';
import { describeIssues, recordSchemas } from './record-schema.js';

const contact = recordSchemas(ENTITIES.contact);
const deal = recordSchemas(ENTITIES.deal);

function messages(input: Record<string, unknown>, schema = contact.create): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : describeIssues(result.error, input).map((d) => d.message);
}

describe('record schemas from the declarations', () => {
  it('accepts a valid contact and canonicalises date-times to UTC seconds', () => {
    const r = contact.create.safeParse({ first_name: 'Ada', email: 'ada@example.com', created_at: '2026-03-01T10:00:00.123+02:00', tags: ['vip'] });
    expect(r.success).toBe(true);
    expect(r.data?.created_at).toBe('2026-03-01T08:00:00Z');
  });

  it('names the field in every problem', () => {
    const m = messages({ email: 'not-an-email', lead_status: 'hot', tags: ['a;b'], nickname: 'x' });
    expect(m.some((s) => s.startsWith('email:'))).toBe(true);
    expect(m.some((s) => s.startsWith('lead_status:'))).toBe(true);
    expect(m.some((s) => s.startsWith('tags.0:') && s.includes(';'))).toBe(true);
    expect(m).toContain('unknown field: nickname');
  });

  it('requires the required fields on create but not on update', () => {
    expect(messages({ name: 'X' }, deal.create)).toContain('stage is required');
    expect(deal.patch.safeParse({ amount: 10 }).success).toBe(true);
    expect(deal.patch.safeParse({ stage: null }).success).toBe(false);
  });

  it('rejects impossible dates, non-integers and over-long text', () => {
    expect(deal.create.safeParse({ name: 'X', stage: 'lead', expected_close: '2026-02-30' }).success).toBe(false);
    expect(recordSchemas(ENTITIES.company).create.safeParse({ name: 'X', employees: 1.5 }).success).toBe(false);
    expect(contact.create.safeParse({ notes: 'x'.repeat(20001) }).success).toBe(false);
  });
});
