/** The durable per-record work queue (migration 0002): coalescing enqueues, leased claims, retries. */
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
      for (const part of chunk(sorted, 5000)) {
        await sql`INSERT INTO job_queue (queue, workspace_id, entity, record_id, enqueued_at, available_at, attempts)
          SELECT ${queue}::text, j.workspace_id, j.entity, j.record_id, ${now}::text, ${now}::text, 0
          FROM unnest(${part.map((j) => j.workspace_id)}::text[], ${part.map((j) => j.entity)}::text[], ${part.map((j) => j.record_id)}::text[]) AS j(workspace_id, entity, record_id)
          ON CONFLICT (queue, workspace_id, entity, record_id) DO UPDATE
          SET enqueued_at = excluded.enqueued_at, available_at = excluded.available_at, attempts = 0, last_error = NULL
          WHERE job_queue.xmin::text::bigint <> pg_current_xact_id()::text::bigint % 4294967296`.execute(this.db);
        if (here) {
          // Bounded (a file of a million activities): forgetting only means offering some jobs again.
          if (here.size + part.length > MAX_REMEMBERED_JOBS) here.clear();
          for (const j of part) here.add(`${queue}\u0000${j.workspace_id}\u0000${j.entity}\u0000${j.record_id}`);
        }
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

  async claim(queue: string, worker: string, limit: number, now: string, leaseUntil: string) {
    this.queuedHere?.clear();
    const ready = this.db
      .selectFrom('job_queue')
      .select(['queue', 'workspace_id', 'entity', 'record_id'])
      .where('queue', '=', queue)
      .where('available_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('available_at')
      .limit(limit);
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
    const waiting = Number(row.waiting ?? 0);
    return { ready: Number(row.total) - leased - waiting, leased, waiting, failing: Number(row.failing ?? 0) };
  }

  async depth(queue: string, atMost: number) {
    const row = await this.db
      .selectFrom((db) => db.selectFrom('job_queue').select('record_id').where('queue', '=', queue).limit(atMost).as('q'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
