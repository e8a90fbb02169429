/**
 * Calendar invitations (.ics): each event a meeting at its real time (time zones from the file's VTIMEZONE, else
 * the IANA zone its TZID names), with organizer and attendees as participants.
 */
import ICAL from 'ical.js';
import { person, personFromAddress } from './people.js';
import { decodeText } from './sample.js';
import { IngestFileError, type ExtractedItem, type ExtractedPerson, type Extraction, type Ingester, type PersonRole } from './types.js';

/** Milliseconds the IANA zone is ahead of UTC at the given instant. */
function zoneOffsetMs(zone: string, at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!) - at.getTime();
}

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An event time as UTC ISO 8601. */
export function eventInstant(time: ICAL.Time, tzid: string | undefined): string {
  const zoneKnown = time.zone && time.zone !== ICAL.Timezone.localTimezone && time.zone.tzid !== 'floating';
  if (time.isDate || zoneKnown || !tzid || !isIanaZone(tzid)) return time.toJSDate().toISOString();
  // A TZID without its VTIMEZONE (Google and Outlook often omit it): the wall time in that IANA zone.
  const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  const guess = wall - zoneOffsetMs(tzid, new Date(wall));
  return new Date(wall - zoneOffsetMs(tzid, new Date(guess))).toISOString();
}

function participant(role: PersonRole, prop: ICAL.Property): ExtractedPerson | null {
  const address = String(prop.getFirstValue() ?? '').replace(/^mailto:/i, '');
  const cn = prop.getParameter('cn');
  const name = Array.isArray(cn) ? cn[0] : cn;
  return personFromAddress(role, name ? `${name} <${address}>` : address) ?? (name ? person(role, { name }) : null);
}

export const calendarIngester: Ingester = {
  kind: 'calendar',
  isolate: { module: import.meta.url, name: 'calendarIngester' },
  detect: (s) => (s.isText && /^\s*BEGIN:VCALENDAR\b/i.test(s.head) ? 1 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    let root: ICAL.Component;
    try {
      root = new ICAL.Component(ICAL.parse(decodeText(bytes)) as any);
    } catch (e) {
      throw new IngestFileError(`not a readable calendar (${(e as Error).message})`);
    }
    // Registered per file and removed after: a zone of one upload must not leak into another's.
    const zones = root.getAllSubcomponents('vtimezone').map((z) => new ICAL.Timezone(z));
    for (const z of zones) ICAL.TimezoneService.register(z);
    try {
      const items: ExtractedItem[] = [];
      for (const vevent of root.getAllSubcomponents('vevent')) {
        const event = new ICAL.Event(vevent);
        if (!event.startDate) continue;
        const tzid = vevent.getFirstProperty('dtstart')?.getParameter('tzid');
        const start = eventInstant(event.startDate, typeof tzid === 'string' ? tzid : undefined);
        const end = event.endDate ? eventInstant(event.endDate, typeof tzid === 'string' ? tzid : undefined) : null;
        const people = [
          ...vevent.getAllProperties('organizer').map((p) => participant('organizer', p)),
          ...vevent.getAllProperties('attendee').map((p) => participant('attendee', p)),
        ].filter((p): p is ExtractedPerson => p !== null);
        const lines = [event.summary, event.location ? `Location: ${event.location}` : '', event.description, people.length ? `Attendees: ${people.map((p) => p.name ?? p.emails[0]).join(', ')}` : ''];
        const cancelled = String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED' || String(root.getFirstPropertyValue('method') ?? '').toUpperCase() === 'CANCEL';
        items.push({
          activity: {
            type: 'meeting',
            subject: event.summary?.trim() || 'Meeting',
            body: lines.filter(Boolean).join('\n'),
            occurredAt: start,
            durationMinutes: end ? Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 60_000)) : undefined,
          },
          people,
          createContacts: false,
          meetingStart: start,
          // An invitation updated or cancelled later keeps its UID: the same event is not ingested twice.
          messageId: event.uid ? `ics:${event.uid}${cancelled ? ':cancelled' : ''}` : undefined,
          attachments: [],
        });
      }
      return { items, warnings: items.length === 0 ? ['the calendar has no events'] : [] };
    } finally {
      for (const z of zones) ICAL.TimezoneService.remove(z.tzid);
    }
  },
};
