/**
 * `crm policy …`: next-best-action policies (issue 18) — off-policy evaluation of the logged recommendations, the
 * workspace's default policy (its rollout flag) and A/B experiments between policies.
 */
import { CrmError } from '../../../core/errors.js';
import { evaluatePolicies, type Evaluation } from '../../../intelligence/decisions/index.js';
import type { CliContext } from '../context.js';

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
const range = ([lo, hi]: [number, number]) => `${pct(Math.max(0, lo))}–${pct(Math.min(1, hi))}`;

function printEvaluation(r: Evaluation) {
  console.log(`next-best action: ${r.entries} recommendations with outcomes; logged response rate ${pct(r.logged.rate)} (${range(r.logged.interval)})`);
  console.log('policy                        IPS     95% interval       DR      95% interval       matched');
  const sorted = [...r.policies].sort((a, b) => b.dr - a.dr);
  for (const p of sorted) console.log(`${p.policy.padEnd(28)} ${pct(p.ips).padStart(6)}  ${range(p.ipsInterval).padEnd(16)}  ${pct(p.dr).padStart(6)}  ${range(p.drInterval).padEnd(16)}  ${p.matched}`);
  console.log('IPS: inverse-propensity estimate; DR: doubly robust (a reward model corrected by IPS). Learning policies are replayed with a posterior of the outcomes before each one.');
}

export function policyCommands({ program, ws, withIntelligence }: CliContext) {
  const policy = program.command('policy').description('next-best-action policies: evaluate, rollout, experiments');
  policy
    .command('evaluate')
    .argument('<decision>', 'which decision: nba (next-best action)')
    .option('--json', 'print the estimates as JSON')
    .option('--seed <n>', 'seed of the Monte-Carlo draws', '1')
    .description("replay the outcome log with inverse-propensity and doubly-robust estimators: each policy's estimated response rate with intervals")
    .action(async (decision: string, opts: { json?: boolean; seed: string }) => {
      if (decision !== 'nba') throw new CrmError('validation', `unknown decision "${decision}"; use nba`);
      await withIntelligence(async ({ nextAction }) => {
        const log = await nextAction.loggedDecisions(ws());
        if (log.length === 0) throw new CrmError('validation', `workspace ${ws()} has no recommendations with outcomes to evaluate yet`);
        const result = evaluatePolicies(log, { seed: Number(opts.seed) || 1 });
        if (opts.json) console.log(JSON.stringify(result, null, 2));
        else printEvaluation(result);
      });
    });
  policy
    .command('rollout')
    .argument('<policy>', 'thompson, greedy, epsilon-greedy, random, fixed:<action>, or default (back to thompson)')
    .description("set the workspace's default next-action policy (its rollout flag)")
    .action(async (name: string) => {
      await withIntelligence(async ({ nextAction }) => {
        const s = await nextAction.saveSettings(ws(), { defaultPolicy: name === 'default' ? null : name });
        console.log(`default policy: ${s.defaultPolicy}`);
      });
    });
  const experiment = policy.command('experiment').description('A/B tests of next-action policies (contacts assigned by a hash of their id)');
  experiment
    .command('start')
    .argument('<policies...>', '2 to 4 policies')
    .option('--name <name>')
    .action(async (policies: string[], opts: { name?: string }) => {
      await withIntelligence(async ({ nextAction }) => {
        const e = await nextAction.startExperiment(ws(), policies, opts.name);
        console.log(`experiment ${e.id} started: ${e.variants.map((v) => v.policy).join(' vs ')}`);
      });
    });
  experiment.command('status').action(async () => {
    await withIntelligence(async ({ nextAction }) => {
      const e = await nextAction.experiment(ws());
      console.log(e ? `experiment ${e.id} (${e.name}) running since ${e.started_at}: ${e.variants.map((v) => v.policy).join(' vs ')}` : 'no experiment running');
    });
  });
  experiment.command('stop').action(async () => {
    await withIntelligence(async ({ nextAction }) => {
      const e = await nextAction.stopExperiment(ws());
      console.log(e ? `experiment ${e.id} stopped` : 'no experiment was running');
    });
  });
}
