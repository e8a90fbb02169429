/** CSV and TSV lead lists (event attendees, purchased lists): their people become contacts; other tables a document. */
import { parse } from 'csv-parse/sync';
import { decodeText } from './sample.js';
import { tableExtraction, type Cell } from './table.js';
import { IngestFileError, type Extraction, type Ingester } from './types.js';

const DELIMITERS = [',', ';', '\t'] as const;

/** The delimiter whose count is the same (and non-zero) on the first lines, or null when the text is not a table. */
export function tableDelimiter(head: string): string | null {
  const lines = head.split(/\r?\n/).filter((l) => l.trim()).slice(0, 6);
  if (lines.length < 2) return null;
  const complete = head.length < 8192 ? lines : lines.slice(0, -1); // the head may cut the last line
  for (const d of DELIMITERS) {
    const counts = complete.map((l) => l.split(d).length - 1);
    if (counts[0]! > 0 && counts.every((c) => c === counts[0])) return d;
  }
  return null;
}

export const csvIngester: Ingester = {
  kind: 'csv',
  isolate: { module: import.meta.url, name: 'csvIngester' },
  detect: (s) => (s.isText && !s.head.trimStart().startsWith('<') && !s.head.trimStart().startsWith('{') && tableDelimiter(s.head) ? 0.6 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    const text = decodeText(bytes);
    const delimiter = tableDelimiter(text.slice(0, 8192)) ?? ',';
    let rows: Cell[][];
    try {
      rows = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, to: ctx.limits.maxRows + 1 });
    } catch (e) {
      throw new IngestFileError(`not a readable CSV file (${(e as Error).message})`);
    }
    return tableExtraction([{ name: 'rows', rows }], ctx, 'Table');
  },
};
