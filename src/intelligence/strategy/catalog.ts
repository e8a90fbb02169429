/**
 * The deal-strategy catalog and its workspace settings (issue 19): one action per deal per week, each with an effort
 * cost, under an effort budget per deal. `wait` costs nothing and is always allowed. `discount` takes 15 % off the
 * amount (the rep's client PATCHes the amount; the state reads the amount as of each moment). Reward: a won deal,
 * optionally weighted by its amount (`amountWeight` 0 = every win counts 1; 1 = a win counts amount / median amount).
 */
export interface StrategyAction {
  key: string;
  label: string;
  cost: number;
}

export interface StrategySettings {
  actions: StrategyAction[];
  /** Effort units per deal. */
  budget: number;
  /** 0: every won deal is worth 1; 1: worth its amount relative to the median amount; between: a mix. */
  amountWeight: number;
  /** The share of the amount a discount takes off (0.15). */
  discountRate: number;
}

export const DEFAULT_STRATEGY_ACTIONS: readonly StrategyAction[] = [
  { key: 'email', label: 'Email', cost: 1 },
  { key: 'call', label: 'Call', cost: 2 },
  { key: 'meeting', label: 'Meeting', cost: 3 },
  { key: 'demo', label: 'Demo', cost: 3 },
  { key: 'proposal', label: 'Proposal', cost: 2 },
  { key: 'discount', label: 'Discount (−15 %)', cost: 1 },
  { key: 'escalate', label: 'Escalate to an executive sponsor', cost: 2 },
  { key: 'wait', label: 'Wait', cost: 0 },
];
export const DEFAULT_BUDGET = 16;
export const DEFAULT_DISCOUNT_RATE = 0.15;

export const defaultStrategySettings = (): StrategySettings => ({ actions: DEFAULT_STRATEGY_ACTIONS.map((a) => ({ ...a })), budget: DEFAULT_BUDGET, amountWeight: 0, discountRate: DEFAULT_DISCOUNT_RATE });

/** Actions taken at most once per deal: a second discount or sponsor is not the same move again. */
export const ONCE_PER_DEAL: readonly string[] = ['discount', 'escalate'];

/** Which catalog actions are allowed with `budgetLeft` units left (wait always; once-per-deal ones once). */
export function allowedActions(settings: StrategySettings, budgetLeft: number, touches: Readonly<Record<string, number>>): boolean[] {
  return settings.actions.map((a) => a.key === 'wait' || (a.cost <= budgetLeft + 1e-9 && !(ONCE_PER_DEAL.includes(a.key) && (touches[a.key] ?? 0) > 0)));
}
