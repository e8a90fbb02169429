import { describe, expect, it } from 'vitest';
import { calendarIngester } from '../../../src/intelligence/ingest/calendar.ingester.js';
import { DEFAULT_INGEST_LIMITS } from '../../../src/intelligence/ingest/index.js';
import { readFixture } from './read-fixture.js';

describe('calendars, transcripts and chat exports', () => {
  it('reads an invitation as a meeting at the right instant (VTIMEZONE, daylight time) with its attendees', async () => {
    const { kind, extraction } = await readFixture('kickoff.ics');
    expect(kind).toBe('calendar');
    const [item] = extraction.items;
    // 10:00 in New York on 16 March 2026 is daylight time (UTC-4).
    expect(item!.meetingStart).toBe('2026-03-16T14:00:00.000Z');
    expect(item!.activity).toMatchObject({ type: 'meeting', subject: 'Fleet Cloud kickoff', durationMinutes: 60 });
    expect(item!.people.map((p) => [p.role, p.name, p.emails[0]])).toEqual([
      ['organizer', 'Sam Seller', 'sam@hololoom.test'],
      ['attendee', 'Grace Hopper', 'grace@northwind-robotics.com'],
      ['attendee', 'Omar Haddad', 'omar.haddad@northwind-robotics.com'],
    ]);
  });

  it('reads a TZID without its VTIMEZONE in that IANA zone', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x1\r\nDTSTART;TZID=Europe/Berlin:20260120T090000\r\nSUMMARY:Demo\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const out = await calendarIngester.extract(new TextEncoder().encode(ics), { limits: DEFAULT_INGEST_LIMITS, now: '2026-01-01T00:00:00Z' });
    expect(out.items[0]!.meetingStart).toBe('2026-01-20T08:00:00.000Z');
  });

  it('reads a WebVTT transcript as a call with speakers, length and signals', async () => {
    const { kind, extraction, facts } = await readFixture('call.vtt');
    expect(kind).toBe('transcript');
    const [item] = extraction.items;
    expect(item!.activity).toMatchObject({ type: 'call', durationMinutes: 25 });
    expect(item!.people.map((p) => p.name)).toEqual(['Sam Seller', 'Grace Hopper']);
    expect(facts[0]).toMatchObject({ amounts: [42000], signals: ['competition'] });
  });

  it('reads a SubRip transcript with "Name:" speakers', async () => {
    const { kind, extraction, facts } = await readFixture('call.srt');
    expect(kind).toBe('transcript');
    expect(extraction.items[0]!.people.map((p) => p.name)).toEqual(['Sam Seller', 'Linus Park']);
    expect(facts[0]!.signals).toEqual(['missing_decision_maker']);
  });

  it('reads a Slack export as one conversation dated at its first message', async () => {
    const { kind, extraction } = await readFixture('slack-export.json');
    expect(kind).toBe('chat');
    expect(extraction.items[0]!.activity).toMatchObject({ type: 'note', occurredAt: '2026-03-04T10:00:00.000Z' });
    expect(extraction.items[0]!.activity!.body).toContain('Grace Hopper: Can we get the Fleet Cloud contract redlines by Thursday?');
  });
});
