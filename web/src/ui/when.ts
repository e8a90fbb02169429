/**
 * Dates of tasks and activities in the user's own time zone: `<input type="datetime-local">` values and back,
 * and due dates read the way people say them ("Today 15:30", "Tomorrow", "Fri 6 Nov"). Plain date-times are
 * format.ts's formatDateTime (local time too).
 */
const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a datetime-local value (local time, minutes). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (or a bare date: 09:00 that day) as an ISO instant; null when empty or unreadable. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value.length === 10 ? `${value}T09:00` : value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
const full = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** "Today 15:30", "Tomorrow 09:00", "Yesterday 17:00", "Fri 6 Nov 10:00", "3 Feb 2027 10:00" (local time). */
export function formatDue(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const startOf = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((startOf(d) - startOf(now)) / 86_400_000);
  const t = time.format(d);
  if (days === 0) return `Today ${t}`;
  if (days === 1) return `Tomorrow ${t}`;
  if (days === -1) return `Yesterday ${t}`;
  if (Math.abs(days) < 7) return `${weekday.format(d)} ${t}`;
  return `${full.format(d)} ${t}`;
}
