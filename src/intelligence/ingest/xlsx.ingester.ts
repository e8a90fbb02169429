/** Excel workbooks (.xlsx): each sheet a lead list or a table document, read by ExcelJS. */
import ExcelJS from 'exceljs';
import { unzipBounded } from './sample.js';
import { tableExtraction, type Cell } from './table.js';
import { IngestFileError, type Extraction, type Ingester } from './types.js';

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v == null) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlinks
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue); // formulas
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('error' in v) return null;
    return null;
  }
  return v;
}

export const xlsxIngester: Ingester = {
  kind: 'xlsx',
  isolate: { module: import.meta.url, name: 'xlsxIngester' },
  detect: (s) => (s.zipEntries?.includes('xl/workbook.xml') ? 1 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    unzipBounded(bytes, ctx.limits, () => false); // refuses a zip bomb before ExcelJS unpacks it
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch (e) {
      throw new IngestFileError(`not a readable Excel workbook (${(e as Error).message})`);
    }
    const sheets = book.worksheets.map((ws) => {
      const rows: Cell[][] = [];
      ws.eachRow({ includeEmpty: false }, (row) => {
        if (rows.length > ctx.limits.maxRows) return;
        const values = (row.values as ExcelJS.CellValue[]).slice(1); // ExcelJS rows are 1-based
        rows.push(values.map(cellValue));
      });
      return { name: ws.name, rows };
    });
    return tableExtraction(sheets, ctx, 'Spreadsheet');
  },
};
