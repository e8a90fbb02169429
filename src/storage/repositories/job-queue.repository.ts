/** The durable per-record work queue (migration 0002): coalescing enqueues, leased claims, retries. */
import { randomUUID } from 'node:crypto';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { chunk } from '../chunk.js';
import type { Database, Db } from '../database.js';
import type { ClaimedJob, DialectName, JobQueueRepository, JobRef, QueueStats } from '../index.js';

/** The queue row of a claimed job. */
const sameJob =
  (j: ClaimedJob) =>
  (eb: ExpressionBuilder<Database, 'job_queue'>): Expression<SqlBool> =>
    eb.and([eb('queue', '=', j.queue), eb('workspace_id', '=', j.workspace_id), eb('entity', '=', j.entity), eb('record_id', '=', j.record_id)]);

/** Jobs a transaction remembers having queued (see queuedHere): ~25 MB of keys at most. */
const MAX_REMEMBERED_JOBS = 200_000;
/**
 * A batch row's own record_id: `batch:<number of ids>:<UUID>` (its ids are in record_ids). The count is in the key so
 * stats and depth read it without decompressing and parsing ~100 KB of JSON a batch.
 */
const batchKey = (jobs: readonly JobRef[]) => `batch:${jobs.length}:${randomUUID()}`;
/** The number of jobs a row stands for (SQL): 1, or a batch's count from its key. */
const JOBS_OF_ROW = sql<number>`CASE WHEN record_ids IS NULL THEN 1 ELSE split_part(record_id, ':', 2)::int END`;
/**
 * PostgreSQL: from this many jobs of one object in one enqueue on, they are written as batch rows (`record_ids`,
 * migration 0024) of up to BATCH_JOBS ids each, which a claim expands (see expandBatch). An import's 10,000
 * activities a batch then cost its transaction two rows instead of 10,000 upserts into a table with two indexes.
 */
const BATCH_FROM = 1000;
const BATCH_JOBS = 5000;

export class KyselyJobQueueRepository implements JobQueueRepository {
  /**
   * PostgreSQL, inside a transaction (this repository is made per transaction): the jobs this transaction already
   * queued. Queuing one again changes nothing (see enqueue), but each offer still cost the server a conflict check
   * and a row lock: an import queues an activity's contact, company and deal in every batch of its one transaction.
   * Any other change to the queue in the transaction (claim, complete, fail) forgets them.
   */
  private readonly queuedHere: Set<string> | undefined;

  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {
    this.queuedHere = dialect === 'postgres' && db.isTransaction ? new Set() : undefined;
  }

