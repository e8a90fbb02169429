/**
 * Reading every page of a list: cursor pagination through `RecordRepository.list`, and `field in values` lists
 * read in parts so no statement carries thousands of parameters.
 */
import type { CrmRecord, EntityDef } from '../core/entities.js';
import type { Filter, ListQuery, RecordRepository } from './index.js';

/** Every page of records matching `query`, in order. */
export async function* listPages(records: RecordRepository, ws: string, entity: EntityDef, query: Omit<ListQuery, 'cursor'>): AsyncIterable<CrmRecord[]> {
  let cursor: string | undefined;
  do {
    const page = await records.list(ws, entity, { ...query, cursor });
    yield page.records;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Every page of records whose `field` is one of `values` (and that match `filters`), `partSize` values per query. */
export async function* pagesWhereIn(
  records: RecordRepository,
  ws: string,
  entity: EntityDef,
  field: string,
  values: readonly string[],
  opts: { limit: number; sort?: ListQuery['sort']; filters?: Filter[]; partSize?: number },
): AsyncIterable<CrmRecord[]> {
  const partSize = opts.partSize ?? 500;
  for (let i = 0; i < values.length; i += partSize) {
    const filters: Filter[] = [...(opts.filters ?? []), { field, op: 'in', value: values.slice(i, i + partSize) }];
    yield* listPages(records, ws, entity, { filters, limit: opts.limit, sort: opts.sort });
  }
}

/** All records of an async iterable of pages. */
export async function collect(pages: AsyncIterable<CrmRecord[]>): Promise<CrmRecord[]> {
  const out: CrmRecord[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}
