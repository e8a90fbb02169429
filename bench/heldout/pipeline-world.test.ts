import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/backends.js';
import { rocAuc } from './summary.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const GENERATOR = path.join(import.meta.dirname, 'pipeline-world.ts');
const AS_OF = '2026-11-01T00:00:00Z';
const FILES = ['companies.csv', 'contacts.csv', 'deals.csv', 'activities.csv', 'stage_history.csv', 'hidden/open_outcomes.csv'];

type Row = Record<string, string>;
const readRows = (dir: string, file: string): Row[] => parse(fs.readFileSync(path.join(dir, file), 'utf8'), { columns: true }) as Row[];

function generate(seed: number, out: string): { openDeals: number; oracleAuc: number } {
  const printed = execFileSync(TSX, [GENERATOR, '--seed', String(seed), '--out', out, '--deals', '300', '--rollouts', '60'], { encoding: 'utf8' });
  return JSON.parse(printed) as { openDeals: number; oracleAuc: number };
}

let tmp = '';
let worldA = '';
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heldout-test-'));
  worldA = path.join(tmp, 'a');
  generate(11, worldA);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('pipeline world', () => {
  it('writes the same files for the same seed and a different world for another seed', () => {
    const again = path.join(tmp, 'again');
    const other = path.join(tmp, 'other');
    generate(11, again);
    generate(12, other);
    for (const file of [...FILES, 'hidden/DYNAMICS.md']) {
      expect(fs.readFileSync(path.join(again, file), 'utf8'), file).toBe(fs.readFileSync(path.join(worldA, file), 'utf8'));
    }
    expect(fs.readFileSync(path.join(other, 'hidden/DYNAMICS.md'), 'utf8')).not.toBe(fs.readFileSync(path.join(worldA, 'hidden/DYNAMICS.md'), 'utf8'));
  }, 240_000);

  it('writes the shared formats with unique ids, e-mails, domains and names', () => {
    const companies = readRows(worldA, 'companies.csv');
    const contacts = readRows(worldA, 'contacts.csv');
    const unique = (values: string[]) => new Set(values).size === values.length;
    expect(Object.keys(companies[0] ?? {})).toEqual(['id', 'name', 'domain', 'industry', 'employees', 'annual_revenue', 'country', 'city', 'description']);
    expect(unique(companies.map((c) => c.id!)) && unique(companies.map((c) => c.domain!)) && unique(companies.map((c) => c.name!))).toBe(true);
    expect(unique(contacts.map((c) => c.email!)) && unique(contacts.map((c) => c.phone!))).toBe(true);
    expect(contacts.every((c) => /^ct_\d{5}$/.test(c.id!))).toBe(true);
    expect(readRows(worldA, 'activities.csv').every((a) => /^ac_\d{6}$/.test(a.id!))).toBe(true);
    expect(readRows(worldA, 'deals.csv').every((d) => /^dl_\d{5}$/.test(d.id!) && /^co_\d{4}$/.test(d.company_id!))).toBe(true);
  });

  it('keeps every stage history consistent with its deal and everything before the as-of date', () => {
    const deals = readRows(worldA, 'deals.csv');
    const history = readRows(worldA, 'stage_history.csv');
    const byDeal = new Map<string, Row[]>();
    for (const move of history) byDeal.set(move.deal_id!, [...(byDeal.get(move.deal_id!) ?? []), move]);
    for (const deal of deals) {
      const moves = byDeal.get(deal.id!) ?? [];
      expect(moves[0], deal.id).toMatchObject({ from_stage: '', to_stage: 'lead', changed_at: deal.created_at });
      moves.slice(1).forEach((move, i) => {
        expect(move.from_stage, deal.id).toBe(moves[i]!.to_stage);
        expect(move.changed_at! >= moves[i]!.changed_at!, deal.id).toBe(true);
      });
      const last = moves[moves.length - 1]!;
      expect(last.to_stage, deal.id).toBe(deal.stage);
      expect(deal.closed_at, deal.id).toBe(deal.stage!.startsWith('closed_') ? last.changed_at : '');
    }
    const activities = readRows(worldA, 'activities.csv');
    const created = new Map(deals.map((d) => [d.id!, d.created_at!]));
    for (const a of activities) {
      expect(a.occurred_at! < AS_OF).toBe(true);
      if (a.deal_id) expect(a.occurred_at! >= created.get(a.deal_id)!, a.id).toBe(true);
    }
    expect(history.every((m) => m.changed_at! < AS_OF) && deals.every((d) => d.created_at! < AS_OF)).toBe(true);
  });

  it('gives every open deal, and only those, an eventual outcome with a calibrated true probability', () => {
    const open = readRows(worldA, 'deals.csv').filter((d) => !d.stage!.startsWith('closed_')).map((d) => d.id!);
    const outcomes = readRows(worldA, 'hidden/open_outcomes.csv');
    expect(outcomes.map((o) => o.deal_id).sort()).toEqual(open.sort());
    const won = outcomes.map((o) => Number(o.won));
    const probabilities = outcomes.map((o) => Number(o.true_probability));
    expect(won.every((w) => w === 0 || w === 1) && probabilities.every((p) => p >= 0 && p <= 1)).toBe(true);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean(won) - mean(probabilities))).toBeLessThan(0.12);
    expect(rocAuc(probabilities, won.map((w) => w === 1))).toBeGreaterThan(0.65);
  });

  it('computes AUC as the chance a won deal outranks a lost one, ties counting half', () => {
    expect(rocAuc([0.9, 0.8, 0.3, 0.1], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.1, 0.9], [true, false])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.2], [true, false, false])).toBe(0.75);
  });
});

// The CLI import into an empty, migrated database of each backend: every file in, no row refused.
describeEachBackend('import of a generated world', (ctx) => {
  it('imports companies, contacts, deals and activities without a row error', () => {
    const { dataDir, databaseUrl, pgSchema } = ctx().storage;
    // On PostgreSQL the suite's data dir is the shared temp dir: the CLI gets a folder of its own for local state.
    const localDir = databaseUrl ? fs.mkdtempSync(path.join(tmp, 'state-')) : dataDir;
    const env = { ...process.env, CRM_DATA_DIR: localDir, CRM_DEMO: '0', ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: pgSchema } : {}) };
    const printed = execFileSync(TSX, [path.join(ROOT, 'src/delivery/cli/main.ts'), 'import', worldA], { encoding: 'utf8', env, cwd: ROOT });
    for (const file of ['companies.csv', 'contacts.csv', 'deals.csv', 'activities.csv']) {
      const rows = readRows(worldA, file).length;
      expect(printed, file).toContain(`${file}: ${rows} rows — ${rows} new, 0 updated, 0 unchanged, 0 skipped`);
    }
  }, 300_000);
});
