/**
 * The board's sums kept per currency: a workspace with deals in euros and pounds never sees one figure that adds
 * them (there are no exchange rates); each stage and the header say "€42k + £8k" instead.
 */
import { DEAL_STAGES } from '../../api/entities';
import type { CurrencyPipeline } from '../../api/endpoints';
import type { PipelineStage } from '../../api/types';
import { formatMoney } from '../../ui/format';

/** A stage's count over every currency and its amount per currency (`amount` is the sum only when there is one). */
export type StageSums = PipelineStage & { amounts: Record<string, number> };

export interface BoardSums {
  /** The workspace's currency first, then the others by code. */
  currencies: string[];
  stages: StageSums[];
}

/** The parts of the board (one per call: an industry's companies come in chunks) added up, currency by currency. */
export function sumByCurrency(parts: { workspace_currency: string; currencies: CurrencyPipeline[] }[]): BoardSums {
  const home = parts[0]?.workspace_currency ?? 'USD';
  const codes = new Set<string>();
  const stages = DEAL_STAGES.map((stage): StageSums => ({ stage, count: 0, amount: 0, open: !stage.startsWith('closed'), amounts: {} }));
  for (const part of parts)
    for (const c of part.currencies) {
      codes.add(c.currency);
      for (const s of c.stages) {
        const into = stages.find((x) => x.stage === s.stage);
        if (!into) continue;
        into.count += s.count;
        into.amounts[c.currency] = (into.amounts[c.currency] ?? 0) + s.amount;
        into.open = s.open;
      }
    }
  const currencies = [...codes].sort((a, b) => (a === home ? -1 : b === home ? 1 : a.localeCompare(b)));
  for (const s of stages) s.amount = currencies.length === 1 ? (s.amounts[currencies[0]!] ?? 0) : 0;
  return { currencies, stages };
}

/** A card moved between stages: its amount leaves one stage and joins the other, in its own currency. */
export function moveBetween(sums: BoardSums, from: string, to: string, currency: string, amount: number): BoardSums {
  const currencies = sums.currencies.includes(currency) ? sums.currencies : [...sums.currencies, currency];
  const single = currencies.length === 1;
  const stages = sums.stages.map((s) => {
    if (s.stage !== from && s.stage !== to) return s;
    const sign = s.stage === from ? -1 : 1;
    const amounts = { ...s.amounts, [currency]: (s.amounts[currency] ?? 0) + sign * amount };
    return { ...s, count: s.count + sign, amounts, amount: single ? amounts[currency]! : 0 };
  });
  return { currencies, stages };
}

/**
 * Amounts in several currencies as one line: "$12k + €42k + £8k" (the workspace's first; a currency with nothing
 * here is left out; "$0" when every one is empty).
 */
export function moneyList(amounts: Record<string, number>, currencies: readonly string[], compact = true): string {
  const parts = currencies.filter((c) => (amounts[c] ?? 0) !== 0).map((c) => formatMoney(amounts[c]!, compact, c));
  return parts.length > 0 ? parts.join(' + ') : formatMoney(0, compact, currencies[0]);
}

/** The open pipeline of each currency. */
export function openByCurrency(sums: BoardSums): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of sums.stages) if (s.open) for (const [c, v] of Object.entries(s.amounts)) out[c] = (out[c] ?? 0) + v;
  return out;
}
