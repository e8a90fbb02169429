/** Rebuilding full-text documents from the records, after the way documents are made has changed. */
import { ENTITIES, ENTITY_ORDER } from '../core/entities.js';
import type { Storage } from '../storage/index.js';
import { searchDocument } from './search-text.js';

/** The migration whose arrival means every search document must be made again (see migration 0015). */
export const SEARCH_FORMAT_MIGRATION = '0015-search-words';

/** Re-indexes every record of every workspace, a bounded batch per transaction; returns how many. */
export async function reindexSearch(storage: Storage): Promise<number> {
  let count = 0;
  for (const ws of await storage.workspaces.list()) {
    for (const name of ENTITY_ORDER) {
      const entity = ENTITIES[name];
      if (!entity.fields.some((f) => f.searchable)) continue;
      for await (const batch of storage.records.scan(ws.id, entity, 2000)) {
        await storage.transaction((tx) => tx.search.index(ws.id, name, batch.map((r) => ({ id: r.id, body: searchDocument(entity, r) }))));
        count += batch.length;
      }
    }
  }
  return count;
}
