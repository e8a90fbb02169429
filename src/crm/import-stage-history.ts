/**
 * Importing deals' stage history (stage_history.csv, after deals). A deal's rows in the file are its history: they
 * must be in order (each move no earlier than the one before, from the stage the one before went to), and the
 * deal's current stage must be where its history ends.
 *
 * How an imported history meets the moves already recorded for the deal:
 * - A history that starts the deal (its first row has no from_stage) replaces every move recorded up to its last
 *   move — among them the move the importer records when it creates a deal from deals.csv ("entered <stage> when
 *   created", a stand-in for the history not yet known), and moves an earlier import of the same history wrote.
 * - A history whose first row has a from_stage continues the moves recorded before it: it replaces those within
 *   its span, and its from_stage must be where the deal stood just before.
 * - Moves recorded after the file's last move (made in the CRM since the history was exported) are kept and
 *   continue it; a stage change the importer itself recorded there (a deals.csv row that moved the deal to where
 *   the file's history already is) restates a move of the file and is dropped.
 * A deal whose stored history already equals the result is left alone, so importing the same file twice changes
 * nothing. The whole file is checked and written in one transaction that holds its deals' rows, so a stage move made
 * through the API at the same moment comes wholly before or wholly after it; with errors nothing is written unless
 * `skipInvalid` is set (then the deals with a bad row are left out whole: a history with a hole in it would be wrong).
 */
import { ENTITIES, type CrmRecord } from '../core/entities.js';
import type { StageChange, Storage } from '../storage/index.js';
import type { HistoryRow } from './import-stage-history-parse.js';

export interface HistoryProblem {
  line: number;
  id?: string;
  field?: string;
  message: string;
}

export interface HistoryOutcome {
  /** Moves written (a row of the one-row-per-deal layout holds several). */
  inserted: number;
  /** Moves of deals whose stored history already was this one. */
  unchanged: number;
  /** Rows left out (their deal has a problem); a row of the one-row-per-deal layout counts once. */
  skipped: number;
  /** Deals whose history was written. */
  deals: number;
}

type StoredMove = StageChange & { seq: number };

/** A deal's rows of the file, in file order. */
function chainsOf(rows: readonly HistoryRow[]): Map<string, HistoryRow[]> {
  const chains = new Map<string, HistoryRow[]>();
  for (const r of rows) {
    const chain = chains.get(r.deal_id);
    if (chain) chain.push(r);
    else chains.set(r.deal_id, [r]);
  }
  return chains;
}

const dealLabel = (id: string, deal: CrmRecord | undefined) => (deal?.name ? `deal ${id} (${String(deal.name)})` : `deal ${id}`);
const sameMoves = (a: readonly Pick<StageChange, 'from_stage' | 'to_stage' | 'at'>[], b: typeof a) =>
  a.length === b.length && a.every((m, i) => m.from_stage === b[i]!.from_stage && m.to_stage === b[i]!.to_stage && m.at === b[i]!.at);

/** Order within the file: each move no earlier than the one before, and from where the one before went. */
function orderProblem(label: string, chain: readonly HistoryRow[]): HistoryProblem | undefined {
  for (let i = 1; i < chain.length; i++) {
    const prev = chain[i - 1]!;
    const row = chain[i]!;
    if (row.at < prev.at)
      return { line: row.line, id: row.deal_id, field: 'changed_at', message: `${label}: changed_at ${row.at} is earlier than the deal's previous move (line ${prev.line}, to ${prev.to_stage} at ${prev.at})` };
    if (row.from_stage !== prev.to_stage)
      return { line: row.line, id: row.deal_id, field: 'from_stage', message: `${label}: from_stage "${row.from_stage ?? ''}" does not match the previous move's to_stage ${prev.to_stage} (line ${prev.line})` };
  }
  return undefined;
}

/**
 * The deal's history once the file's chain is in: the stored moves kept before it, the chain, and those kept after
 * it — or the problem that stops it.
 */
