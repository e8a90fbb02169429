import { expect, it } from 'vitest';
import type { MemoryShard } from '../../src/storage/index.js';
import { describeEachBackend } from '../support/backends.js';

const shard = (id: string, v: number[], ws = 'default'): Omit<MemoryShard, 'seq'> => ({
  workspace_id: ws,
  entity: 'contact',
  record_id: id,
  model: 'm1',
  model_version: '1',
  content_hash: `h-${id}-${v.join(',')}`,
  text: `text of ${id}`,
  vector: Float32Array.from(v),
  updated_at: '2026-11-01T12:00:00Z',
});

describeEachBackend('memory shard repository', (ctx) => {
  it('stores vectors exactly and finds them by record', async () => {
    const { shards } = ctx().crm.storage;
    await shards.upsert([shard('a', [0.1, -0.25, 3.5e-8]), shard('b', [1, 0, 0])]);
    const [a] = await shards.get('default', 'm1', 'contact', ['a']);
    expect(Array.from(a!.vector!)).toEqual(Array.from(Float32Array.from([0.1, -0.25, 3.5e-8])));
    expect(await shards.hashes('default', 'm1', 'contact', ['a', 'b', 'zz'])).toEqual(
      new Map([
        ['a', 'h-a-0.1,-0.25,3.5e-8'],
        ['b', 'h-b-1,0,0'],
      ]),
    );
    expect(await shards.count('default', 'm1', 'contact')).toBe(2);
    expect(await shards.count('other', 'm1', 'contact')).toBe(0);
  });

  it('numbers every write after all earlier ones and reports tombstones', async () => {
    const { shards } = ctx().crm.storage;
    const before = await shards.changesSince('m1', 0, 100);
    const last = Math.max(...before.map((s) => s.seq));
    await shards.upsert([shard('a', [0, 1, 0])]);
    await shards.tombstone('default', 'm1', 'contact', ['b', 'never-embedded'], '2026-11-01T13:00:00Z');
    const after = await shards.changesSince('m1', last, 100);
    expect(after.map((s) => [s.record_id, s.vector === null])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(after[0]!.seq).toBeGreaterThan(last);
    expect(after[1]!.seq).toBeGreaterThan(after[0]!.seq);
    expect(await shards.count('default', 'm1', 'contact')).toBe(1);
    expect((await shards.hashes('default', 'm1', 'contact', ['b'])).size).toBe(0);
  });

  it('keeps one projection per workspace and model', async () => {
    const { shards } = ctx().crm.storage;
    await shards.saveProjection('default', 'm1', '{"v":1}', 10, '2026-11-01T12:00:00Z');
    await shards.saveProjection('default', 'm1', '{"v":2}', 20, '2026-11-02T12:00:00Z');
    expect(await shards.loadProjection('default', 'm1')).toEqual({ data: '{"v":2}', sample_size: 20, fitted_at: '2026-11-02T12:00:00Z' });
    expect(await shards.loadProjection('other', 'm1')).toBeUndefined();
  });
});
