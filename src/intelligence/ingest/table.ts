/** Rows of a spreadsheet or CSV: a lead list (people to create or update) when its headers name people, else a document. */
import { documentItem } from './document.js';
import { looksLikePeople, personColumns, personFromRow } from './people.js';
import type { ExtractContext, ExtractedPerson, Extraction } from './types.js';

export type Cell = string | number | boolean | null;

export function tableExtraction(sheets: { name: string; rows: Cell[][] }[], ctx: ExtractContext, label: string): Extraction {
  const warnings: string[] = [];
  const items = [];
  for (const sheet of sheets) {
    const rows = sheet.rows.filter((r) => r.some((c) => c != null && String(c).trim() !== ''));
    if (rows.length === 0) continue;
    if (rows.length - 1 > ctx.limits.maxRows) warnings.push(`${sheet.name}: only the first ${ctx.limits.maxRows} rows were read`);
    const header = rows[0]!.map((c) => String(c ?? '').trim());
    const body = rows.slice(1, ctx.limits.maxRows + 1);
    const columns = personColumns(header);
    const text = [header, ...body].map((r) => r.map((c) => String(c ?? '')).join('\t')).join('\n');
    if (!looksLikePeople(columns)) {
      items.push(documentItem(text, ctx, { title: `${label}: ${sheet.name}` }));
      continue;
    }
    const people: ExtractedPerson[] = [];
    body.forEach((row, i) => {
      const p = personFromRow(columns, row);
      if (p) people.push(p);
      else warnings.push(`${sheet.name} row ${i + 2}: names nobody (no e-mail or name), skipped`);
    });
    const lines = body.map((r) => header.map((h, i) => (r[i] != null && String(r[i]).trim() ? `${h}: ${String(r[i]).trim()}` : '')).filter(Boolean).join(', '));
    items.push(documentItem(lines.join('\n'), ctx, { title: `Lead list ${sheet.name} (${people.length} people)`, people, createContacts: true }));
  }
  return { items, warnings };
}
