/** The figures a world prints: its size, its open share, and how well an oracle and simple baselines rank open deals. */
import { HISTORY_DAYS, type SimulatedWorld } from './simulate.js';
import { OPEN_STAGES, type OpenStage } from './world.js';

/** Area under the ROC curve (Mann–Whitney, ties counted half): the chance a won deal outranks a lost one. */
export function rocAuc(scores: readonly number[], won: readonly boolean[]): number {
  const order = scores.map((score, i) => ({ score, won: won[i] === true })).sort((a, b) => a.score - b.score);
  let rankSumWon = 0;
  let wins = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]?.score === order[i]?.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k]?.won) { rankSumWon += averageRank; wins++; }
    i = j;
  }
  const losses = order.length - wins;
  if (wins === 0 || losses === 0) return Number.NaN;
  return (rankSumWon - (wins * (wins + 1)) / 2) / (wins * losses);
}

export interface WorldSummary {
  companies: number;
  contacts: number;
  deals: number;
  activities: number;
  activitiesPerDeal: number;
  stageMoves: number;
  openDeals: number;
  openShare: number;
  closedWinRate: number;
  openEventualWinRate: number;
  openByStage: Record<OpenStage, number>;
  /** AUC of the true probability against the sampled outcomes: the best any model can do on this world's open deals. */
  oracleAuc: number;
  /** Simple rankers, for scale: stage reached, recency of the last deal activity, and quality from visible facts only. */
  baselineAuc: { stage: number; recency: number; visibleQuality: number };
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function summarize(sim: SimulatedWorld): WorldSummary {
  const open = sim.deals.filter((d) => d.snapshot !== null);
  const closed = sim.deals.filter((d) => d.closedDay !== null);
  const won = open.map((d) => d.won);
  const lastActivity = new Map<string, number>();
  for (const a of sim.activities) if (a.dealId) lastActivity.set(a.dealId, Math.max(lastActivity.get(a.dealId) ?? 0, a.day));
  const openByStage = Object.fromEntries(OPEN_STAGES.map((s) => [s, open.filter((d) => d.stage === s).length])) as Record<OpenStage, number>;
  return {
    companies: sim.companies.length,
    contacts: sim.contacts.length,
    deals: sim.deals.length,
    activities: sim.activities.length,
    activitiesPerDeal: round(sim.activities.length / sim.deals.length, 2),
    stageMoves: sim.deals.reduce((n, d) => n + d.history.length, 0),
    openDeals: open.length,
    openShare: round(open.length / sim.deals.length),
    closedWinRate: round(closed.filter((d) => d.won).length / closed.length),
    openEventualWinRate: round(won.filter(Boolean).length / open.length),
    openByStage,
    oracleAuc: round(rocAuc(open.map((d) => d.trueProbability ?? 0), won)),
    baselineAuc: {
      stage: round(rocAuc(open.map((d) => OPEN_STAGES.indexOf(d.stage as OpenStage)), won)),
      recency: round(rocAuc(open.map((d) => (lastActivity.get(d.id) ?? d.createdDay) - HISTORY_DAYS), won)),
      visibleQuality: round(rocAuc(open.map((d) => d.visibleQuality), won)),
    },
  };
}
