/**
 * Reading a stage history file into moves. Two layouts are understood:
 * - one row per move (the CRM's own export, and what HubSpot's deal stage history and Salesforce's OpportunityHistory
 *   reports hold): `deal_id, from_stage, to_stage, changed_at`;
 * - one row per deal with a column per stage (HubSpot's deals export): "Date entered Qualified (Sales Pipeline)" …
 *   Each "date entered <stage>" column maps to that stage, and a row becomes the deal's moves ordered by date (a
 *   stage entered with no date was not entered; a deal's first move has no from_stage).
 * Stages are named by their value or label ("closed_won", "Won", "Closed Won").
 */
import fs from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { DEAL_STAGES, DEAL_STAGE_LABELS, type DealStage } from '../core/entities.js';
import { restoreFormulaText } from '../core/csv-text.js';
import { normaliseHeader } from '../core/header-synonyms.js';
import { toTimestamp } from '../core/clock.js';

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

export const STAGE_HISTORY_COLUMNS = ['deal_id', 'from_stage', 'to_stage', 'changed_at'] as const;

/** Other names of the standard columns (HubSpot, Salesforce's OpportunityHistory, spreadsheets). */
const COLUMN_SYNONYMS: Record<(typeof STAGE_HISTORY_COLUMNS)[number], string[]> = {
  deal_id: ['deal_id', 'deal', 'deal id', 'record id', 'opportunity id', 'opportunity_id'],
  from_stage: ['from_stage', 'from', 'from stage', 'previous stage', 'old stage', 'old value'],
  to_stage: ['to_stage', 'to', 'to stage', 'stage', 'new stage', 'new value', 'stage name'],
  changed_at: ['changed_at', 'changed at', 'date', 'changed', 'created date', 'timestamp', 'at', 'date changed'],
};

/** "Date entered "Qualified (Sales Pipeline)"" → "Qualified": the stage, without quotes and the pipeline's name. */
function dateEnteredStage(header: string): string | undefined {
  const m = /^\s*date\s+entered\s+(.+)$/i.exec(header);
  return m?.[1]!.replace(/["“”]/g, '').replace(/\([^)]*\)\s*$/, '').trim();
}

/** A stage by its value or label, however spelt ("Closed Won", "closed-won", "Won"). */
export function stageNamed(text: string): DealStage | undefined {
  const key = normaliseHeader(text);
  if (key === '') return undefined;
  return DEAL_STAGES.find((s) => normaliseHeader(s) === key || normaliseHeader(DEAL_STAGE_LABELS[s]) === key);
}

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time (a space for the T, as spreadsheets write it; no zone: UTC) → stored timestamp text. */
export function readChangedAt(text: string): string | undefined {
  const t = text.trim();
  if (!DATETIME_RE.test(t)) return undefined;
  let iso = t.length === 10 ? `${t}T00:00:00Z` : t.replace(' ', 'T');
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : toTimestamp(new Date(ms));
}

type Layout =
  | { kind: 'moves'; deal: number; from: number | undefined; to: number; at: number }
  | { kind: 'date-entered'; deal: number; stages: { index: number; stage: DealStage }[] };

/** Which layout a header is, and where its columns are; or what is wrong with it. */
export function historyLayout(header: readonly string[]): { layout?: Layout; problems: string[] } {
  const keys = header.map((h) => normaliseHeader(h));
  const find = (col: (typeof STAGE_HISTORY_COLUMNS)[number]) => {
    for (const name of COLUMN_SYNONYMS[col]) {
      const at = keys.indexOf(normaliseHeader(name));
      if (at >= 0) return at;
    }
    return undefined;
  };
  const deal = find('deal_id');
  const entered = header.flatMap((h, index) => {
    const name = dateEnteredStage(h);
    return name ? [{ index, header: h, name }] : [];
  });
  if (entered.length > 0) {
    const problems: string[] = [];
    if (deal === undefined) problems.push('a "date entered" file needs a deal id column (deal_id, Deal ID or Record ID)');
    const stages: { index: number; stage: DealStage }[] = [];
    for (const e of entered) {
      const stage = stageNamed(e.name);
      if (stage) stages.push({ index: e.index, stage });
      else problems.push(`column "${e.header}": "${e.name}" is not a stage (stages: ${DEAL_STAGES.join(', ')}); rename the column to the stage it means`);
    }
    return problems.length > 0 ? { problems } : { layout: { kind: 'date-entered', deal: deal!, stages }, problems };
  }
  const to = find('to_stage');
  const at = find('changed_at');
  const missing = [deal === undefined && 'deal_id', to === undefined && 'to_stage', at === undefined && 'changed_at'].filter(Boolean);
  if (missing.length > 0)
    return { problems: [`required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} missing (a stage history has ${STAGE_HISTORY_COLUMNS.join(', ')}, or a "Date entered <stage>" column per stage)`] };
  return { layout: { kind: 'moves', deal: deal!, from: find('from_stage'), to: to!, at: at! }, problems: [] };
}

/** Reads and checks every row of a stage history file (the whole file: histories are small beside their deals). */
export async function parseHistoryFile(file: string, maxRecordBytes: number): Promise<ParsedHistory> {
  const out: ParsedHistory = { rows: [], rowsRead: 0, skipped: 0, problems: [], fatal: false };
  const parser = fs.createReadStream(file).pipe(parse({ bom: true, max_record_size: maxRecordBytes, info: true, skip_empty_lines: true }));
  let layout: Layout | undefined;
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

function readMoveRow(layout: Extract<Layout, { kind: 'moves' }>, cells: string[], line: number, problems: Problems): HistoryRow[] {
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

function readDateEnteredRow(layout: Extract<Layout, { kind: 'date-entered' }>, cells: string[], line: number, problems: Problems): HistoryRow[] {
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
