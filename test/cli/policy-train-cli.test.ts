/**
 * `crm policy train ppo` (issue 19) on a database holding the bundled sample: it prints the training report and
 * stores a new version each time; a policy other than ppo, a bad --steps or an unknown workspace is refused with a
 * message. (The `policy evaluate nba` command beside it keeps working: policy-cli.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrm, DEFAULT_WORKSPACE, prepareStorage } from '../../src/crm/index.js';
import { openStorage } from '../../src/storage/connect.js';
import { SAMPLE_DIR } from '../support/backends.js';
import { runCrm } from '../support/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-policy-train-cli-'));
const env = { ...process.env, CRM_DATA_DIR: dataDir, DATABASE_URL: '', CRM_DEMO: '0', EMBEDDING_PROVIDER: 'hashing' };
const crm = (args: string[]) => runCrm(args, env);

beforeAll(async () => {
  const storage = await openStorage({ dataDir });
  await prepareStorage(storage);
  await createCrm({ storage }).importer.importDirectory(DEFAULT_WORKSPACE, SAMPLE_DIR);
  await storage.close();
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('crm policy train ppo', () => {
  it('trains, prints the report and stores a new version each time', async () => {
    const first = await crm(['policy', 'train', 'ppo', '--steps', '256', '--json']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out) as { modelVersion: number; episodesUsed: { history: number }; evaluation: { closeRate: Record<string, number> } };
    expect(report.modelVersion).toBe(1);
    expect(report.episodesUsed.history).toBeGreaterThan(0);
    expect(Object.keys(report.evaluation.closeRate)).toEqual(expect.arrayContaining(['ppo', 'playbook', 'random']));
    const second = await crm(['policy', 'train', 'ppo', '--steps', '256']);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/deal policy ppo: version 2, trained in/);
    expect(second.out).toMatch(/playbook\s+\d+\.\d%/);
    // Each command is a new process compiling the CLI with tsx (10–20 s apiece at load 20–30 on 2 cores) plus a training.
  }, 300_000);

  it('refuses another policy, a bad --steps and an unknown workspace with a message', async () => {
    const other = await crm(['policy', 'train', 'playbook']);
    expect([other.code, other.err]).toEqual([2, expect.stringMatching(/only ppo is trained/)]);
    const steps = await crm(['policy', 'train', 'ppo', '--steps', 'ten']);
    expect([steps.code, steps.err]).toEqual([2, expect.stringMatching(/--steps/)]);
    const ws = await crm(['--workspace', 'nowhere', 'policy', 'train', 'ppo']);
    expect([ws.code, ws.err]).toEqual([2, expect.stringMatching(/workspace nowhere/)]);
  }, 180_000);
});
