/**
 * The held-out world through the bench's HTTP loop (what `npm run bench:nba -- --world heldout` does for each
 * policy): a real server on the bundled sample with hashing vectors; the server records the held-out world's
 * contacts, actions, draws and clock.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INTELLIGENCE_SETTINGS, type IntelligenceSettings } from '../../../src/core/config.js';
import { runOverHttp } from '../driver.js';
import { loadPopulation } from '../population.js';
import { prepareBase, startServer, type LiveServer } from '../server.js';
import { SIM_START, Trajectory, World } from './simulator.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../../demo');
const settings: IntelligenceSettings = { ...DEFAULT_INTELLIGENCE_SETTINGS, embedding: { provider: 'hashing' }, embedWorker: false };

describe('nba held-out world over HTTP', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-heldout-driver-test-'));
  const base = path.join(dir, 'base');
  let server: LiveServer | undefined;

  beforeAll(async () => {
    await prepareBase(base, SAMPLE, SIM_START, () => {}, settings);
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('drives a trajectory of the held-out world through next-action and outcome', async () => {
    server = await startServer(base, path.join(dir, 'run'), SIM_START, settings);
    const world = new World(loadPopulation(SAMPLE), { seed: 4 });
    const run = await runOverHttp(new Trajectory(world), 30, 'random', server);
    expect(run.results).toHaveLength(30);
    const res = await fetch(`${server.base}/api/recommendations?policy=random`, { headers: { authorization: server.headers.authorization! } });
    expect(res.status).toBe(200);
    const listed = ((await res.json()) as { data: { contact_id: string; action: string; outcome: string | null; outcome_at: string | null }[] }).data;
    expect(listed).toHaveLength(30);
    listed.forEach((rec, i) => {
      const step = run.results[i]!;
      expect(rec.contact_id).toBe(world.population[step.contactIndex]!.id);
      expect(rec.action).toBe(step.action);
      expect(rec.outcome).toBe(step.responded ? 'responded' : 'no_response');
      expect(Date.parse(rec.outcome_at!)).toBe(world.timeAt(i));
    });
  });
});

describe('npm run bench:nba -- --world', () => {
  it('refuses a world it does not know, naming the ones it has, before importing anything', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../run.ts'), '--world', 'nope', '--steps', '10'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--world must be one of standard, heldout, got "nope"');
  });
});
