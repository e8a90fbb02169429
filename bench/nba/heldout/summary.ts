/**
 * The held-out world's reference figures, in process (no server): per seed, the oracle's expected rate, every
 * single action's, a uniformly random policy's and how often each action is the oracle's choice.
 *
 *   npx tsx bench/nba/heldout/summary.ts                       # 10,000 steps, seeds 1–3
 *   npx tsx bench/nba/heldout/summary.ts --steps 50000 --seeds 1
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadPopulation } from '../population.js';
import { ACTIONS } from './response-model.js';
import { bestSingleAction, oracleChoice, runLocal, runPolicy, World } from './simulator.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mean = (xs: { probability: number }[]) => xs.reduce((s, x) => s + x.probability, 0) / xs.length;

function main() {
  const { values: args } = parseArgs({ options: { steps: { type: 'string', default: '10000' }, seeds: { type: 'string', default: '1,2,3' }, data: { type: 'string', default: path.resolve(here, '../../../../shared/data/crm') } } });
  const steps = Number(args.steps);
  if (!Number.isInteger(steps) || steps < 10) throw new Error(`--steps must be a whole number ≥ 10, got "${args.steps}"`);
  const population = loadPopulation(path.resolve(args.data!));
  for (const seed of args.seeds!.split(',').map(Number)) {
    const world = new World(population, { seed });
    const oracle = runLocal(world, steps, oracleChoice);
    const single = bestSingleAction(world, steps);
    let i = 0;
    const random = runPolicy(world, steps, { choose: () => ACTIONS[(i = (i * 1103515245 + 12345 + seed) >>> 0) % ACTIONS.length]! });
    const picks = Object.fromEntries(ACTIONS.map((a) => [a, oracle.filter((r) => r.action === a).length / steps]));
    const silent = world.profiles.filter((p) => p.hidden.nonResponder).length;
    console.log(`seed ${seed}, ${steps.toLocaleString('en-US')} steps: oracle ${pct(mean(oracle))}, best single ${single.action} ${pct(single.expectedRate)} (oracle ÷ best single ${(mean(oracle) / single.expectedRate).toFixed(2)}), random ${pct(mean(random))}; ${silent} of ${population.length} contacts answer nothing`);
    console.log(`  always: ${ACTIONS.map((a) => `${a} ${pct(single.byAction[a])}`).join(', ')}`);
    console.log(`  oracle's choices: ${ACTIONS.map((a) => `${a} ${pct(picks[a]!)}`).join(', ')}`);
  }
}

main();
