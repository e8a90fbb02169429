/**
 * `crm policy evaluate nba` on a database whose log holds recommendations and outcomes: it prints each policy's
 * estimated response rate with intervals, ranks the action that drew responses above the one that did not, and
 * says what is wrong with a bad argument or an empty log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../../src/crm/index.js';
import { NextActionService } from '../../src/intelligence/decisions/index.js';
import { mulberry32 } from '../../src/intelligence/scoring/learn/rng.js';
import { openStorage } from '../../src/storage/connect.js';
import { SAMPLE_DIR } from '../support/backends.js';
import { runCrm } from '../support/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-policy-cli-'));
const env = { ...process.env, CRM_DATA_DIR: dataDir, DATABASE_URL: '', CRM_DEMO: '0', EMBEDDING_PROVIDER: 'hashing' };

const crm = (args: string[]) => runCrm(args, env);

beforeAll(async () => {
  const storage = await openStorage({ dataDir });
  await prepareStorage(storage);
  const crmApp = createCrm({ storage });
  await crmApp.importer.importDirectory(DEFAULT_WORKSPACE, SAMPLE_DIR);
  const nba = new NextActionService(storage, crmApp.clock, { seed: 5 });
  const contacts = (await crmApp.records.list(DEFAULT_WORKSPACE, 'contact', { limit: 100 })).records.map((c) => c.id);
  const rng = mulberry32(9);
  // Uniformly random recommendations; e-mail draws responses 40% of the time, waiting 5%, the rest 15%.
  for (let i = 0; i < 400; i++) {
    const rec = await nba.nextAction(DEFAULT_WORKSPACE, contacts[i % contacts.length]!, { policy: 'random' });
    const rate = rec.action === 'email' ? 0.4 : rec.action === 'wait' ? 0.05 : 0.15;
    await nba.recordOutcome(DEFAULT_WORKSPACE, rec.recommendationId, rng() < rate ? 'responded' : 'no_response');
  }
  await storage.close();
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('crm policy evaluate nba', () => {
  it("prints each policy's IPS and DR estimates with intervals", async () => {
    const r = await crm(['policy', 'evaluate', 'nba', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as { entries: number; policies: { policy: string; ips: number; dr: number; drInterval: [number, number] }[] };
    expect(result.entries).toBe(400);
    const by = new Map(result.policies.map((p) => [p.policy, p]));
    expect([...by.keys()]).toEqual(expect.arrayContaining(['thompson', 'greedy', 'epsilon-greedy', 'random', 'fixed:email', 'fixed:wait']));
    expect(by.get('fixed:email')!.dr).toBeGreaterThan(by.get('fixed:wait')!.drInterval[1]);
    expect(by.get('fixed:email')!.drInterval[0]).toBeLessThan(0.4);
    expect(by.get('fixed:email')!.drInterval[1]).toBeGreaterThan(0.4);
    const text = await crm(['policy', 'evaluate', 'nba']);
    expect(text.out).toMatch(/400 recommendations with outcomes/);
    expect(text.out).toMatch(/^thompson\s+\d+\.\d%\s+\d+\.\d%–\d+\.\d%/m);
  }, 60_000);

  it('names a bad argument and an empty log', async () => {
    const bad = await crm(['policy', 'evaluate', 'deals']);
    expect([bad.code, bad.err.trim()]).toEqual([2, 'error: unknown decision "deals"; use nba']);
    const empty = await crm(['--workspace', 'nobody', 'policy', 'evaluate', 'nba']);
    expect(empty.err).toContain('workspace nobody has no recommendations with outcomes to evaluate yet');
  }, 60_000);
});
