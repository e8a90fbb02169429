import { describe, expect, it } from 'vitest';
import { readFixture } from './read-fixture.js';

describe('e-mail and mbox ingestion', () => {
  it('reads an .eml as an email with sender, recipients, Message-ID and facts relative to its date', async () => {
    const { kind, extraction, facts } = await readFixture('pricing.eml');
    expect(kind).toBe('email');
    const [item] = extraction.items;
    expect(item!.activity).toMatchObject({ type: 'email', subject: 'Fleet Cloud pricing', occurredAt: '2026-03-03T19:05:00.000Z' });
    expect(item!.messageId).toBe('pricing-42@northwind-robotics.com');
    expect(item!.people.map((p) => [p.role, p.emails[0]])).toEqual([
      ['from', 'grace@northwind-robotics.com'],
      ['to', 'sam@hololoom.test'],
      ['cc', 'ada.quinn@northwind-robotics.com'],
    ]);
    expect(facts[0]).toMatchObject({ amounts: [48000], signals: ['price_objection'], phones: ['+14155550199'] });
    // "by Friday" in a mail of Tuesday 3 March is Friday 6 March.
    expect(facts[0]!.tasks).toEqual([{ title: 'Could you send the revised quote by Friday?', due: '2026-03-06' }]);
  });

  it('hands an e-mail attachment over to be ingested in turn', async () => {
    const { extraction } = await readFixture('with-attachment.eml');
    expect(extraction.items[0]!.attachments.map((a) => a.name)).toEqual(['fleet-cloud-proposal-signed.pdf']);
    expect(new TextDecoder().decode(extraction.items[0]!.attachments[0]!.bytes.subarray(0, 5))).toBe('%PDF-');
  });

  it('splits an mbox into its messages, unescaping ">From " lines', async () => {
    const { kind, extraction, facts } = await readFixture('inbox.mbox');
    expect(kind).toBe('mbox');
    expect(extraction.items.map((i) => i.messageId)).toEqual(['security-1@northwind-robotics.com', 'intro-7@tidewater-labs.io']);
    expect(extraction.items[1]!.activity!.body).toContain('From the notes: budget around $20k.');
    expect(facts[0]!.signals).toContain('missing_decision_maker');
    expect(facts[1]!.amounts).toEqual([20000]);
  });
});
