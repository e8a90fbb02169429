/** Conversion between records (what services see) and table rows (what the database stores). */
import { allFields, type CrmRecord, type EntityDef, type FieldDef } from '../core/entities.js';
import { normalizeKey } from '../core/normalize.js';

export function computeKeys(entity: EntityDef, record: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const k of entity.keys) {
    if (k.many) {
      // Each item's key, space-separated (keys of e-mails, phones and domains hold no spaces): findByKeyWord finds one.
      const items = k.from.flatMap((f) => (Array.isArray(record[f]) ? (record[f] as unknown[]) : []));
      const keys = [...new Set(items.map((v) => (typeof v === 'string' ? normalizeKey(k.kind, v) : null)).filter((v): v is string => !!v && !/\s/.test(v)))];
      out[k.column] = keys.length === 0 ? null : keys.join(' ');
      continue;
    }
    const source = k.from
      .map((f) => record[f])
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      .join(' ');
    out[k.column] = source === '' ? null : normalizeKey(k.kind, source);
  }
  return out;
}

export function toRow(ws: string, entity: EntityDef, record: CrmRecord): Record<string, unknown> {
  const row: Record<string, unknown> = { workspace_id: ws, id: record.id };
  for (const f of allFields(entity)) {
    const v = record[f.name];
    row[f.name] = v === undefined ? null : f.type === 'tags' ? (v === null ? null : JSON.stringify(v)) : v;
  }
  row.custom = JSON.stringify(record.custom ?? {});
  Object.assign(row, computeKeys(entity, record));
  return row;
}

/** Converts a subset of record fields to their column values (for updates). */
export function toColumns(entity: EntityDef, changes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of allFields(entity)) {
    if (!(f.name in changes)) continue;
    const v = changes[f.name];
    out[f.name] = v === undefined ? null : f.type === 'tags' ? (v === null ? null : JSON.stringify(v)) : v;
  }
  if ('custom' in changes) out.custom = JSON.stringify(changes.custom ?? {});
  return out;
}

/** A field's value as the API sees it, from its column (tags are stored as JSON; PostgreSQL numerics come as text). */
export function fieldFromColumn(f: FieldDef, v: unknown): unknown {
  if (f.type === 'tags') return typeof v === 'string' ? (JSON.parse(v) as string[]) : null;
  if ((f.type === 'number' || f.type === 'integer') && typeof v === 'string') return Number(v);
  return v ?? null;
}

/** The `custom` column (JSON text) as the API sees it; {} when there is none. */
function customFromColumn(v: unknown): Record<string, unknown> {
  return typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : {};
}

export function fromRow(entity: EntityDef, row: Record<string, unknown>): CrmRecord {
  const record: CrmRecord = { id: row.id as string, custom: {} };
  for (const f of allFields(entity)) record[f.name] = fieldFromColumn(f, row[f.name]);
  record.custom = customFromColumn(row.custom);
  return record;
}

/**
 * `fromRow` for rows read as arrays (better-sqlite3's raw mode) of the given columns: each column's position is found
 * once, and each row becomes the same record fromRow builds from a keyed row (same keys, order and conversions).
 */
export function fromArrayRows(entity: EntityDef, columns: readonly string[]): (row: unknown[]) => CrmRecord {
  const at = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`a read of ${entity.plural} does not read column ${name}`);
    return i;
  };
  const idColumn = at('id');
  const customColumn = at('custom');
  const fields = allFields(entity).map((f) => ({ f, at: at(f.name) }));
  return (row) => {
    const record: CrmRecord = { id: row[idColumn] as string, custom: {} };
    for (let i = 0; i < fields.length; i++) {
      const { f, at: column } = fields[i]!;
      record[f.name] = fieldFromColumn(f, row[column]);
    }
    record.custom = customFromColumn(row[customColumn]);
    return record;
  };
}
