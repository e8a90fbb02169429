/**
 * The write pipeline's checks that read the database, batched (one query per reference field and per unique field
 * for a whole batch): a single API write is a batch of one, an import file is read in batches of thousands.
 */
import type { CrmRecord, EntityDef } from '../core/entities.js';
import { conflict, CrmError, validationError } from '../core/errors.js';
import { normalizeKey } from '../core/normalize.js';
import type { Storage } from '../storage/index.js';
import { parentRelations } from './relations.js';

/** What is wrong with one record of a batch: the field, the whole message, and the detail shown beside the field. */
export interface WriteProblem {
  index: number;
  code: 'validation' | 'conflict';
  field: string;
  message: string;
  detail: string;
}

/** The domain error of a problem (a single write throws it). */
export const problemError = (p: WriteProblem): CrmError => (p.code === 'conflict' ? conflict : validationError)(p.message, [{ field: p.field, message: p.detail }]);

/**
 * References that point at nothing. `values[i]` holds the reference fields a write sets (a create's record, a
 * patch); `known` lists ids known to exist or to be created in the same write (an import's earlier rows and files),
 * and learns the ids found.
 */
export async function referenceProblems(
  tx: Storage,
  ws: string,
  entity: EntityDef,
  values: readonly Record<string, unknown>[],
  known: (parent: string) => Set<string> = () => new Set(),
): Promise<WriteProblem[]> {
  const problems: WriteProblem[] = [];
  for (const { field, parent } of parentRelations(entity)) {
    const found = known(parent.name);
    const wanted = [...new Set(values.map((v) => v[field.name]).filter((v): v is string => typeof v === 'string' && !found.has(v)))];
    if (wanted.length > 0) for (const id of await tx.records.existingIds(ws, parent, wanted)) found.add(id);
    values.forEach((v, index) => {
      const ref = v[field.name];
      if (typeof ref !== 'string' || found.has(ref)) return;
      const detail = `${parent.name} ${ref} does not exist`;
      problems.push({ index, code: 'validation', field: field.name, message: `${field.name}: ${detail}`, detail });
    });
  }
  return problems;
}

/** Unique values already taken within one batch or file: field → normalised value → who took it. */
export type TakenValues = Map<string, Map<string, { id: string; by: string }>>;

/**
 * Unique values (e-mails) held by another record of the workspace, or repeated within the batch (`taken` carries
 * them across batches of one file, with `byOf` naming where a value was first seen, e.g. "line 4"). Records that
 * `ignore` names are left out as holders: the same write rewrites them, and their own rows are checked.
 */
export async function uniqueProblems(
  tx: Storage,
  ws: string,
  entity: EntityDef,
  records: readonly CrmRecord[],
  opts: { taken?: TakenValues; byOf?: (index: number) => string; ignore?: (id: string) => boolean } = {},
): Promise<WriteProblem[]> {
  const problems: WriteProblem[] = [];
  const taken = opts.taken ?? new Map();
  for (const f of entity.fields) {
    const key = f.unique ? entity.keys.find((k) => k.from.length === 1 && k.from[0] === f.name) : undefined;
    if (!key) continue;
    const keys = records.map((r) => (typeof r[f.name] === 'string' ? normalizeKey(key.kind, r[f.name] as string) : null));
    const holders = await tx.records.idsByKeys(ws, entity, key.column, keys.filter((k): k is string => k !== null));
    let seen = taken.get(f.name);
    if (!seen) taken.set(f.name, (seen = new Map()));
    records.forEach((r, index) => {
      const k = keys[index];
      if (k == null) return;
      const first = seen.get(k);
      const other = (holders.get(k) ?? []).find((id) => id !== r.id && !opts.ignore?.(id));
      const holder = first && first.id !== r.id ? first.by : other ? `${entity.name} ${other}` : null;
      if (!holder) {
        seen.set(k, { id: r.id, by: opts.byOf?.(index) ?? `${entity.name} ${r.id}` });
        return;
      }
      problems.push({ index, code: 'conflict', field: f.name, message: `${f.name} ${String(r[f.name])} is already used by ${holder}`, detail: `already used by ${holder.replace(`${entity.name} `, '')}` });
    });
  }
  return problems;
}