function mergeHistory(label: string, deal: CrmRecord, chain: readonly HistoryRow[], stored: readonly StoredMove[]): { kept: StoredMove[]; problem?: HistoryProblem } {
  const first = chain[0]!;
  const last = chain[chain.length - 1]!;
  const before = first.from_stage === null ? [] : stored.filter((m) => m.at < first.at);
  if (first.from_stage !== null) {
    const previous = before[before.length - 1];
    if (!previous)
      return { kept: [], problem: { line: first.line, id: first.deal_id, field: 'from_stage', message: `${label}: from_stage "${first.from_stage}" but no move of the deal is recorded before ${first.at} (a deal's first move has an empty from_stage)` } };
    if (previous.to_stage !== first.from_stage)
      return { kept: [], problem: { line: first.line, id: first.deal_id, field: 'from_stage', message: `${label}: from_stage "${first.from_stage}" does not match the previous move's to_stage ${previous.to_stage} (recorded at ${previous.at})` } };
  }
  const after: StoredMove[] = [];
  let stage: string = last.to_stage;
  for (const m of stored.filter((s) => s.at > last.at)) {
    // The importer's own record of a move the file states (a deals.csv row's create or stage change) goes.
    if (m.source === 'import' && (m.from_stage === null || m.to_stage === stage)) continue;
    if (m.from_stage !== stage)
      return { kept: [], problem: { line: last.line, id: last.deal_id, field: 'changed_at', message: `${label}: the history ends in ${stage} at ${last.at}, but a later move recorded in the CRM (${m.source}, ${m.at}) is from ${m.from_stage ?? '(none)'} to ${m.to_stage}` } };
    after.push(m);
    stage = m.to_stage;
  }
  if (stage !== deal.stage) {
    const where = after.length > 0 ? `its last recorded move (${after[after.length - 1]!.at}) goes to ${stage}` : `its last move in the file goes to ${stage}`;
    return { kept: [], problem: { line: last.line, id: last.deal_id, field: 'to_stage', message: `${label}: the deal is in stage ${String(deal.stage)}, but ${where}; a deal's current stage is where its history ends` } };
  }
  return { kept: [...before, ...after] };
}

/**
 * Checks the file's moves against the deals and their recorded history and writes the histories, in the caller's
 * transaction. `write: false` only checks (the file is known to fail).
 */
export async function applyStageHistory(
  tx: Storage,
  ws: string,
  rows: readonly HistoryRow[],
  opts: { actor: string | null; write: boolean; addProblem: (p: HistoryProblem) => void },
): Promise<HistoryOutcome> {
  const outcome: HistoryOutcome = { inserted: 0, unchanged: 0, skipped: 0, deals: 0 };
  const chains = chainsOf(rows);
  const ids = [...chains.keys()];
  // One history import at a time per workspace, and the deals' rows held as a stage move holds its deal's row
  // (records.service: `get(…, { lock })`): a move made meanwhile is either waited for and then read below (in the
  // stored history and the deal's stage), or waits for this file to be in. Without it, PostgreSQL could show this
  // transaction the deal from before a move and its history from after it.
  await tx.lock(`stage-history:${ws}`);
  const deals = new Map((await tx.records.getMany(ws, ENTITIES.deal, ids, { lock: true })).map((d) => [d.id, d]));
  const stored = new Map<string, StoredMove[]>();
  for (const m of await tx.stageHistory.forDeals(ws, ids.filter((id) => deals.has(id)))) {
    const list = stored.get(m.deal_id);
    if (list) list.push(m);
    else stored.set(m.deal_id, [m]);
  }
  const removed: number[] = [];
  const added: StageChange[] = [];
  for (const [id, chain] of chains) {
    const deal = deals.get(id);
    const label = dealLabel(id, deal);
    const reject = (p: HistoryProblem) => {
      opts.addProblem(p);
      outcome.skipped += new Set(chain.map((r) => r.line)).size;
    };
    if (!deal) {
      reject({ line: chain[0]!.line, id, field: 'deal_id', message: `${label} does not exist (import deals.csv first); its ${chain.length === 1 ? 'row is' : `${chain.length} rows are`} left out` });
      continue;
    }
    const disorder = orderProblem(label, chain);
    if (disorder) {
      reject(disorder);
      continue;
    }
    const mine = stored.get(id) ?? [];
    const { kept, problem } = mergeHistory(label, deal, chain, mine);
    if (problem) {
      reject(problem);
      continue;
    }
    const moves: StageChange[] = chain.map((r) => ({ deal_id: id, from_stage: r.from_stage, to_stage: r.to_stage, at: r.at, source: 'import', actor: opts.actor }));
    const merged = [...kept.filter((m) => m.at < chain[0]!.at), ...moves, ...kept.filter((m) => m.at > chain[0]!.at)];
    if (sameMoves(merged, mine)) {
      outcome.unchanged += chain.length;
      continue;
    }
    const keep = new Set(kept.map((m) => m.seq));
    removed.push(...mine.filter((m) => !keep.has(m.seq)).map((m) => m.seq));
    added.push(...moves);
    outcome.inserted += moves.length;
    outcome.deals++;
  }
  if (opts.write) {
    await tx.stageHistory.remove(ws, removed);
    await tx.stageHistory.append(ws, added);
  }
  return outcome;
}
