/**
 * Follow-up rules (issue 15) shared by every write path — the record service and the importer:
 * - an activity's outcome must be one of its type's (calls: connected …; meetings: held …), a duration is whole
 *   minutes ≥ 0, and both belong to calls and meetings only;
 * - `owner` holds a member's user id (imports may name the member by e-mail or name instead);
 * - logging an e-mail, call or meeting with a contact and/or company moves their `last_contacted_at` forward
 *   (never backward: a back-dated activity older than the stored date leaves it; deleting or re-dating an activity
 *   does not move it back either — the date says when someone was last in touch as far as the CRM was told).
 */
import { toTimestamp } from '../core/clock.js';
import { CONTACT_ACTIVITY_TYPES, ENTITIES, OUTCOMES_BY_TYPE, type CrmRecord, type EntityDef } from '../core/entities.js';
import { validationError } from '../core/errors.js';
import type { Member, Storage } from '../storage/index.js';

export interface Problem {
  field: string;
  message: string;
}

/** What is wrong with an activity's outcome and duration (empty when nothing). */
export function activityProblems(record: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const type = record.type as string;
  const allowed = OUTCOMES_BY_TYPE[type as keyof typeof OUTCOMES_BY_TYPE];
  const outcome = record.outcome;
  if (outcome != null) {
    if (!allowed) problems.push({ field: 'outcome', message: `outcome: only calls and meetings have an outcome (this is a ${type})` });
    else if (!allowed.includes(outcome as string)) problems.push({ field: 'outcome', message: `outcome: a ${type} takes one of ${allowed.join(', ')}` });
  }
  const duration = record.duration_minutes;
  if (duration != null) {
    if (!allowed) problems.push({ field: 'duration_minutes', message: `duration_minutes: only calls and meetings have a duration (this is a ${type})` });
    else if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 0 || duration > 14 * 24 * 60)
      problems.push({ field: 'duration_minutes', message: 'duration_minutes: must be whole minutes from 0 to 20160 (two weeks)' });
  }
  return problems;
}

/** Throws a 400 naming the field when an activity's outcome or duration does not fit its type. */
export function checkActivity(entity: EntityDef, record: Record<string, unknown>): void {
  if (entity.name !== 'activity') return;
  const problems = activityProblems(record);
  if (problems.length > 0) throw validationError(`invalid activity: ${problems.map((p) => p.message).join('; ')}`, problems);
}

/** Throws a 400 naming `owner` when it is set to something other than a member's user id. */
export async function checkOwner(storage: Storage, ws: string, owner: unknown): Promise<void> {
  if (owner == null || owner === '') return;
  if (typeof owner === 'string' && (await storage.users.membership(ws, owner))) return;
  const message = `owner: ${String(owner)} is not a member of this workspace (owner takes a member's user id, see GET /api/members)`;
  throw validationError(message, [{ field: 'owner', message }]);
}

/** Maps an import's owner cell — a member's user id, e-mail or name (any case) — to the member's id. */
export class OwnerResolver {
  private byKey?: Map<string, string | null>;

  constructor(private readonly storage: Storage, private readonly ws: string) {}

  /** The member's id; null for an empty cell; undefined when nobody (or more than one member by that name) fits. */
  async resolve(cell: unknown): Promise<string | null | undefined> {
    if (cell == null || cell === '') return null;
    if (typeof cell !== 'string') return undefined;
    if (!this.byKey) this.byKey = index(await this.storage.users.members(this.ws));
    const hit = this.byKey.get(cell.trim().toLowerCase());
    return hit === null ? undefined : hit;
  }
}

function index(members: Member[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const add = (key: string | null | undefined, id: string) => {
    if (!key) return;
    const k = key.trim().toLowerCase();
    // Two members of one name: the name is ambiguous (null), the e-mail still works.
    out.set(k, out.has(k) && out.get(k) !== id ? null : id);
  };
  for (const m of members) add(m.id, m.id);
  for (const m of members) add(m.email, m.id);
  for (const m of members) add(m.name, m.id);
  return out;
}

/**
 * Import rows: maps owner cells to member ids (rewriting the row) and reports rows whose owner is nobody in the
 * workspace. Returns the rows that pass. (Outcome and duration are checked by the write pipeline, as for the API.)
 */
export async function checkImportRows<R extends { line: number; record: CrmRecord }>(resolver: OwnerResolver, rows: R[], reject: (row: R, problem: Problem) => void): Promise<R[]> {
  const good: R[] = [];
  for (const row of rows) {
    if (row.record.owner == null) {
      good.push(row);
      continue;
    }
    const id = await resolver.resolve(row.record.owner);
    if (id !== undefined) {
      row.record.owner = id;
      good.push(row);
    } else reject(row, { field: 'owner', message: `owner: "${String(row.record.owner)}" is not a member of this workspace (give a member's e-mail, name or user id)` });
  }
  return good;
}

/** A client's clock may run ahead of the server's: "just now" on a laptop counts though it is after the server's now. */
const CLOCK_SKEW_MS = 60 * 60 * 1000;

/**
 * Moves last_contacted_at of the contacts and companies of e-mails, calls and meetings forward to their
 * occurred_at: only later values win, and activities dated more than an hour after `now` (planned) do not count.
 * One set-based statement per object and batch. Call inside the transaction that writes the activities.
 */
export async function touchLastContacted(tx: Storage, ws: string, activities: readonly Record<string, unknown>[], now: Date): Promise<void> {
  const dates = new LastContactedDates();
  dates.add(activities, now);
  await dates.write(tx, ws);
}

/**
 * The same, gathered over many batches of one transaction and written once (an import: a contact's and a company's
 * row is then rewritten once per file instead of once per batch; each rewrite updates every index of the row, the
 * companies' trigram GINs included). Only later dates win either way, so the outcome is the same.
 */
export class LastContactedDates {
  private readonly latest = [
    [ENTITIES.contact, 'contact_id', new Map<string, string>()],
    [ENTITIES.company, 'company_id', new Map<string, string>()],
  ] as const;

  add(activities: readonly Record<string, unknown>[], now: Date): void {
    const until = toTimestamp(new Date(now.getTime() + CLOCK_SKEW_MS));
    for (const [, ref, latest] of this.latest) {
      for (const a of activities) {
        const id = a[ref];
        const at = a.occurred_at;
        if (typeof id !== 'string' || typeof at !== 'string' || !CONTACT_ACTIVITY_TYPES.includes(a.type as string) || at > until) continue;
        if (!latest.has(id) || latest.get(id)! < at) latest.set(id, at);
      }
    }
  }

  /** Writes the dates gathered so far, and forgets them. */
  async write(tx: Storage, ws: string): Promise<void> {
    for (const [entity, , latest] of this.latest) {
      if (latest.size > 0) await tx.records.raiseValues(ws, entity, 'last_contacted_at', latest);
      latest.clear();
    }
  }
}

/**
 * `owner=me` in list parameters: the signed-in member's id. Without one (AUTH=off, the CLI) "me" is nobody in
 * particular, and the filter is dropped (everyone's records), as "my deals" in the query bar does.
 */
export function withMe<P extends Record<string, unknown>>(params: P, me: string | null): P {
  if (params.owner !== 'me') return params;
  const { owner: _, ...rest } = params;
  return (me ? { ...rest, owner: me } : rest) as P;
}
