/**
 * The business rules of record writes, shared by the API, the CLI and the importer: validation, references,
 * uniqueness, timestamps, deal-stage rules, the change log behind timelines, and full-text documents.
 */
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { allFields, ENTITIES, type CrmRecord, type EntityDef, type EntityName } from '../core/entities.js';
import { conflict, CrmError, notFound, validationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { normalizeKey } from '../core/normalize.js';
import { customLimitProblem, describeIssues, recordSchemas } from '../core/record-schema.js';
import type { AggregateQuery, ListQuery, Page, RecordEvent, Storage } from '../storage/index.js';
import { ChangeFeed } from './change-feed.js';
import { DuplicatesService, type DuplicateCandidate } from './duplicates.service.js';
import { checkActivity, checkOwner, touchLastContacted } from './follow-up.js';
import { applyLostReasonRules, applyStageRules, lostReasonRulesFor, stageChangeOf } from './pipeline.js';
import { childRelations, parentRelations } from './relations.js';
import { searchDocument, touchesSearch } from './search-text.js';

export interface WriteOptions {
  actor?: string | null;
  source?: 'api' | 'cli' | 'import' | 'system';
}

export interface CreateResult {
  record: CrmRecord;
  duplicates: DuplicateCandidate[];
}

export function entityOf(name: EntityName | EntityDef): EntityDef {
  return typeof name === 'string' ? ENTITIES[name] : name;
}

export class RecordService {
  private readonly duplicates: DuplicatesService;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly changeFeed: ChangeFeed = new ChangeFeed(),
  ) {
    this.duplicates = new DuplicatesService(storage);
  }

  private now() {
    return toTimestamp(this.clock.now());
  }

  parseCreate(entity: EntityDef, input: unknown): Record<string, unknown> {
    const parsed = recordSchemas(entity).create.safeParse(input);
    if (!parsed.success) {
      const details = describeIssues(parsed.error, input);
      throw validationError(`invalid ${entity.name}: ${details.map((d) => d.message).join('; ')}`, details);
    }
    return parsed.data;
  }

  parsePatch(entity: EntityDef, input: unknown): Record<string, unknown> {
    const parsed = recordSchemas(entity).patch.safeParse(input);
    if (!parsed.success) {
      const details = describeIssues(parsed.error, input);
      throw validationError(`invalid ${entity.name} update: ${details.map((d) => d.message).join('; ')}`, details);
    }
    return parsed.data;
  }

  async get(ws: string, entityName: EntityName | EntityDef, id: string): Promise<CrmRecord> {
    const entity = entityOf(entityName);
    const record = await this.storage.records.get(ws, entity, id);
    if (!record) throw notFound(entity.name, id);
    return record;
  }

  list(ws: string, entityName: EntityName | EntityDef, query: ListQuery): Promise<Page> {
    return this.storage.records.list(ws, entityOf(entityName), query);
  }

  aggregate(ws: string, entityName: EntityName | EntityDef, query: AggregateQuery) {
    return this.storage.records.aggregate(ws, entityOf(entityName), query);
  }

  async stageHistory(ws: string, dealId: string) {
    await this.get(ws, 'deal', dealId);
    return this.storage.stageHistory.forDeals(ws, [dealId]);
  }

  /** Throws a 400 naming the field when a reference points at a record that does not exist. */
  async checkReferences(ws: string, entity: EntityDef, record: Record<string, unknown>, storage = this.storage): Promise<void> {
    for (const { field, parent } of parentRelations(entity)) {
      const ref = record[field.name];
      if (typeof ref !== 'string') continue;
      if (!(await storage.records.get(ws, parent, ref)))
        throw validationError(`${field.name}: ${parent.name} ${ref} does not exist`, [{ field: field.name, message: `${parent.name} ${ref} does not exist` }]);
    }
  }

  /** Throws a 409 when a unique field's normalised value is already taken by another record. */
  async checkUnique(ws: string, entity: EntityDef, record: CrmRecord, storage = this.storage): Promise<void> {
    for (const f of entity.fields) {
      if (!f.unique) continue;
      const key = entity.keys.find((k) => k.from.length === 1 && k.from[0] === f.name);
      const value = record[f.name];
      if (typeof value !== 'string' || !key) continue;
      const normalised = normalizeKey(key.kind, value);
      if (!normalised) continue;
      const taken = (await storage.records.findByKey(ws, entity, key.column, normalised, 2)).find((r) => r.id !== record.id);
      if (taken)
        throw conflict(`${f.name} ${value} is already used by ${entity.name} ${taken.id}`, [{ field: f.name, message: `already used by ${taken.id}` }]);
    }
  }

  async create(ws: string, entityName: EntityName | EntityDef, input: unknown, opts: WriteOptions = {}): Promise<CreateResult> {
    const entity = entityOf(entityName);
    const data = this.parseCreate(entity, input);
    const now = this.now();
    const record: CrmRecord = { id: (data.id as string | undefined) ?? newId(entity.idPrefix), custom: {} };
    for (const f of allFields(entity)) record[f.name] = data[f.name] ?? null;
    record.custom = (data.custom as Record<string, unknown> | undefined) ?? {};
    record.created_at = (data.created_at as string | undefined) ?? now;
    record.updated_at = now;
    if (entity.name === 'deal') applyStageRules(record, null, now, data.closed_at != null);
    if (entity.name === 'deal') applyLostReasonRules(record, null, await lostReasonRulesFor(this.storage.settings, ws, data));
    checkActivity(entity, record);

    const created = await this.storage.transaction(async (tx) => {
      if (await tx.records.get(ws, entity, record.id)) throw conflict(`${entity.name} ${record.id} already exists`, [{ field: 'id', message: 'already exists' }]);
      await this.checkReferences(ws, entity, record, tx);
      await this.checkUnique(ws, entity, record, tx);
      await checkOwner(tx, ws, record.owner);
      await tx.records.insert(ws, entity, record);
      if (entity.name === 'activity') await touchLastContacted(tx, ws, [record], this.clock.now());
      await tx.search.index(ws, entity.name, [{ id: record.id, body: searchDocument(entity, record) }]);
      const events: RecordEvent[] = [{ entity: entity.name, record_id: record.id, kind: 'created', at: now, actor: opts.actor ?? null, data: {} }];
      if (entity.name === 'deal') {
        await tx.stageHistory.append(ws, [
          { deal_id: record.id, from_stage: null, to_stage: record.stage as string, at: now, source: opts.source ?? 'api', actor: opts.actor ?? null },
        ]);
      }
      await tx.events.append(ws, events);
      const fields = Object.fromEntries(allFields(entity).filter((f) => record[f.name] != null).map((f) => [f.name, [null, record[f.name]] as [unknown, unknown]]));
      const write = { fields, at: now, source: opts.source ?? 'api', actor: opts.actor ?? null };
      await this.changeFeed.publish(tx, { workspaceId: ws, entity: entity.name, op: 'upsert', ids: [record.id], write });
      return record;
    });
    return { record: created, duplicates: await this.duplicates.candidatesFor(ws, entity, created) };
  }

  async update(ws: string, entityName: EntityName | EntityDef, id: string, input: unknown, opts: WriteOptions = {}): Promise<CrmRecord> {
    const entity = entityOf(entityName);
    const patch = this.parsePatch(entity, input);
    return this.storage.transaction(async (tx) => {
      const current = await tx.records.get(ws, entity, id, { lock: true });
      if (!current) throw notFound(entity.name, id);
      const now = this.now();
      const next: CrmRecord = { ...current, ...patch, id };
      if (patch.custom) next.custom = { ...current.custom, ...(patch.custom as Record<string, unknown>) };
      for (const [k, v] of Object.entries(next.custom)) if (v === null) delete next.custom[k];
      const customProblem = patch.custom ? customLimitProblem(next.custom) : undefined;
      if (customProblem) throw validationError(`custom: ${customProblem}`, [{ field: 'custom', message: customProblem }]);
      if (entity.name === 'deal') applyStageRules(next, current, now, 'closed_at' in patch);
      if (entity.name === 'deal') applyLostReasonRules(next, current, await lostReasonRulesFor(tx.settings, ws, patch));
      const changes: Record<string, [unknown, unknown]> = {};
      for (const f of allFields(entity)) {
        if (f.name === 'updated_at') continue;
        if (JSON.stringify(current[f.name] ?? null) !== JSON.stringify(next[f.name] ?? null)) changes[f.name] = [current[f.name] ?? null, next[f.name] ?? null];
      }
      if (JSON.stringify(current.custom) !== JSON.stringify(next.custom)) changes.custom = [current.custom, next.custom];
      if (Object.keys(changes).length === 0) return current;
      await this.checkReferences(ws, entity, patch, tx);
      await this.checkUnique(ws, entity, next, tx);
      checkActivity(entity, next);
      if ('owner' in changes) await checkOwner(tx, ws, next.owner);
      next.updated_at = now;
      const changed = Object.keys(changes);
      await tx.records.update(ws, entity, id, Object.fromEntries([...changed, 'updated_at'].map((k) => [k, next[k]])));
      if (entity.name === 'activity') await touchLastContacted(tx, ws, [next], this.clock.now());
      if (touchesSearch(entity, changed)) await tx.search.index(ws, entity.name, [{ id, body: searchDocument(entity, next) }]);
      const events: RecordEvent[] = [{ entity: entity.name, record_id: id, kind: 'updated', at: now, actor: opts.actor ?? null, data: { changes } }];
      const stageChange = entity.name === 'deal' ? stageChangeOf(current, next) : null;
      if (stageChange) {
        await tx.stageHistory.append(ws, [{ deal_id: id, ...stageChange, at: now, source: opts.source ?? 'api', actor: opts.actor ?? null }]);
        events.push({ entity: 'deal', record_id: id, kind: 'stage_changed', at: now, actor: opts.actor ?? null, data: stageChange });
      }
      await tx.events.append(ws, events);
      const write = { fields: changes, at: now, source: opts.source ?? 'api', actor: opts.actor ?? null };
      await this.changeFeed.publish(tx, { workspaceId: ws, entity: entity.name, op: 'upsert', ids: [id], write });
      return next;
    });
  }

  /** Deletes a record; records that referenced it keep existing with the reference cleared. */
  async delete(ws: string, entityName: EntityName | EntityDef, id: string, opts: WriteOptions = {}): Promise<void> {
    const entity = entityOf(entityName);
    await this.storage.transaction(async (tx) => {
      const current = await tx.records.get(ws, entity, id, { lock: true });
      if (!current) throw notFound(entity.name, id);
      const now = this.now();
      for (const { child, field } of childRelations(entity.name)) await tx.records.reassignRefs(ws, child, field.name, [id], null, now);
      await tx.search.remove(ws, entity.name, [id]);
      await tx.records.delete(ws, entity, [id]);
      await tx.events.append(ws, [{ entity: entity.name, record_id: id, kind: 'deleted', at: now, actor: opts.actor ?? null, data: { record: current } }]);
      await this.changeFeed.publish(tx, { workspaceId: ws, entity: entity.name, op: 'delete', ids: [id] });
    });
  }

  duplicatesOf(ws: string, entityName: EntityName | EntityDef, record: CrmRecord) {
    return this.duplicates.candidatesFor(ws, entityOf(entityName), record);
  }

  duplicatePairs(ws: string, entityName: EntityName | EntityDef) {
    return this.duplicates.scan(ws, entityOf(entityName));
  }
}

export { CrmError };
