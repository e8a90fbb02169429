/**
 * The workspace's settings for closing deals (issue 15): the list of lost reasons a loss picks from, and how many
 * days without an activity or a stage move make an open deal "idle". Stored in the workspace settings; each change
 * is one atomic read-modify-write and is written to the audit log (entity `setting`).
 */
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { validationError } from '../core/errors.js';
import type { RecordEvent, SettingsRepository, Storage } from '../storage/index.js';

export const DEFAULT_LOST_REASONS: readonly string[] = ['Price', 'Chose a competitor', 'No budget', 'No decision / went dark', 'Timing', 'Missing feature', 'Other'];
export const DEFAULT_IDLE_DAYS = 30;
export const MAX_LOST_REASONS = 50;
export const MAX_LOST_REASON_LENGTH = 100;

export const DEFAULT_CURRENCY = 'USD';

const LOST_REASONS_KEY = 'deals.lost_reasons';
const IDLE_DAYS_KEY = 'deals.idle_days';
const CURRENCY_KEY = 'deals.currency';

/** The workspace's lost reasons, in the order it keeps them (the defaults until an admin changes them). */
export async function readLostReasons(settings: Pick<SettingsRepository, 'get'>, ws: string): Promise<string[]> {
  const value = await settings.get(ws, LOST_REASONS_KEY);
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : [...DEFAULT_LOST_REASONS];
}

export async function readIdleDays(settings: Pick<SettingsRepository, 'get'>, ws: string): Promise<number> {
  const value = await settings.get(ws, IDLE_DAYS_KEY);
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_IDLE_DAYS;
}

/** The workspace's currency (ISO 4217 code): what a new deal starts with and what sums of amounts are shown in. */
export async function readCurrency(settings: Pick<SettingsRepository, 'get'>, ws: string): Promise<string> {
  const value = await settings.get(ws, CURRENCY_KEY);
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) ? value : DEFAULT_CURRENCY;
}

/** A settings change in the audit log (entity `setting`, core/events.ts). */
const settingEvent = (key: string, at: string, actor: string | null, from: unknown, to: unknown): RecordEvent => ({
  entity: 'setting',
  record_id: key,
  kind: 'updated',
  at,
  actor,
  data: { changes: { value: [from, to] } },
});

export class DealSettingsService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  lostReasons(ws: string): Promise<string[]> {
    return readLostReasons(this.storage.settings, ws);
  }

  idleDays(ws: string): Promise<number> {
    return readIdleDays(this.storage.settings, ws);
  }

  /** Replaces the list: trimmed, non-empty, no two alike in any case. Deals keep the reasons they were lost with. */
  async setLostReasons(ws: string, input: readonly string[], actor: string | null): Promise<string[]> {
    const reasons = input.map((r) => r.trim());
    const problems: { field: string; message: string }[] = [];
    if (reasons.length === 0) problems.push({ field: 'reasons', message: 'keep at least one reason' });
    if (reasons.length > MAX_LOST_REASONS) problems.push({ field: 'reasons', message: `at most ${MAX_LOST_REASONS} reasons` });
    const seen = new Set<string>();
    reasons.forEach((r, i) => {
      if (r === '') problems.push({ field: `reasons.${i}`, message: 'must not be empty' });
      else if (r.length > MAX_LOST_REASON_LENGTH) problems.push({ field: `reasons.${i}`, message: `at most ${MAX_LOST_REASON_LENGTH} characters` });
      else if (seen.has(r.toLowerCase())) problems.push({ field: `reasons.${i}`, message: `"${r}" is listed twice` });
      seen.add(r.toLowerCase());
    });
    if (problems.length > 0) throw validationError(`lost reasons: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, problems);
    return this.write(ws, LOST_REASONS_KEY, reasons, actor);
  }

  async setIdleDays(ws: string, days: number, actor: string | null): Promise<number> {
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw validationError('days: a whole number of days from 1 to 3650', [{ field: 'days', message: 'a whole number from 1 to 3650' }]);
    return this.write(ws, IDLE_DAYS_KEY, days, actor);
  }

  currency(ws: string): Promise<string> {
    return readCurrency(this.storage.settings, ws);
  }

  /** Three letters (ISO 4217: USD, EUR, GBP …), stored in capitals. Existing deals keep their own currency. */
  async setCurrency(ws: string, code: string, actor: string | null): Promise<string> {
    const value = code.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(value)) throw validationError('currency: a three-letter currency code such as USD, EUR or GBP', [{ field: 'currency', message: 'a three-letter code such as USD, EUR or GBP' }]);
    return this.write(ws, CURRENCY_KEY, value, actor);
  }

  private async write<T>(ws: string, key: string, value: T, actor: string | null): Promise<T> {
    const now = toTimestamp(this.clock.now());
    await this.storage.transaction(async (tx) => {
      // What it was, read in the same atomic step, as the readers see it (the default when unset).
      const raw = await tx.settings.update(ws, key, (current) => ({ value, result: current }), now);
      const get = { get: async () => raw };
      const before = key === LOST_REASONS_KEY ? await readLostReasons(get, ws) : key === CURRENCY_KEY ? await readCurrency(get, ws) : await readIdleDays(get, ws);
      if (JSON.stringify(before) !== JSON.stringify(value)) await tx.events.append(ws, [settingEvent(key, now, actor, before, value)]);
    });
    return value;
  }
}
