/**
 * The business rules of record writes, shared by the API, the CLI and the importer: validation, references,
 * uniqueness, timestamps, deal-stage rules, the change log behind timelines, and full-text documents.
 */
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { ENTITIES, type CrmRecord, type EntityDef, type EntityName } from '../core/entities.js';
import { conflict, CrmError, notFound, validationError } from '../core/errors.js';
import type { ChangeSource } from '../core/events.js';
import { describeIssues, recordSchemas } from '../core/record-schema.js';
import type { AggregateQuery, ListQuery, Page, Storage } from '../storage/index.js';
import { ChangeFeed } from './change-feed.js';
import { readLostReasons } from './deal-settings.js';
import { DuplicatesService, type DuplicateCandidate } from './duplicates.service.js';
import { checkOwner } from './follow-up.js';
import { childRelations } from './relations.js';
import { problemError, referenceProblems, uniqueProblems } from './write-checks.js';
import { commitWrites } from './write-commit.js';
import { needsLostReasons, planCreate, planUpdate, type WriteMeta } from './write-pipeline.js';

export interface WriteOptions {
  actor?: string | null;
  source?: ChangeSource;
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

  /**
   * The record without waiting, where storage reads synchronously (SQLite outside a transaction: what `get` reads
   * there); undefined elsewhere, and when there is no such record — `get` then answers, with its not-found error.
   */
  getNow(ws: string, entityName: EntityName | EntityDef, id: string): CrmRecord | undefined {
    return this.storage.records.getNow?.(ws, entityOf(entityName), id);
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

  /**
   * Throws a 400 naming the field when a reference this write sets (`refs`: the record, or the patch) points at
   * nothing, or a 409 when a unique value of `record` is taken by another record.
   */
  private async checkWrite(tx: Storage, ws: string, entity: EntityDef, refs: Record<string, unknown>, record: CrmRecord): Promise<void> {
    const [problem] = await referenceProblems(tx, ws, entity, [refs]);
    const [taken] = problem ? [] : await uniqueProblems(tx, ws, entity, [record]);
    if (problem ?? taken) throw problemError((problem ?? taken)!);
  }

  async create(ws: string, entityName: EntityName | EntityDef, input: unknown, opts: WriteOptions = {}): Promise<CreateResult> {
    const entity = entityOf(entityName);
    const data = this.parseCreate(entity, input);
    const created = await this.storage.transaction(async (tx) => {
      const meta = await this.meta(tx, ws, opts, [data]);
      const plan = planCreate(entity, data, meta);
      const { record } = plan;
      if (await tx.records.get(ws, entity, record.id)) throw conflict(`${entity.name} ${record.id} already exists`, [{ field: 'id', message: 'already exists' }]);
      await this.checkWrite(tx, ws, entity, record, record);
      await checkOwner(tx, ws, record.owner);
      await commitWrites(tx, ws, entity, [plan], meta, this.changeFeed);
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
      const meta = await this.meta(tx, ws, opts, [patch]);
      const plan = planUpdate(entity, current, patch, meta);
      if (!plan) return current;
      await this.checkWrite(tx, ws, entity, patch, plan.record);
      if ('owner' in plan.changes) await checkOwner(tx, ws, plan.record.owner);
      await commitWrites(tx, ws, entity, [plan], meta, this.changeFeed);
      return plan.record;
    });
  }

  /** The time, source and actor of a write, with the workspace's lost reasons when it names one. */
  private async meta(tx: Storage, ws: string, opts: WriteOptions, inputs: Record<string, unknown>[]): Promise<WriteMeta> {
    const lostReasons = needsLostReasons(inputs) ? await readLostReasons(tx.settings, ws) : undefined;
    return { at: this.now(), source: opts.source ?? 'api', actor: opts.actor ?? null, lostReasons };
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
