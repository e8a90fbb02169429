/**
 * Tenant scope, repository by repository: what one workspace writes, another cannot read, count, change or delete,
 * even when it names the same ids and keys. Each test writes the same things into A and B where it can, so a query
 * that forgot its workspace condition would see or touch both.
 */
import { expect, it } from 'vitest';
import { ENTITIES, type CrmRecord } from '../../src/core/entities.js';
import type { OutcomeEvent, RecordEvent, StageChange, StoredToken } from '../../src/storage/index.js';
import { describeEachBackend } from '../support/backends.js';

const A = 'ws_a';
const B = 'ws_b';
const AT = '2026-11-01T12:00:00Z';
const company = ENTITIES.company;
const contact = ENTITIES.contact;
const rec = (id: string, fields: Record<string, unknown>): CrmRecord => ({ id, custom: {}, created_at: AT, updated_at: AT, ...fields });

describeEachBackend('every repository keeps workspaces apart', (ctx) => {
  const storage = () => ctx().crm.storage;

  it('records: reads, keys, merges, scans and writes stay in their workspace', async () => {
    const { records, workspaces, search } = storage();
    for (const id of [A, B]) await workspaces.ensure({ id, name: id, created_at: AT });
    await records.upsertMany(A, company, [rec('co_1', { name: 'Apex Goods', domain: 'apex.com', industry: 'Retail', custom: { tier: 'gold' } })], ['id', 'name', 'domain', 'industry', 'custom', 'created_at']);
    await records.insert(A, contact, rec('ct_1', { first_name: 'Ada', email: 'ada@apex.com', company_id: 'co_1', other_emails: ['ada@old.com'] }));
    await search.index(A, 'company', [{ id: 'co_1', body: 'Apex Goods' }]);

    expect(await records.get(B, company, 'co_1')).toBeUndefined();
    expect(await records.getMany(B, company, ['co_1'])).toEqual([]);
    expect(await records.count(B, company)).toBe(0);
    expect(await records.ids(B, company, [], 10)).toEqual([]);
    expect((await records.list(B, company, { limit: 10, withTotal: true })).total).toBe(0);
    expect((await records.list(B, company, { limit: 10, q: 'apex' })).records).toEqual([]);
    expect(await records.textSearch(B, company, 'apex goods', 10)).toEqual([]);
    expect(await records.aggregate(B, company, { fn: 'count', groupBy: 'industry' })).toEqual([]);
    expect(await records.existingIds(B, company, ['co_1'])).toEqual(new Set());
    expect(await records.findByKey(B, company, 'domain_key', 'apex.com')).toEqual([]);
    expect(await records.idsByKeys(B, company, 'domain_key', ['apex.com'])).toEqual(new Map());
    expect(await records.findByKeyWord(B, contact, 'other_email_keys', 'ada@old.com')).toEqual([]);
    expect(await records.hasAnyValue(B, company, 'domain')).toBe(false);
    expect(await records.customFieldNames(B, company)).toEqual([]);
    const scanned: CrmRecord[] = [];
    for await (const page of records.scan(B, company)) scanned.push(...page);
    expect(scanned).toEqual([]);
    const keys: unknown[] = [];
    for await (const row of records.keySnapshot(B, company, [])) keys.push(row);
    expect(keys).toEqual([]);
    // A related sub-query in B cannot reach A's company.
    expect(await records.count(B, contact, [{ field: 'company_id', op: 'related', value: { filters: [] } }])).toBe(0);

    // Writes from B change nothing of A's.
    await records.update(B, company, 'co_1', { name: 'Hijacked' });
    expect(await records.delete(B, company, ['co_1'])).toBe(0);
    expect(await records.reassignRefs(B, contact, 'company_id', ['co_1'], null, AT)).toBe(0);
    await records.markMerged(B, company, ['co_1'], 'co_x', AT);
    expect(await records.mergedInto(A, company, 'co_1')).toBeUndefined();
    // The same id upserted into B is B's own record.
    await records.upsertMany(B, company, [rec('co_1', { name: 'Bee Corp' })], ['id', 'name', 'created_at']);
    expect((await records.get(A, company, 'co_1'))?.name).toBe('Apex Goods');
    expect((await records.get(B, company, 'co_1'))?.name).toBe('Bee Corp');
    expect((await records.get(A, contact, 'ct_1'))?.company_id).toBe('co_1');
  });

  it('search documents: B cannot remove or find A’s', async () => {
    const { records, search } = storage();
    await search.remove(B, 'company', ['co_1']);
    expect((await records.textSearch(A, company, 'apex', 10)).map((h) => h.id)).toEqual(['co_1']);
  });

  it('stage history', async () => {
    const { stageHistory } = storage();
    const change: StageChange = { deal_id: 'dl_1', from_stage: null, to_stage: 'lead', at: AT, source: 'api', actor: null };
    await stageHistory.append(A, [change]);
    expect(await stageHistory.forDeals(B, ['dl_1'])).toEqual([]);
    const all: unknown[] = [];
    for await (const page of stageHistory.all(B)) all.push(...page);
    expect(all).toEqual([]);
    expect(await stageHistory.forDeals(A, ['dl_1'])).toHaveLength(1);
    // Removing by seq (an imported history replacing moves) reaches only the caller's workspace.
    const [stored] = await stageHistory.forDeals(A, ['dl_1']);
    expect(await stageHistory.remove(B, [stored!.seq])).toBe(0);
    expect(await stageHistory.remove(A, [stored!.seq])).toBe(1);
    expect(await stageHistory.forDeals(A, ['dl_1'])).toEqual([]);
  });

  it('record events (timelines and the audit log)', async () => {
    const { events } = storage();
    const event: RecordEvent = { entity: 'contact', record_id: 'ct_1', kind: 'created', at: AT, actor: 'ada@apex.com', data: { first_name: 'Ada' } };
    await events.append(A, [event]);
    expect(await events.forRecords(B, 'contact', ['ct_1'], 10)).toEqual([]);
    expect(await events.audit(B, { limit: 10 })).toEqual([]);
    expect(await events.redact(B, 'contact', ['ct_1'], { erased: true })).toBe(0);
    await events.reassign(B, 'contact', ['ct_1'], 'ct_other');
    const [kept] = await events.forRecords(A, 'contact', ['ct_1'], 10);
    expect(kept?.data).toEqual({ first_name: 'Ada' });
  });

  it('job queue: the same record in two workspaces is two jobs, and finishing one leaves the other', async () => {
    const { jobs } = storage();
    await jobs.enqueue('isolation', [{ workspace_id: A, entity: 'contact', record_id: 'ct_1' }, { workspace_id: B, entity: 'contact', record_id: 'ct_1' }], AT);
    const claimed = await jobs.claim('isolation', 'w1', 10, AT, '2026-11-01T12:05:00Z');
    expect(claimed.map((j) => j.workspace_id).sort()).toEqual([A, B]);
    await jobs.complete(claimed.filter((j) => j.workspace_id === B));
    expect((await jobs.stats('isolation', AT)).leased).toBe(1);
  });

  it('memory shards and projections', async () => {
    const { shards } = storage();
    await shards.upsert([
      { workspace_id: A, entity: 'contact', record_id: 'ct_1', model: 'm', model_version: '1', content_hash: 'h', text: 'Ada', vector: Float32Array.from([1, 0]), updated_at: AT },
    ]);
    await shards.saveProjection(A, 'm', '{"pca":1}', 10, AT);
    expect(await shards.hashes(B, 'm', 'contact', ['ct_1'])).toEqual(new Map());
    expect(await shards.get(B, 'm', 'contact', ['ct_1'])).toEqual([]);
    expect(await shards.count(B, 'm', 'contact')).toBe(0);
    expect(await shards.loadProjection(B, 'm')).toBeUndefined();
    await shards.tombstone(B, 'm', 'contact', ['ct_1'], AT);
    expect(await shards.forget(B, 'contact', ['ct_1'], AT)).toBe(0);
    expect((await shards.get(A, 'm', 'contact', ['ct_1']))[0]?.text).toBe('Ada');
  });

  it('learned models: versions count per workspace, and B cannot roll back A’s', async () => {
    const { models } = storage();
    expect(await models.save(A, 'win', '{}', '{}', AT)).toBe(1);
    expect(await models.save(A, 'win', '{}', '{}', AT)).toBe(2);
    expect(await models.current(B, 'win')).toBeUndefined();
    expect(await models.currentInfo(B, 'win')).toBeUndefined();
    expect(await models.list(B)).toEqual([]);
    expect(await models.rollback(B, 'win')).toBeUndefined();
    expect(await models.save(B, 'win', '{}', '{}', AT)).toBe(1);
    expect((await models.current(A, 'win'))?.version).toBe(2);
  });

  it('outcomes', async () => {
    const { outcomes } = storage();
    const won: OutcomeEvent = { kind: 'deal_won', entity: 'deal', record_id: 'dl_1', at: AT, source: 'api', actor: null, detail: { amount: 10 }, context: null };
    await outcomes.append(A, [won]);
    expect(await outcomes.since(B, 0, 10)).toEqual([]);
    expect(await outcomes.forRecord(B, 'deal', 'dl_1')).toEqual([]);
    expect(await outcomes.countSince(B, 0)).toEqual({ count: 0, lastSeq: 0 });
    expect(await outcomes.deleteForRecords(B, 'deal', ['dl_1'])).toBe(0);
    expect(await outcomes.forRecord(A, 'deal', 'dl_1')).toHaveLength(1);
  });

  it('experiments: the same id in two workspaces, and B cannot stop A’s', async () => {
    const { experiments } = storage();
    const base = { id: 'ex_1', target: 'win', variants: '[]', status: 'running' as const, started_at: AT, stopped_at: null };
    await experiments.create(A, { ...base, name: 'A test' });
    expect(await experiments.get(B, 'ex_1')).toBeUndefined();
    expect(await experiments.list(B)).toEqual([]);
    await experiments.stop(B, 'ex_1', AT);
    await experiments.create(B, { ...base, name: 'B test' });
    expect(await experiments.get(A, 'ex_1')).toMatchObject({ name: 'A test', status: 'running' });
  });

  it('settings (saved views, lost reasons …)', async () => {
    const { settings } = storage();
    await settings.set(A, 'views.contact', [{ id: 'v1', name: 'Mine' }], AT);
    expect(await settings.get(B, 'views.contact')).toBeUndefined();
    await settings.delete(B, 'views.contact');
    const seen = await settings.update(B, 'views.contact', (current) => ({ value: ['b'], result: current }), AT);
    expect(seen).toBeUndefined();
    expect(await settings.get(A, 'views.contact')).toEqual([{ id: 'v1', name: 'Mine' }]);
    expect(await settings.get(B, 'views.contact')).toEqual(['b']);
  });

  it('memberships, members and invitations', async () => {
    const { users } = storage();
    await users.insert({ id: 'us_1', email: 'ada@apex.com', name: 'Ada', password_hash: 'x', created_at: AT, password_changed_at: AT, last_login_at: null });
    await users.setMembership({ workspace_id: A, user_id: 'us_1', role: 'owner', created_at: AT });
    await users.invitations.insert({
      id: 'in_1',
      workspace_id: A,
      email: 'ben@apex.com',
      name: null,
      role: 'member',
      status: 'pending',
      created_at: AT,
      created_by: null,
      expires_at: '2026-12-01T00:00:00Z',
      decided_at: null,
      code_hash: 'code-1',
    });
    expect(await users.membership(B, 'us_1')).toBeUndefined();
    expect(await users.members(B)).toEqual([]);
    expect(await users.workspaceMembers(B)).toEqual([]);
    expect(await users.countWithRole(B, 'owner')).toBe(0);
    expect(await users.invitations.pendingForWorkspace(B, AT)).toEqual([]);
    await users.removeMembership(B, 'us_1');
    expect((await users.membership(A, 'us_1'))?.role).toBe('owner');
  });

  it('API tokens: B cannot read, list or revoke A’s', async () => {
    const { tokens } = storage();
    const token: StoredToken = {
      id: 'tk_1',
      workspace_id: A,
      user_id: 'us_1',
      name: 'CI',
      scope: 'read',
      prefix: 'crm_ab',
      token_hash: 'hash-1',
      created_at: AT,
      last_used_at: null,
      revoked_at: null,
    };
    await tokens.insert(token);
    expect(await tokens.get(B, 'tk_1')).toBeUndefined();
    expect(await tokens.list(B)).toEqual([]);
    await tokens.revoke(B, 'tk_1', AT);
    expect(await tokens.revokeForUser(B, 'us_1', AT)).toBe(0);
    expect((await tokens.get(A, 'tk_1'))?.revoked_at).toBeNull();
  });

  it('import jobs and their staged rows', async () => {
    const { importJobs, importStaging } = storage();
    await importJobs.insert({
      id: 'ij_1',
      workspace_id: A,
      status: 'queued',
      created_by: null,
      created_at: AT,
      started_at: null,
      finished_at: null,
      heartbeat_at: AT,
      options: '{}',
      progress: '{}',
      report: null,
      error: null,
    });
    expect(await importJobs.get(B, 'ij_1')).toBeUndefined();
    expect(await importJobs.list(B, { limit: 10 })).toEqual([]);
    expect(await importJobs.list(B, { createdBy: null, limit: 10 })).toEqual([]);
    // Staged rows belong to one import's stage (its id is the job's, never shown to another workspace).
    await importStaging.stage('stage_a', [{ seq: 1, line: 2, data: '{"name":"Apex"}' }], AT);
    await importStaging.stage('stage_b', [{ seq: 1, line: 2, data: '{"name":"Bee"}' }], AT);
    await importStaging.drop('stage_b');
    expect(await importStaging.dropSome('stage_b', 10)).toBe(0);
    expect(await importStaging.read('stage_a', 0, 10)).toEqual([{ seq: 1, line: 2, data: '{"name":"Apex"}' }]);
    expect(await importStaging.read('stage_b', 0, 10)).toEqual([]);
  });
});
