/** Text in CSV cells that spreadsheet apps open: shared by the server's export and the web app's. */

/**
 * CSV formula injection (OWASP): spreadsheet apps run a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return as a formula (`=HYPERLINK(…)`, `=cmd|…`). The export puts a `'` before such text, which
 * spreadsheets read as "this is text" and do not show; the database and JSON keep the value exactly.
 * Leading quotes already there are counted in, so the mapping is reversible: the importer takes one `'` off a
 * cell that starts with quotes and then a trigger, and an export imported again gives back the same values.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
export function neutralizeFormulaText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function restoreFormulaText(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}
