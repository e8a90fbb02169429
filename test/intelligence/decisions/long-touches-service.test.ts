/**
 * The service's side of `longTouches` (features.ts): with the option on, NextActionService reads a contact's
 * recommendations and logged e-mails, calls and meetings a month back (LONG_TOUCH_DAYS) and logs the month's count
 * with the context, while the fatigue window's count stays what it was; with the option off nothing changes (no count
 * in the context). On SQLite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { createCrm, prepareStorage } from '../../../src/crm/index.js';
import { DEFAULT_LEARNER_OPTIONS, NextActionService } from '../../../src/intelligence/decisions/index.js';
import { openStorage } from '../../../src/storage/connect.js';
import type { Storage } from '../../../src/storage/index.js';

const ws = 'default';
const DAY = 86_400_000;
const NOW = '2026-11-01T12:00:00Z';
const ago = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('a month of touches in the service (longTouches)', () => {
  let dir: string;
  let storage: Storage;
  const clock = fixedClock(NOW);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-long-touches-'));
    storage = await openStorage({ dataDir: dir });
    await prepareStorage(storage, clock);
    const crm = createCrm({ storage, clock });
    for (const id of ['ct_long_a', 'ct_long_b']) {
      await crm.records.create(ws, 'contact', { id, first_name: 'Ada', last_name: id, title: 'Head of Finance' });
      // Logged touches 3, 20 and 45 days ago: one in the 14-day window, two in the month, the third older.
      for (const [i, d] of [3, 20, 45].entries()) await crm.records.create(ws, 'activity', { id: `ac_${id}_${i}`, type: i === 1 ? 'call' : 'email', subject: 'Hello', contact_id: id, occurred_at: ago(d) });
    }
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const loggedContext = async (service: NextActionService, contactId: string) => {
    const rows = (await service.list(ws, { contactId, limit: 50 })).data;
    return rows[rows.length - 1]!.context;
  };

  it('counts the month’s recommendations (other than wait) and activities with the option on (the default), not with it off', async () => {
    // The default reads the month.
    const on = new NextActionService(storage, clock, { seed: 1 });
    // Two recommendations 18 and 16 days ago (outside the 14-day window, inside the month), one to wait 10 days ago.
    for (const [d, policy] of [[18, 'fixed:email'], [16, 'fixed:call'], [10, 'fixed:wait']] as const) {
      clock.set(ago(d));
      await on.nextAction(ws, 'ct_long_a', { policy });
    }
    clock.set(NOW);
    await on.nextAction(ws, 'ct_long_a', { policy: 'greedy' });
    const c = await loggedContext(on, 'ct_long_a');
    // The window: the activity of 3 days ago (the wait 10 days ago is no touch). The month: 2 recommendations + 2 activities.
    expect(c.touches).toBe(1);
    expect(c.touchesLong).toBe(4);

    const off = new NextActionService(storage, clock, { seed: 1, learner: { ...DEFAULT_LEARNER_OPTIONS, longTouches: false } });
    await off.nextAction(ws, 'ct_long_b', { policy: 'greedy' });
    const d = await loggedContext(off, 'ct_long_b');
    expect(d.touches).toBe(1);
    expect(d.touchesLong).toBeUndefined();
  });
});
