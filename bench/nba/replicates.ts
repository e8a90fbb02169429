/**
 * The replicated promotion rule for a learner option (docs/next-best-action.md, "Replicated promotion rule"):
 * paired runs of the default and a candidate on the nine visible worlds (family 1–6, variants region, interactions,
 * timing) — the same world seed and the same policy seed (`--learner …,policySeed=K`: Thompson's own random stream)
 * for both, so each pair differs only by the option — and a verdict from the paired differences and their spread.
 *
 *   nice -n 19 npx tsx bench/nba/replicates.ts --candidate longTouches=true --world-seeds 1,2,3 --policy-seeds 0,1,2 --run
 *   npx tsx bench/nba/replicates.ts --candidate longTouches=true            # the table and verdict from what is stored
 *
 * Every (learner, world seed, policy seed, world) is one process of bench/nba-learner.ts (`--suite --only <world>
 * --seeds <s> --policies thompson --learner <spec>,policySeed=<k> --json`), at most `--jobs` (2) at a time, its JSON
 * stored under bench/.data/nba-replicates/<code>/ where <code> is a hash of the learner's and the worlds' source:
 * a run already done for the same code and arguments is reused, an edit to the learner starts afresh. Runs the
 * docs wrote before this script existed (bench/nba/replicates-written.json) are used where no stored run exists
 * and their code is the same as the tree's (said there); they give the figures at 50k per world and the family
 * mean at 10k.
 *
 * The rule (thresholds from the measured spread, below): with n paired runs (n ≥ 6, at least two world seeds),
 *   (a) gain — the mean over runs of the paired difference of the nine-world mean at 50k is above 2 standard errors
 *       (SE = sd of the paired differences ÷ √n);
 *   (b) no world lost — for each world, the mean of its paired differences at 50k is above −max(0.01, 2.6 SE_w),
 *       SE_w = the per-world sd of paired differences pooled over the nine worlds ÷ √(runs of that world): 2.6 is a
 *       one-sided 0.5 % per world, ≈ 4 % over nine for an option that changes nothing; 0.01 keeps a significant but
 *       negligible loss from blocking a gain;
 *   (c) not worse early — the mean paired difference of the family mean at 10k is above −2 SE.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
export const NINE = ['family:1', 'family:2', 'family:3', 'family:4', 'family:5', 'family:6', 'variant:region', 'variant:interactions', 'variant:timing'] as const;
const FAMILY = NINE.slice(0, 6);

/** The sources a run's figures depend on: the learner, the features' lexicons, the worlds, the in-process bench. */
export function codeHash(): string {
  const files = [
    ...fs.readdirSync(path.join(root, 'src/intelligence/decisions')).filter((f) => f.endsWith('.ts')).sort().map((f) => `src/intelligence/decisions/${f}`),
    'src/intelligence/lexicon/roles.ts', 'src/intelligence/lexicon/firmographics.ts', 'src/intelligence/lexicon/interests.ts',
    'src/core/normalize.ts', 'src/intelligence/scoring/learn/rng.ts', 'bench/nba-learner.ts',
    ...['family', 'simulator', 'population', 'report', 'response-model', 'random'].map((f) => `bench/nba/${f}.ts`),
  ];
  const h = crypto.createHash('sha256');
  for (const f of files) h.update(f).update('\0').update(fs.readFileSync(path.join(root, f))).update('\0');
  return h.digest('hex').slice(0, 12);
}

/** One learner's figures on one (world seed, policy seed): ÷ oracle at 50k per world, at 10k per world when known. */
export interface Replicate {
  learner: string;
  worldSeed: number;
  policySeed: number;
  rEnd: Partial<Record<string, number>>;
  r10: Partial<Record<string, number>>;
  /** Written runs: the family mean at 10k and the nine-world mean at 50k as written (per-world figures may be missing). */
  family10?: number;
  nine50?: number;
  family50?: number;
  source: 'run' | 'written';
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => { const m = mean(xs); return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1)); };

