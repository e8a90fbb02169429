/**
 * Reading a stage history file into moves, in either layout import-stage-history-columns.ts recognises: one row
 * per move, or one row per deal with a "Date entered <stage>" column per stage, whose row becomes the deal's moves
 * ordered by date (a stage entered with no date was not entered; a deal's first move has no from_stage).
 */
import fs from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { DEAL_STAGES, type DealStage } from '../core/entities.js';
import { restoreFormulaText } from '../core/csv-text.js';
import { historyLayout, readChangedAt, stageNamed, type HistoryLayout } from './import-stage-history-columns.js';

/** One move as a file states it (the stage names already read as stages). */
export interface HistoryRow {
  line: number;
  deal_id: string;
  from_stage: DealStage | null;
  to_stage: DealStage;
  at: string;
}

export interface ParsedHistory {
  rows: HistoryRow[];
  /** Data rows read (a HubSpot row is one, whatever number of moves it holds). */
  rowsRead: number;
  /** Rows left out because they are invalid. */
  skipped: number;
  problems: { line: number; id?: string; field?: string; message: string }[];
  /** The file cannot be read at all (bad header, malformed CSV, empty). */
  fatal: boolean;
}

/** Reads and checks every row of a stage history file (the whole file: histories are small beside their deals). */
export async function parseHistoryFile(file: string, maxRecordBytes: number): Promise<ParsedHistory> {
  const out: ParsedHistory = { rows: [], rowsRead: 0, skipped: 0, problems: [], fatal: false };
  const parser = fs.createReadStream(file).pipe(parse({ bom: true, max_record_size: maxRecordBytes, info: true, skip_empty_lines: true }));
  let layout: HistoryLayout | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = record.map((c) => restoreFormulaText(c));
      if (!layout) {
        const read = historyLayout(cells);
        if (!read.layout) {
          out.problems.push(...read.problems.map((message) => ({ line: 1, message })));
          out.fatal = true;
          return out;
        }
        layout = read.layout;
        continue;
      }
      out.rowsRead++;
      const before = out.problems.length;
      const rows = layout.kind === 'moves' ? readMoveRow(layout, cells, info.lines, out.problems) : readDateEnteredRow(layout, cells, info.lines, out.problems);
      if (out.problems.length > before) out.skipped++;
      else out.rows.push(...rows);
    }
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    out.problems.push({ line: (e as CsvError & { lines?: number }).lines ?? 0, message: `malformed CSV: ${e.message}` });
    out.fatal = true;
    return out;
  }
  if (!layout) {
    out.problems.push({ line: 1, message: 'the file is empty (no header row)' });
    out.fatal = true;
  }
  return out;
}

type Problems = ParsedHistory['problems'];

const stageProblem = (value: string) => `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}" is not a stage (stages: ${DEAL_STAGES.join(', ')})`;
const dateProblem = (value: string) => `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}" is not a date-time such as 2026-11-01T12:00:00Z`;

function readMoveRow(layout: Extract<HistoryLayout, { kind: 'moves' }>, cells: string[], line: number, problems: Problems): HistoryRow[] {
  const cell = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
  const deal = cell(layout.deal);
  const id = deal || undefined;
  const who = deal ? `deal ${deal}` : '(no deal)';
  if (!deal) problems.push({ line, field: 'deal_id', message: `${who}: deal_id is empty` });
  const fromText = cell(layout.from);
  const from = fromText === '' ? null : stageNamed(fromText);
  if (from === undefined) problems.push({ line, id, field: 'from_stage', message: `${who}: from_stage ${stageProblem(fromText)}` });
  const toText = cell(layout.to);
  const to = stageNamed(toText);
  if (!to) problems.push({ line, id, field: 'to_stage', message: toText === '' ? `${who}: to_stage is empty` : `${who}: to_stage ${stageProblem(toText)}` });
  const atText = cell(layout.at);
  const at = readChangedAt(atText);
  if (!at) problems.push({ line, id, field: 'changed_at', message: atText === '' ? `${who}: changed_at is empty` : `${who}: changed_at ${dateProblem(atText)}` });
  return deal && from !== undefined && to && at ? [{ line, deal_id: deal, from_stage: from, to_stage: to, at }] : [];
}

function readDateEnteredRow(layout: Extract<HistoryLayout, { kind: 'date-entered' }>, cells: string[], line: number, problems: Problems): HistoryRow[] {
  const deal = (cells[layout.deal] ?? '').trim();
  if (!deal) {
    problems.push({ line, field: 'deal_id', message: '(no deal): the deal id is empty' });
    return [];
  }
  const entered: { stage: DealStage; at: string }[] = [];
  for (const { index, stage } of layout.stages) {
    const text = (cells[index] ?? '').trim();
    if (text === '') continue;
    const at = readChangedAt(text);
    if (at) entered.push({ stage, at });
    else problems.push({ line, id: deal, field: stage, message: `deal ${deal}: date entered ${stage} ${dateProblem(text)}` });
  }
  if (entered.length === 0) problems.push({ line, id: deal, message: `deal ${deal}: no "date entered" cell has a date` });
  // Ordered by date; stages entered at the same moment keep the pipeline's order.
  entered.sort((a, b) => (a.at === b.at ? DEAL_STAGES.indexOf(a.stage) - DEAL_STAGES.indexOf(b.stage) : a.at < b.at ? -1 : 1));
  return entered.map((e, i) => ({ line, deal_id: deal, from_stage: i === 0 ? null : entered[i - 1]!.stage, to_stage: e.stage, at: e.at }));
}
