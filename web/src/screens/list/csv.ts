/** CSV of the current view: every page of the same query, the visible columns, references by name. */
import { ENTITIES, type EntityDef, type FieldDef } from '../../api/entities';
import { listRecords, recordsByIds } from '../../api/endpoints';
import { recordTitle } from '../../api/entities';
import type { CrmRecord } from '../../api/types';
import { neutralizeFormulaText } from '../../../../src/core/csv-text';

const MAX_ROWS = 20_000;

const cell = (v: unknown): string => {
  // Numbers stay numbers; text that a spreadsheet would run as a formula is neutralised (csv-text.ts).
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : neutralizeFormulaText(Array.isArray(v) ? v.join(';') : String(v));
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export async function exportCsv(entity: EntityDef, params: Record<string, string>, fields: readonly FieldDef[]): Promise<number> {
  const rows: CrmRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRecords(entity.plural, { ...params, limit: 500, cursor, total: false });
    rows.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && rows.length < MAX_ROWS);

  const names = new Map<string, string>();
  for (const f of fields.filter((x) => x.type === 'ref' && x.ref)) {
    const target = ENTITIES[f.ref!];
    const refs = await recordsByIds(target.plural, rows.map((r) => r[f.name]).filter((x): x is string => typeof x === 'string'));
    for (const r of refs) names.set(r.id, recordTitle(target, r));
  }
  const header = ['id', ...fields.map((f) => f.label)];
  const lines = [header.map(cell).join(',')];
  for (const r of rows) lines.push([r.id, ...fields.map((f) => (f.type === 'ref' && typeof r[f.name] === 'string' ? (names.get(r[f.name] as string) ?? r[f.name]) : r[f.name]))].map(cell).join(','));

  const blob = new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${entity.plural}-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  return rows.length;
}
