/**
 * CSV export in the import format: the object's standard columns, then `owner` and one column per custom field
 * when any record has them. Streams in id order, so exporting a million rows stays in bounded memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { ENTITIES, ENTITY_ORDER, fieldOf, OPTIONAL_CSV_COLUMNS, type EntityName } from '../core/entities.js';
import type { Storage } from '../storage/index.js';
import { formatCell } from './csv-mapping.js';

export interface ExportReport {
  files: { file: string; entity: EntityName; rows: number }[];
}

export class ExportService {
  constructor(private readonly storage: Storage) {}

  async exportDirectory(ws: string, dir: string, entities: readonly EntityName[] = ENTITY_ORDER): Promise<ExportReport> {
    fs.mkdirSync(dir, { recursive: true });
    const report: ExportReport = { files: [] };
    for (const name of entities) {
      const file = path.join(dir, `${ENTITIES[name].plural}.csv`);
      const out = fs.createWriteStream(file);
      const rows = await this.exportTo(ws, name, out);
      out.end();
      await once(out, 'finish');
      report.files.push({ file, entity: name, rows });
    }
    return report;
  }

  /** Writes one object's CSV to a stream; returns the number of rows. */
  async exportTo(ws: string, name: EntityName, out: NodeJS.WritableStream): Promise<number> {
    const entity = ENTITIES[name];
    const columns = await this.columnsFor(ws, name);
    const csv = stringify({ header: true, columns, eof: true, record_delimiter: '\n' });
    csv.pipe(out, { end: false });
    let rows = 0;
    for await (const batch of this.storage.records.scan(ws, entity)) {
      for (const r of batch) {
        const row = columns.map((c) => (c === 'id' ? r.id : fieldOf(entity, c) ? formatCell(fieldOf(entity, c), r[c]) : formatCell(undefined, r.custom[c])));
        if (!csv.write(row)) await once(csv, 'drain');
        rows++;
      }
    }
    csv.end();
    await once(csv, 'end');
    return rows;
  }

  private async columnsFor(ws: string, name: EntityName): Promise<string[]> {
    const entity = ENTITIES[name];
    const columns = [...entity.csvColumns];
    if (!columns.includes('owner') && (await this.storage.records.hasAnyValue(ws, entity, 'owner'))) columns.push('owner');
    // Task and call fields (issue 15, follow-up) when any record has them.
    for (const c of OPTIONAL_CSV_COLUMNS[name] ?? []) if (!columns.includes(c) && (await this.storage.records.hasAnyValue(ws, entity, c))) columns.push(c);
    // Secondary values (other e-mails, phones, domains) when any record has them, so an export imports back whole.
    for (const f of entity.fields) if (f.items && !columns.includes(f.name) && (await this.storage.records.hasAnyValue(ws, entity, f.name))) columns.push(f.name);
    // Why deals were lost (issue 15), when any deal has a reason or note, so an export imports back whole.
    if (name === 'deal') for (const f of ['lost_reason', 'lost_note']) if (!columns.includes(f) && (await this.storage.records.hasAnyValue(ws, entity, f))) columns.push(f);
    columns.push(...(await this.storage.records.customFieldNames(ws, entity)).filter((c) => !columns.includes(c)));
    return columns;
  }
}
