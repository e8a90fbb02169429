/**
 * `crm policy train ppo [--workspace W] [--steps N] [--seed S] [--json]` (issue 19): trains the deal policy on
 * everything the workspace gathered (world model + Dyna PPO) and prints the report — the same as
 * `POST /api/policies/ppo/train`. Added to the `policy` group of policy.commands.ts (next-best action's).
 */
import { CrmError } from '../../../core/errors.js';
import { DealStrategyService, type StrategyTrainReport } from '../../../intelligence/strategy/index.js';
import type { CliContext } from '../context.js';

const pct = (p: number | null) => (p === null ? 'n/a' : `${(p * 100).toFixed(1)}%`);

function printReport(r: StrategyTrainReport & { modelVersion: number }) {
  const e = r.episodesUsed;
  console.log(`deal policy ppo: version ${r.modelVersion}, trained in ${r.seconds} s`);
  console.log(`learned from ${e.history} imported deal histories and ${e.logged} logged trajectories (${e.loggedClosed} closed): ${e.steps} weekly steps; PPO ran ${e.ppoEpisodes} episodes in the world model`);
  const c = r.evaluation.closeRate;
  console.log(`close rate in the learned world model (${r.evaluation.episodes} episodes each):`);
  for (const [name, value] of [['ppo', c.ppo], ['ppo (world model from history only)', c.ppoWorldModelOnly], ['behaviour cloning only', c.behaviourCloned], ['playbook', c.playbook], ['thompson (greedy)', c.thompson], ['random', c.random]] as const)
    console.log(`  ${name.padEnd(38)} ${pct(value)}`);
  for (const line of r.contributions) console.log(line);
  const curve = r.returns.corrected.filter((x): x is number => x !== null);
  if (curve.length) console.log(`mean return per update (corrected model): ${curve.map((x) => x.toFixed(3)).join(' ')}`);
}

export function policyTrainCommand({ program, ws, withCrm }: CliContext) {
  const policy = program.commands.find((c) => c.name() === 'policy') ?? program.command('policy');
  policy
    .command('train')
    .argument('<policy>', 'ppo (the deal policy)')
    .option('--steps <n>', 'PPO environment steps of the corrected-model stage (default 20480; the history-only stage does half)')
    .option('--seed <n>', 'seed of the run', '1')
    .option('--json', 'print the report as JSON')
    .description('train the deal policy on everything gathered so far (world model + PPO) and print the report')
    .action(async (name: string, opts: { steps?: string; seed: string; json?: boolean }) => {
      if (name !== 'ppo') throw new CrmError('validation', `unknown policy "${name}"; only ppo is trained`);
      const steps = opts.steps === undefined ? undefined : Number(opts.steps);
      if (steps !== undefined && !(Number.isInteger(steps) && steps >= 256)) throw new CrmError('validation', `--steps: a whole number of at least 256, got "${opts.steps}"`);
      await withCrm(async (crm) => {
        if (!(await crm.storage.workspaces.get(ws()))) throw new CrmError('not_found', `workspace ${ws()} does not exist`);
        const report = await new DealStrategyService(crm.storage, crm.clock).train(ws(), name, { seed: Number(opts.seed) || 1, ppoSteps: steps });
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else printReport(report);
      });
    });
}
