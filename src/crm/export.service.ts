/**
 * CSV export in the import format: the object's standard columns, then `owner` and one column per custom field
 * when any record has them. Streams in id order, so exporting a million rows stays in bounded memory. The deals'
 * stage history goes to stage_history.csv (deal_id, from_stage, to_stage, changed_at; each deal's moves oldest
 * first), which imports back as the same history.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { ENTITIES, ENTITY_ORDER, fieldOf, OPTIONAL_CSV_COLUMNS, type EntityName } from '../core/entities.js';
import type { Storage } from '../storage/index.js';
import { formatCell } from './csv-mapping.js';
import { STAGE_HISTORY_COLUMNS } from './import-stage-history-columns.js';
import { importFileName, STAGE_HISTORY, type ImportFileKind } from './import.service.js';

export interface ExportReport {
  files: { file: string; entity: ImportFileKind; rows: number }[];
}

export class ExportService {
  constructor(private readonly storage: Storage) {}

  async exportDirectory(ws: string, dir: string, entities: readonly EntityName[] = ENTITY_ORDER): Promise<ExportReport> {
    fs.mkdirSync(dir, { recursive: true });
    const report: ExportReport = { files: [] };
    const kinds: ImportFileKind[] = entities.includes('deal') ? [...entities, STAGE_HISTORY] : [...entities];
    for (const kind of kinds) {
      const file = path.join(dir, importFileName(kind));
      const out = fs.createWriteStream(file);
      const rows = kind === STAGE_HISTORY ? await this.exportHistoryTo(ws, out) : await this.exportTo(ws, kind, out);
      out.end();
      await once(out, 'finish');
      report.files.push({ file, entity: kind, rows });
    }
    return report;
  }

  /** Writes the deals' stage history (deal by deal in id order, each deal's moves oldest first); returns the rows. */
  async exportHistoryTo(ws: string, out: NodeJS.WritableStream): Promise<number> {
    const csv = stringify({ header: true, columns: [...STAGE_HISTORY_COLUMNS], eof: true, record_delimiter: '\n' });
    csv.pipe(out, { end: false });
    let rows = 0;
    for await (const deals of this.storage.records.scan(ws, ENTITIES.deal)) {
      const moves = await this.storage.stageHistory.forDeals(ws, deals.map((d) => d.id));
      const byDeal = new Map<string, typeof moves>();
      for (const m of moves) {
        const list = byDeal.get(m.deal_id);
        if (list) list.push(m);
        else byDeal.set(m.deal_id, [m]);
      }
      for (const d of deals) {
        for (const m of byDeal.get(d.id) ?? []) {
          if (!csv.write([formatCell(undefined, m.deal_id), m.from_stage ?? '', m.to_stage, m.at])) await once(csv, 'drain');
          rows++;
        }
      }
    }
    csv.end();
    await once(csv, 'end');
    return rows;
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
