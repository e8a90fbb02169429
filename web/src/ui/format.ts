/** How values read on screen: money, dates, numbers — one place, so tables and record pages agree. */
import type { FieldDef } from '../api/entities';
import { DEAL_STAGE_LABELS } from '../api/entities';
import { fromLocalInput, toLocalInput } from './when';

/**
 * The workspace's currency (Settings → Deals; USD until set): sums and deals without their own currency are shown in
 * it. The shell sets it once the setting is read (and keeps the last one in the browser for the next start).
 */
const CURRENCY_STORE = 'hololoom.currency';
let workspaceCurrency = (() => {
  try {
    return localStorage.getItem(CURRENCY_STORE) ?? 'USD';
  } catch {
    return 'USD';
  }
})();
export const defaultCurrency = () => workspaceCurrency;
export function setDefaultCurrency(code: string) {
  workspaceCurrency = code;
  try {
    localStorage.setItem(CURRENCY_STORE, code);
  } catch {
    /* private mode */
  }
}
const number = new Intl.NumberFormat('en-US');
const compactNumber = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
/** One formatter per currency and style, made once: a code the browser does not know ("XYZ", "dollars") is kept too. */
const moneyFormats = new Map<string, (v: number) => string>();
let formatsMade = 0;
/** How many money formatters were made so far (a test checks that a code is not made a new one per amount). */
export const moneyFormatsMade = () => formatsMade;
function moneyFormat(currency: string, compact: boolean): (v: number) => string {
  const key = `${currency}|${compact}`;
  let f = moneyFormats.get(key);
  if (!f) {
    formatsMade++;
    try {
      const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: compact ? 1 : 0, ...(compact ? { notation: 'compact' } : {}) });
      f = (v) => intl.format(v);
    } catch {
      // Not a currency code the browser knows: the number and the code.
      const plain = compact ? compactNumber : number;
      f = (v) => `${currency} ${plain.format(v)}`;
    }
    moneyFormats.set(key, f);
  }
  return f;
}
// A calendar date ('2026-11-06': expected close) is the same day everywhere: read and shown in UTC. An instant
// (created_at, occurred_at, last_contacted_at …) is shown in the browser's own time zone, on every screen.
const calendarDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const localDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const localDayTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** An amount in `currency` (a deal's own), else in the workspace's: "$15,900", "€1.2M", "CHF 2,000". */
export function formatMoney(v: number, compact = false, currency?: unknown): string {
  const code = typeof currency === 'string' && currency.trim() ? currency.trim().toUpperCase() : workspaceCurrency;
  return moneyFormat(code, compact)(v);
}
export const formatNumber = (v: number) => number.format(v);
/** "6 Nov 2026": a calendar date as it is, an instant as the local day it falls on. */
export const formatDate = (iso: string) => {
  const calendar = iso.length === 10;
  const d = new Date(calendar ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : (calendar ? calendarDay : localDay).format(d);
};
/** "6 Nov 2026, 10:00" in local time: timelines, Home, settings and the audit log alike. */
export const formatDateTime = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : localDayTime.format(d);
};
/** A file's size: "130 bytes", "4.2 kB", "12 MB" (1 kB = 1,024 bytes, as file managers count). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${formatNumber(n)} ${n === 1 ? 'byte' : 'bytes'}`;
  const [value, unit] = n < 1024 ** 2 ? [n / 1024, 'kB'] : n < 1024 ** 3 ? [n / 1024 ** 2, 'MB'] : [n / 1024 ** 3, 'GB'];
  return `${value < 10 ? Math.round(value * 10) / 10 : formatNumber(Math.round(value))} ${unit}`;
}
export const formatPercent = (p: number) => `${Math.round(p * 100)}%`;
/** A probability's likely range as words: "12%–31%", or "about 12%" when the range rounds to one figure (a hand-set model has none). */
export const formatPercentRange = (lo: number, hi: number) => (formatPercent(lo) === formatPercent(hi) ? `about ${formatPercent(lo)}` : `${formatPercent(lo)}–${formatPercent(hi)}`);
export const stageLabel = (s: string) => DEAL_STAGE_LABELS[s as keyof typeof DEAL_STAGE_LABELS] ?? s;

export const isEmptyValue = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Plain text of a value (CSV export, titles, editors); money in `currency` (the record's own) when given. */
export function textOf(field: FieldDef | undefined, value: unknown, currency?: unknown): string {
  if (isEmptyValue(value)) return '';
  if (Array.isArray(value)) return value.join('; ');
  if (!field) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (field.type) {
    case 'number':
    case 'integer':
      return typeof value === 'number' ? (field.unit === 'money' ? formatMoney(value, false, currency) : formatNumber(value)) : String(value);
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatDate(String(value));
    case 'enum':
      return field.name === 'stage' ? stageLabel(String(value)) : String(value).replace(/_/g, ' ');
    default:
      return String(value);
  }
}

/** Text typed into an editor → the value the API takes for that field (`null` clears it). */
export function parseInput(field: FieldDef, raw: string): unknown {
  const s = raw.trim();
  if (s === '') return null;
  switch (field.type) {
    case 'integer':
    case 'number': {
      const n = Number(s.replace(/[$€£¥,\s]/g, ''));
      return Number.isNaN(n) ? s : n; // the server names the field when it is not a number
    }
    case 'tags':
      return s.split(/[;,]/).map((t) => t.trim()).filter(Boolean);
    case 'datetime':
      // A day typed for an instant: the start of that day where the user is (as the cell shows it).
      return /^\d{4}-\d{2}-\d{2}$/.test(s) ? (fromLocalInput(`${s}T00:00`) ?? s) : s;
    default:
      return s;
  }
}

/** A value as an editor's starting text. */
export function inputOf(field: FieldDef, value: unknown): string {
  if (isEmptyValue(value)) return '';
  if (Array.isArray(value)) return value.join('; ');
  if (field.type === 'datetime') return toLocalInput(String(value)).slice(0, 10) || String(value).slice(0, 10);
  return String(value);
}

/** A score's note as a user reads it: the server's notes name the CLI command an operator runs ("run: crm model train"). */
export const scoreNote = (note: string): string => note.replace(/ ?\(run: crm model train\)/g, '').replace(/^no (trained|learned)/, 'No $1');

/** A value's words with a capital, as a label reads: "left_voicemail" → "Left voicemail", "call" → "Call". */
const capitalised = (value: string): string => {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** An activity type as a heading or chart label names it: "Email", "Call", "Meeting", "Note", "Task". */
export const activityTypeLabel = capitalised;

const ACTIVITY_ICONS: Record<string, string> = { email: '✉', call: '☎', meeting: '◷', note: '✎', task: '☐' };
/** An activity type's mark in the timeline and on Home ("•" for a type without one). */
export const activityTypeIcon = (type: string): string => ACTIVITY_ICONS[type] ?? '•';

/**
 * A deal's name without its company's in front: on Nova Goods' page "Nova Goods – Automation Cloud" four times over,
 * cut at the panel's edge, reads as four copies of one deal; "Automation Cloud" tells them apart. The deals list
 * does the same beside its Company column (the name was cut at 1366 px by the company it repeated).
 */
export function withoutCompany(name: string, company: string | undefined): string {
  const c = company?.trim();
  if (!c || !name.toLowerCase().startsWith(c.toLowerCase())) return name;
  const rest = name.slice(c.length).replace(/^\s*[–—\-:|·]\s*/, '');
  return rest && rest !== name.slice(c.length) ? rest : name;
}

/**
 * An enum value as a select's option names it: the declared label (stages), else its words with a capital ("Left
 * voicemail", "Customer", "Call"; were "left voicemail", "customer", "call"). Cells and CSV keep the value's text.
 */
export function enumLabel(field: FieldDef, value: string): string {
  const declared = field.valueLabels?.[value];
  if (declared) return declared;
  if (field.name === 'stage') return stageLabel(value);
  return capitalised(value);
}
