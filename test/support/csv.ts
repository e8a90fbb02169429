/** Reading exported CSV files in tests: rows as the importer reads them, and cells a spreadsheet would run. */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { restoreFormulaText } from '../../src/core/csv-text.js';

const rowsOf = (file: string) => parse(fs.readFileSync(file, 'utf8')) as string[][];

/** Header, then the rows sorted, each cell read back as the importer reads it (a neutralising ' taken off). */
export function rowsAsImported(file: string): string[] {
  const [header, ...rows] = rowsOf(file).map((r) => JSON.stringify(r.map(restoreFormulaText)));
  return [header!, ...rows.sort()];
}

/** Cells a spreadsheet would run as a formula (a number with its sign is not one). */
export function formulaCells(file: string): string[] {
  return rowsOf(file).flat().filter((c) => /^[=+@\t\r]|^-(?![\d.])/.test(c));
}
