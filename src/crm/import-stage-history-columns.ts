/**
 * The columns of a stage history file (no I/O: the web import screen maps columns with it too). Two layouts:
 * - one row per move (the CRM's own export, and what HubSpot's deal stage history and Salesforce's OpportunityHistory
 *   reports hold): `deal_id, from_stage, to_stage, changed_at`, under these names or their synonyms;
 * - one row per deal with a column per stage (HubSpot's deals export): each "Date entered <stage>" column ("Date
 *   entered "Qualified (Sales Pipeline)"") maps to that stage.
 * Stages are named by their value or label ("closed_won", "Won", "Closed Won").
 */
import { toTimestamp } from '../core/clock.js';
import { DEAL_STAGES, DEAL_STAGE_LABELS, type DealStage } from '../core/entities.js';
import { normaliseHeader } from '../core/header-synonyms.js';

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

export type HistoryLayout =
  | { kind: 'moves'; deal: number; from: number | undefined; to: number; at: number }
  | { kind: 'date-entered'; deal: number; stages: { index: number; stage: DealStage }[] };

/** Which layout a header is, and where its columns are; or what is wrong with it. */
export function historyLayout(header: readonly string[]): { layout?: HistoryLayout; problems: string[] } {
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

/** The header a column is rewritten to when it fills `stage`'s date entered (what historyLayout reads back). */
export const dateEnteredHeader = (stage: DealStage): string => `Date entered ${DEAL_STAGE_LABELS[stage]}`;

/**
 * What a column of a stage history file fills, as the web's column mapping offers it: a standard column
 * (deal_id …) or a stage's "Date entered" header; undefined when the header says neither.
 */
export function historyColumnFor(header: string): string | undefined {
  const stage = dateEnteredStage(header);
  if (stage !== undefined) {
    const named = stageNamed(stage);
    return named ? dateEnteredHeader(named) : undefined;
  }
  const key = normaliseHeader(header);
  return STAGE_HISTORY_COLUMNS.find((c) => COLUMN_SYNONYMS[c].some((n) => normaliseHeader(n) === key));
}