export function nineMean(r: Replicate): number | undefined {
  if (NINE.every((w) => r.rEnd[w] !== undefined)) return mean(NINE.map((w) => r.rEnd[w]!));
  return r.nine50;
}
export function family10(r: Replicate): number | undefined {
  if (FAMILY.every((w) => r.r10[w] !== undefined)) return mean(FAMILY.map((w) => r.r10[w]!));
  return r.family10;
}
export function family50(r: Replicate): number | undefined {
  return FAMILY.every((w) => r.rEnd[w] !== undefined) ? mean(FAMILY.map((w) => r.rEnd[w]!)) : r.family50;
}

export interface Verdict {
  n: number;
  worldSeeds: number[];
  d50: number[];
  gain: { mean: number; se: number; pass: boolean };
  perWorld: { world: string; n: number; mean: number; limit: number; pass: boolean }[];
  pooledWorldSd: number;
  early: { n: number; mean: number; se: number; pass: boolean };
  family50?: { n: number; mean: number; se: number };
  pass: boolean;
  enough: boolean;
}

/** The rule on paired replicates (base and candidate keyed alike). */
export function judge(pairs: { base: Replicate; cand: Replicate }[]): Verdict {
  const d50 = pairs.map((p) => nineMean(p.cand)! - nineMean(p.base)!).filter((x) => Number.isFinite(x));
  const n = d50.length;
  const se = n > 1 ? sd(d50) / Math.sqrt(n) : Infinity;
  const byWorld = NINE.map((w) => ({ world: w, ds: pairs.filter((p) => p.base.rEnd[w] !== undefined && p.cand.rEnd[w] !== undefined).map((p) => p.cand.rEnd[w]! - p.base.rEnd[w]!) }));
  // The per-world spread pooled over worlds (each world has only a few replicates of its own).
  const withDf = byWorld.filter((b) => b.ds.length > 1);
  const pooledVar = withDf.reduce((a, b) => a + (b.ds.length - 1) * sd(b.ds) ** 2, 0) / Math.max(1, withDf.reduce((a, b) => a + b.ds.length - 1, 0));
  const pooledWorldSd = Math.sqrt(pooledVar);
  const perWorld = byWorld.map((b) => {
    const m = b.ds.length ? mean(b.ds) : NaN;
    // No spread measured yet (no world with two pairs): no limit.
    const limit = withDf.length ? -Math.max(0.01, (2.6 * pooledWorldSd) / Math.sqrt(Math.max(1, b.ds.length))) : NaN;
    return { world: b.world, n: b.ds.length, mean: m, limit, pass: !(m < limit) };
  });
  const d10 = pairs.map((p) => (family10(p.cand) ?? NaN) - (family10(p.base) ?? NaN)).filter((x) => Number.isFinite(x));
  const se10 = d10.length > 1 ? sd(d10) / Math.sqrt(d10.length) : Infinity;
  const early = { n: d10.length, mean: d10.length ? mean(d10) : NaN, se: se10, pass: d10.length > 0 && mean(d10) > -2 * se10 };
  const f50 = pairs.map((p) => (family50(p.cand) ?? NaN) - (family50(p.base) ?? NaN)).filter((x) => Number.isFinite(x));
  const gain = { mean: n ? mean(d50) : NaN, se, pass: n > 1 && mean(d50) > 2 * se };
  const worldSeeds = [...new Set(pairs.map((p) => p.base.worldSeed))].sort();
  const enough = n >= 6 && worldSeeds.length >= 2;
  return {
    n, worldSeeds, d50, gain, perWorld, pooledWorldSd, early,
    family50: f50.length ? { n: f50.length, mean: mean(f50), se: f50.length > 1 ? sd(f50) / Math.sqrt(f50.length) : Infinity } : undefined,
    pass: enough && gain.pass && perWorld.every((w) => w.pass) && early.pass,
    enough,
  };
}

const specOf = (learner: string, policySeed: number) => [learner, `policySeed=${policySeed}`].filter(Boolean).join(',');
const slug = (s: string) => (s === '' ? 'default' : s.replace(/[^A-Za-z0-9.=,_-]/g, '_'));

function cacheFile(dir: string, learner: string, worldSeed: number, policySeed: number, world: string, steps: number) {
  return path.join(dir, `${slug(learner)}__ws${worldSeed}__ps${policySeed}__${world.replace(':', '-')}__${steps}.json`);
}

interface Job { learner: string; worldSeed: number; policySeed: number; world: string; file: string }

