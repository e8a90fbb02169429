/**
 * Saved views of the list screens: a name and the list's query string (filters, sort, columns), shared by everyone
 * in the workspace. Stored in the workspace settings, one array per object under `views.{object}`; every change is
 * one atomic read-modify-write, so two people saving at once both keep their view.
 */
import type { Clock } from '../core/clock.js';
import { toTimestamp } from '../core/clock.js';
import { notFound, validationError } from '../core/errors.js';
import { LIST_PLURALS, type ListPlural } from '../core/entities.js';
import { newId } from '../core/ids.js';
import type { Storage } from '../storage/index.js';

/** Lists have saved views: the objects with list screens (core/entities.ts). */
export const VIEW_OBJECTS = LIST_PLURALS;
export type ViewObject = ListPlural;

/** More views than this per object is a mistake (a script in a loop), not a team's habit. */
export const MAX_VIEWS_PER_OBJECT = 200;

export interface SavedView {
  id: string;
  name: string;
  object: ViewObject;
  query: string;
  created_at: string;
}

const keyOf = (object: ViewObject) => `views.${object}`;
const viewsIn = (value: unknown): SavedView[] => (Array.isArray(value) ? (value as SavedView[]) : []);

export class ViewService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /** The views of one object (all objects when left out), by object and then name. */
  async list(ws: string, object?: ViewObject): Promise<SavedView[]> {
    const data: SavedView[] = [];
    for (const o of object ? [object] : VIEW_OBJECTS) data.push(...viewsIn(await this.storage.settings.get(ws, keyOf(o))));
    return data.sort((a, b) => a.object.localeCompare(b.object) || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
  }

  /** Saves a view; a name the object already has (in any case) replaces that view's query and keeps its id. */
  async save(ws: string, input: { name: string; object: ViewObject; query: string }): Promise<SavedView> {
    const name = input.name.trim();
    const query = input.query.replace(/^\?/, '');
    const now = toTimestamp(this.clock.now());
    return this.storage.settings.update(
      ws,
      keyOf(input.object),
      (current) => {
        const views = viewsIn(current);
        const same = views.findIndex((v) => v.name.toLowerCase() === name.toLowerCase());
        if (same < 0 && views.length >= MAX_VIEWS_PER_OBJECT) {
          throw validationError(`${input.object} already have ${MAX_VIEWS_PER_OBJECT} saved views; delete one first`, [{ field: 'name', message: 'too many views' }]);
        }
        const saved: SavedView = same >= 0 ? { ...views[same]!, name, query } : { id: newId('vw'), name, object: input.object, query, created_at: now };
        return { value: same >= 0 ? views.map((v, i) => (i === same ? saved : v)) : [...views, saved], result: saved };
      },
      now,
    );
  }

  async remove(ws: string, id: string): Promise<void> {
    const now = toTimestamp(this.clock.now());
    for (const object of VIEW_OBJECTS) {
      // Only the object holding the view is written (the update checks again, atomically).
      if (!viewsIn(await this.storage.settings.get(ws, keyOf(object))).some((v) => v.id === id)) continue;
      const removed = await this.storage.settings.update(
        ws,
        keyOf(object),
        (current) => {
          const views = viewsIn(current);
          const rest = views.filter((v) => v.id !== id);
          return { value: rest, result: rest.length < views.length };
        },
        now,
      );
      if (removed) return;
    }
    throw notFound('view', id);
  }
}