  async enqueue(queue: string, jobs: readonly JobRef[], now: string) {
    const unique = new Map(jobs.map((j) => [`${j.workspace_id}\u0000${j.entity}\u0000${j.record_id}`, j]));
    if (this.dialect === 'postgres') {
      const here = this.queuedHere;
      if (here) for (const k of unique.keys()) if (here.has(`${queue}\u0000${k}`)) unique.delete(k);
      // One array a column (an import enqueues tens of thousands of jobs a file); the same coalescing upsert, except
      // that a job this transaction already queued is left as it is: an import's activities queue their contact,
      // company and deal again in every step of its one transaction, and each update wrote a new row version and
      // its index entries for nothing (nobody can have leased a row this transaction wrote). `xmin` is the writing
      // transaction's id (its low 32 bits: pg_current_xact_id() carries the epoch above them).
      // In key order: the rows then land next to each other in the primary key instead of on random pages.
      const sorted = [...unique].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, j]) => j);
      // Many jobs of one object: batch rows, each one id list (expanded into the same jobs when claimed).
      const byObject = new Map<string, JobRef[]>();
      for (const j of sorted) {
        const k = `${j.workspace_id}\u0000${j.entity}`;
        const group = byObject.get(k);
        if (group) group.push(j);
        else byObject.set(k, [j]);
      }
      const single: JobRef[] = [];
      const batches: JobRef[][] = [];
      for (const group of byObject.values()) {
        if (group.length >= BATCH_FROM) batches.push(...chunk(group, BATCH_JOBS));
        else single.push(...group);
      }
      if (batches.length > 0) {
        await sql`INSERT INTO job_queue (queue, workspace_id, entity, record_id, enqueued_at, available_at, attempts, record_ids)
          SELECT ${queue}::text, b.workspace_id, b.entity, b.record_id, ${now}::text, ${now}::text, 0, b.record_ids
          FROM unnest(${batches.map((b) => b[0]!.workspace_id)}::text[], ${batches.map((b) => b[0]!.entity)}::text[], ${batches.map(batchKey)}::text[],
            ${batches.map((b) => JSON.stringify(b.map((j) => j.record_id)))}::text[]) AS b(workspace_id, entity, record_id, record_ids)`.execute(this.db);
        if (here) this.remember(queue, batches.flat());
      }
      for (const part of chunk(single, 5000)) {
        await sql`INSERT INTO job_queue (queue, workspace_id, entity, record_id, enqueued_at, available_at, attempts)
          SELECT ${queue}::text, j.workspace_id, j.entity, j.record_id, ${now}::text, ${now}::text, 0
          FROM unnest(${part.map((j) => j.workspace_id)}::text[], ${part.map((j) => j.entity)}::text[], ${part.map((j) => j.record_id)}::text[]) AS j(workspace_id, entity, record_id)
          ON CONFLICT (queue, workspace_id, entity, record_id) DO UPDATE
          SET enqueued_at = excluded.enqueued_at, available_at = excluded.available_at, attempts = 0, last_error = NULL
          WHERE job_queue.xmin::text::bigint <> pg_current_xact_id()::text::bigint % 4294967296`.execute(this.db);
        if (here) this.remember(queue, part);
      }
      return;
    }
    for (const part of chunk([...unique.values()], 2000)) {
      await this.db
        .insertInto('job_queue')
        .values(part.map((j) => ({ queue, ...j, enqueued_at: now, available_at: now, attempts: 0 })))
        .onConflict((oc) =>
          oc.columns(['queue', 'workspace_id', 'entity', 'record_id']).doUpdateSet({
            enqueued_at: sql.ref('excluded.enqueued_at'),
            available_at: sql.ref('excluded.available_at'),
            attempts: 0,
            last_error: null,
          }),
        )
        .execute();
    }
  }

  /** Bounded (a file of a million activities): forgetting only means offering some jobs again. */
  private remember(queue: string, jobs: readonly JobRef[]) {
    const here = this.queuedHere!;
    if (here.size + jobs.length > MAX_REMEMBERED_JOBS) here.clear();
    for (const j of jobs) here.add(`${queue}\u0000${j.workspace_id}\u0000${j.entity}\u0000${j.record_id}`);
  }

  async claim(queue: string, worker: string, limit: number, now: string, leaseUntil: string) {
    this.queuedHere?.clear();
    if (this.dialect !== 'postgres') return this.claimReady(queue, worker, limit, now, leaseUntil);
    // PostgreSQL: a ready batch row becomes ordinary jobs before any is leased (expanded after, it would re-queue a
    // job just leased with an older enqueued_at, and the record would be embedded twice); one batch a round, more
    // only while the claim is short: a backlog of a million activities is not turned into rows at once.
    const claimed: ClaimedJob[] = [];
    for (;;) {
      const expanded = await this.expandBatch(queue, now);
      claimed.push(...(await this.claimReady(queue, worker, limit - claimed.length, now, leaseUntil)));
      if (!expanded || claimed.length >= limit) return claimed;
    }
  }

  /**
   * One ready batch row of the queue (the oldest no other claim holds) replaced by its jobs, in one statement: a
   * killed process leaves the batch or its jobs, never neither; two processes expanding at once take different
   * batches (SKIP LOCKED). Each job is queued as enqueue would queue it: one already waiting is reset, one leased
   * gets the batch's enqueued_at, so completing the lease does not remove it and the record is embedded again.
   * True when a batch was expanded.
   */
  private async expandBatch(queue: string, now: string): Promise<boolean> {
    const { rows } = await sql<{ batches: string }>`
      WITH b AS (
        DELETE FROM job_queue WHERE ctid = ANY(ARRAY(
          SELECT ctid FROM job_queue
          WHERE queue = ${queue} AND record_ids IS NOT NULL AND available_at <= ${now} AND (locked_until IS NULL OR locked_until < ${now})
          ORDER BY available_at LIMIT 1 FOR UPDATE SKIP LOCKED))
        RETURNING workspace_id, entity, record_ids, enqueued_at, available_at),
      jobs AS (
        INSERT INTO job_queue (queue, workspace_id, entity, record_id, enqueued_at, available_at, attempts)
        SELECT DISTINCT ON (b.workspace_id, b.entity, r.id) ${queue}::text, b.workspace_id, b.entity, r.id, b.enqueued_at, b.available_at, 0
        FROM b CROSS JOIN LATERAL json_array_elements_text(b.record_ids::json) AS r(id)
        ORDER BY b.workspace_id, b.entity, r.id
        ON CONFLICT (queue, workspace_id, entity, record_id) DO UPDATE
        SET enqueued_at = excluded.enqueued_at, available_at = excluded.available_at, attempts = 0, last_error = NULL
        RETURNING 1)
      SELECT (SELECT count(*) FROM b) AS batches, (SELECT count(*) FROM jobs) AS jobs`.execute(this.db);
    return Number(rows[0]?.batches ?? 0) > 0;
  }

  /** Leases up to `limit` ready ordinary jobs (never a batch row: claim expands those first). */
  private async claimReady(queue: string, worker: string, limit: number, now: string, leaseUntil: string): Promise<ClaimedJob[]> {
    let ready = this.db
      .selectFrom('job_queue')
      .select(['queue', 'workspace_id', 'entity', 'record_id'])
      .where('queue', '=', queue)
      .where('available_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('available_at')
      .limit(limit);
    if (this.dialect === 'postgres') ready = ready.where('record_ids', 'is', null);
    // PostgreSQL: concurrent workers skip each other's rows; SQLite serialises writers anyway.
    const picked = this.dialect === 'postgres' ? ready.forUpdate().skipLocked() : ready;
    const rows = await this.db
      .updateTable('job_queue')
      .set((eb) => ({ locked_by: worker, locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
      .where((eb) => eb(eb.refTuple('queue', 'workspace_id', 'entity', 'record_id'), 'in', picked.$asTuple('queue', 'workspace_id', 'entity', 'record_id')))
      .returning(['queue', 'workspace_id', 'entity', 'record_id', 'enqueued_at', 'attempts'])
      .execute();
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }) as ClaimedJob);
  }

  async complete(jobs: readonly ClaimedJob[]) {
    this.queuedHere?.clear();
    for (const j of jobs) {
      const done = await this.db.deleteFrom('job_queue').where(sameJob(j)).where('enqueued_at', '=', j.enqueued_at).executeTakeFirst();
      // Enqueued again while being worked on: release the lease so the newer change is picked up.
      if (Number(done.numDeletedRows) === 0) await this.db.updateTable('job_queue').set({ locked_by: null, locked_until: null }).where(sameJob(j)).execute();
    }
  }

  async fail(job: ClaimedJob, error: string, retryAt: string) {
    this.queuedHere?.clear();
    await this.db
      .updateTable('job_queue')
      .set({ locked_by: null, locked_until: null, available_at: retryAt, last_error: error.slice(0, 2000) })
      .where(sameJob(job))
      .execute();
  }

  async stats(queue: string, now: string): Promise<QueueStats> {
    const row = await this.db
      .selectFrom('job_queue')
      .select((eb) => [
        eb.fn.countAll().as('total'),
        eb.fn.sum(eb.case().when('locked_until', '>=', now).then(1).else(0).end()).as('leased'),
        eb.fn
          .sum(eb.case().when(eb.and([eb('available_at', '>', now), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)])])).then(1).else(0).end())
          .as('waiting'),
        eb.fn.sum(eb.case().when('last_error', 'is not', null).then(1).else(0).end()).as('failing'),
      ])
      .where('queue', '=', queue)
      .executeTakeFirstOrThrow();
    const leased = Number(row.leased ?? 0);
    let waiting = Number(row.waiting ?? 0);
    let total = Number(row.total);
    if (this.dialect === 'postgres') {
      // A batch row (never leased) counts as its jobs.
      const { rows } = await sql<{ extra: string | null; waiting: string | null }>`
        SELECT sum(${JOBS_OF_ROW} - 1) AS extra, sum(${JOBS_OF_ROW} - 1) FILTER (WHERE available_at > ${now}) AS waiting
        FROM job_queue WHERE queue = ${queue} AND record_ids IS NOT NULL`.execute(this.db);
      total += Number(rows[0]?.extra ?? 0);
      waiting += Number(rows[0]?.waiting ?? 0);
    }
    return { ready: total - leased - waiting, leased, waiting, failing: Number(row.failing ?? 0) };
  }

  async depth(queue: string, atMost: number) {
    if (this.dialect === 'postgres') {
      // A batch row counts as its jobs.
      const { rows } = await sql<{ n: string | null }>`
        SELECT sum(${JOBS_OF_ROW}) AS n FROM (SELECT record_id, record_ids FROM job_queue WHERE queue = ${queue} LIMIT ${atMost}) q`.execute(this.db);
      return Math.min(atMost, Number(rows[0]?.n ?? 0));
    }
    const row = await this.db
      .selectFrom((db) => db.selectFrom('job_queue').select('record_id').where('queue', '=', queue).limit(atMost).as('q'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