function runJob(job: Job, steps: number): Promise<void> {
  const args = ['-n', '19', path.join(root, 'node_modules/.bin/tsx'), path.join(root, 'bench/nba-learner.ts'), '--suite', '--only', job.world, '--seeds', String(job.worldSeed), '--steps', String(steps), '--policies', 'thompson', '--learner', specOf(job.learner, job.policySeed), '--json'];
  return new Promise((resolve, reject) => {
    const child = spawn('nice', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${job.file}: exit ${code}\n${err.slice(-2000)}`));
      fs.writeFileSync(`${job.file}.tmp`, out);
      fs.renameSync(`${job.file}.tmp`, job.file);
      fs.writeFileSync(job.file.replace(/\.json$/, '.log'), err);
      resolve();
    });
  });
}

function loadRun(file: string): { r10: number; rEnd: number } | undefined {
  if (!fs.existsSync(file)) return undefined;
  const j = JSON.parse(fs.readFileSync(file, 'utf8')) as { table: { world: string; policy: string; r10: number; rEnd: number }[] };
  const row = j.table.find((t) => t.policy === 'thompson');
  return row ? { r10: row.r10, rEnd: row.rEnd } : undefined;
}

interface Written { code: string; note: string; runs: { learner: string; worldSeed: number; policySeed: number; rEnd: Record<string, number>; family10: number; nine50: number; family50?: number }[] }

export function replicate(dir: string, written: Written | undefined, learner: string, worldSeed: number, policySeed: number, steps: number): Replicate | undefined {
  const r: Replicate = { learner, worldSeed, policySeed, rEnd: {}, r10: {}, source: 'run' };
  for (const w of NINE) {
    const got = loadRun(cacheFile(dir, learner, worldSeed, policySeed, w, steps));
    if (got) { r.rEnd[w] = got.rEnd; r.r10[w] = got.r10; }
  }
  if (NINE.every((w) => r.rEnd[w] !== undefined)) return r;
  const wr = steps === 50_000 ? written?.runs.find((x) => x.learner === learner && x.worldSeed === worldSeed && x.policySeed === policySeed) : undefined;
  if (wr) return { learner, worldSeed, policySeed, rEnd: { ...wr.rEnd }, r10: {}, family10: wr.family10, nine50: wr.nine50, family50: wr.family50, source: 'written' };
  return undefined;
}

async function main() {
  const { values: a } = parseArgs({
    options: {
      candidate: { type: 'string' },
      baseline: { type: 'string', default: '' },
      'world-seeds': { type: 'string', default: '1,2,3' },
      'policy-seeds': { type: 'string', default: '0,1,2' },
      steps: { type: 'string', default: '50000' },
      jobs: { type: 'string', default: '2' },
      run: { type: 'boolean', default: false },
      written: { type: 'boolean', default: true },
      cache: { type: 'string', default: path.join(root, 'bench/.data/nba-replicates') },
      json: { type: 'boolean', default: false },
    },
  });
  if (a.candidate === undefined) throw new Error('--candidate <learner options> is required (e.g. longTouches=true)');
  const steps = Number(a.steps);
  const code = codeHash();
  const dir = path.join(a.cache!, code);
  fs.mkdirSync(dir, { recursive: true });
  const writtenPath = path.join(here, 'replicates-written.json');
  const writtenAll = a.written && fs.existsSync(writtenPath) ? (JSON.parse(fs.readFileSync(writtenPath, 'utf8')) as Written) : undefined;
  // Written figures only count while the learner's code is the one they were measured on.
  const written = writtenAll && writtenAll.code === code ? writtenAll : undefined;
  if (writtenAll && !written) console.error(`(written figures are for code ${writtenAll.code}, the tree is ${code}: not used)`);
  const worldSeeds = a['world-seeds']!.split(',').map(Number);
  const policySeeds = a['policy-seeds']!.split(',').map(Number);
  const learners = [a.baseline!, a.candidate];

  if (a.run) {
    const jobs: Job[] = [];
    for (const ws of worldSeeds)
      for (const ps of policySeeds) {
        if (learners.every((l) => replicate(dir, written, l, ws, ps, steps))) continue;
        for (const w of NINE)
          for (const l of learners) {
            if (replicate(dir, written, l, ws, ps, steps)) continue;
            const file = cacheFile(dir, l, ws, ps, w, steps);
            if (!fs.existsSync(file)) jobs.push({ learner: l, worldSeed: ws, policySeed: ps, world: w, file });
          }
      }
    console.error(`code ${code}: ${jobs.length} runs to do, ${a.jobs} at a time`);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const t0 = Date.now();
        await runJob(job, steps);
        console.error(`  ${new Date().toISOString().slice(11, 19)} ${slug(job.learner)} ws${job.worldSeed} ps${job.policySeed} ${job.world}: ${loadRun(job.file)!.rEnd.toFixed(3)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
    };
    await Promise.all(Array.from({ length: Number(a.jobs) }, worker));
  }

  const pairs: { base: Replicate; cand: Replicate }[] = [];
  const lines: string[] = [];
  const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));
  const s3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`);
  lines.push(`== replicated rule: candidate ${a.candidate} against ${a.baseline || 'the default'}; code ${code}; ${steps} steps ==`);
  lines.push(`| world seed | policy seed | source | nine-world @50k base → cand (Δ) | family @50k Δ | family @10k Δ | ${NINE.map((w) => w.replace(/^(family|variant):/, '')).join(' | ')} (Δ @50k) |`);
  lines.push(`|---|---|---|---|---|---|${NINE.map(() => '---').join('|')}|`);
  for (const ws of worldSeeds)
    for (const ps of policySeeds) {
      const base = replicate(dir, written, a.baseline!, ws, ps, steps);
      const cand = replicate(dir, written, a.candidate, ws, ps, steps);
      if (!base || !cand) continue;
      pairs.push({ base, cand });
      const d = (w: string) => (base.rEnd[w] !== undefined && cand.rEnd[w] !== undefined ? cand.rEnd[w]! - base.rEnd[w]! : undefined);
      lines.push(`| ${ws} | ${ps} | ${base.source === cand.source ? base.source : `${base.source}/${cand.source}`} | ${f3(nineMean(base))} → ${f3(nineMean(cand))} (${s3(nineMean(cand)! - nineMean(base)!)}) | ${s3((family50(cand) ?? NaN) - (family50(base) ?? NaN))} | ${s3((family10(cand) ?? NaN) - (family10(base) ?? NaN))} | ${NINE.map((w) => s3(d(w))).join(' | ')} |`);
    }
  const v = judge(pairs);
  lines.push(`paired runs: ${v.n} (world seeds ${v.worldSeeds.join(', ') || '—'})${v.enough ? '' : ' — fewer than 6 or one world seed: no verdict yet'}`);
  const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '—');
  const s4 = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}` : '—');
  lines.push(`(a) nine-world mean @50k: paired gain ${s4(v.gain.mean)} ± ${f4(v.gain.se)} (SE; ${(v.gain.mean / v.gain.se).toFixed(1)} SE; sd of one pair ${f4(v.gain.se * Math.sqrt(v.n))}; ${v.d50.filter((d) => d > 0).length} of ${v.n} positive) → ${v.gain.pass ? 'pass' : 'fail'} (needs > 2 SE = ${f4(2 * v.gain.se)})`);
  lines.push(`(b) per world @50k (pooled sd of one pair ${f3(v.pooledWorldSd)}): ${v.perWorld.map((w) => `${w.world.replace(/^(family|variant):/, '')} ${s3(w.mean)} (n ${w.n}, limit ${s3(w.limit)})${w.pass ? '' : ' FAIL'}`).join('; ')} → ${v.perWorld.every((w) => w.pass) ? 'pass' : 'fail'}`);
  lines.push(`(c) family mean @10k: ${s4(v.early.mean)} ± ${f4(v.early.se)} over ${v.early.n} → ${v.early.pass ? 'pass' : 'fail'} (needs > −2 SE = ${s4(-2 * v.early.se)})`);
  if (v.family50) lines.push(`    (not in the rule) family mean @50k: ${s4(v.family50.mean)} ± ${f4(v.family50.se)} over ${v.family50.n}`);
  lines.push(`verdict: ${v.pass ? 'PASSES — adopt' : v.enough ? 'does not pass' : 'not enough replicates'}`);
  for (const l of lines) console.log(l);
  if (a.json) console.log(JSON.stringify({ code, candidate: a.candidate, baseline: a.baseline, pairs, verdict: v }, null, 1));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
