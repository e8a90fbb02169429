/**
 * The bench's HTTP loop against a real server (the bundled sample, hashing vectors so nothing slow is embedded):
 * every step goes through next-action and outcome, and what the server recorded is what the simulator drew.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INTELLIGENCE_SETTINGS, type IntelligenceSettings } from '../../src/core/config.js';
import { runOverHttp } from './driver.js';
import { loadPopulation } from './population.js';
import { prepareBase, startServer, type LiveServer } from './server.js';
import { SIM_START, World } from './simulator.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../demo');
const settings: IntelligenceSettings = { ...DEFAULT_INTELLIGENCE_SETTINGS, embedding: { provider: 'hashing' }, embedWorker: false };

describe('nba bench: the HTTP driver', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-driver-test-'));
  const base = path.join(dir, 'base');
  let server: LiveServer | undefined;

  beforeAll(async () => {
    await prepareBase(base, SAMPLE, SIM_START, () => {}, settings);
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks for each step, posts the drawn response with the simulated time, and the server lists the same outcomes', async () => {
    server = await startServer(base, path.join(dir, 'run'), SIM_START, settings);
    const world = new World(loadPopulation(SAMPLE), { seed: 5 });
    const run = await runOverHttp(world, 40, 'random', server);
    expect(run.results).toHaveLength(40);
    expect(run.nextActionMs).toHaveLength(40);
    expect(new Set(run.results.map((r) => r.action)).size).toBeGreaterThan(2);

    const listed: { contact_id: string; action: string; outcome: string | null; outcome_at: string | null; policy: string }[] = [];
    let after: string | null = '';
    while (after !== null) {
      const res = await fetch(`${server.base}/api/recommendations?policy=random${after ? `&after=${encodeURIComponent(after)}` : ''}`, { headers: { authorization: server.headers.authorization! } });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { data: typeof listed; next: string | null };
      listed.push(...page.data);
      after = page.next;
    }
    expect(listed).toHaveLength(40);
    // Oldest first, one per step: the server saw the simulator's contacts, actions, draws and clock.
    listed.forEach((rec, i) => {
      const step = run.results[i]!;
      expect(rec.contact_id).toBe(world.population[step.contactIndex]!.id);
      expect(rec.action).toBe(step.action);
      expect(rec.outcome).toBe(step.responded ? 'responded' : 'no_response');
      expect(Date.parse(rec.outcome_at!)).toBe(world.timeAt(i));
    });
  });

  it('stops with a message naming the step and the answer when the server refuses', async () => {
    const world = new World(loadPopulation(SAMPLE), { seed: 5 });
    await expect(runOverHttp(world, 3, 'no-such-policy', server!)).rejects.toThrow(/step 1: GET next-action for ct_\w+ \(policy no-such-policy\) answered 4\d\d/);
  });
});
