/**
 * Held-out pipeline world: a CRM data set in the shared formats whose open deals' eventual outcomes are known,
 * for judging deal-score models on an open pipeline. Written without reading the project's scoring code.
 *
 *   npx tsx bench/heldout/pipeline-world.ts --seed N --out DIR [--deals 2000] [--rollouts 400]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dynamicsDocument } from './dynamics-doc.js';
import { writeWorld } from './output.js';
import { summarize } from './summary.js';
import { simulateWorld } from './simulate.js';

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      out: { type: 'string' },
      deals: { type: 'string' },
      rollouts: { type: 'string' },
    },
  });
  if (values.seed === undefined || !values.out) {
    console.error('usage: npx tsx bench/heldout/pipeline-world.ts --seed N --out DIR [--deals 2000] [--rollouts 400]');
    process.exit(2);
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got "${values.seed}"`);
  const sim = simulateWorld({ seed, deals: positiveInteger('deals', values.deals, 2000), rollouts: positiveInteger('rollouts', values.rollouts, 400) });
  const summary = summarize(sim);
  writeWorld(values.out, sim);
  writeFileSync(join(values.out, 'hidden', 'DYNAMICS.md'), dynamicsDocument(sim.world, summary));
  console.log(JSON.stringify({ seed, out: values.out, ...summary }, null, 2));
}

main();
