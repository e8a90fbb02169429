/**
 * Whether the migrated database holds what the object declarations say. The migrations are frozen (each creates
 * the columns as they were when it was written), so a field declared without a migration for it is missing here:
 * `migrate()` refuses to go on with a message naming it, instead of every write of that object failing later.
 */
import type { Kysely } from 'kysely';
import { allFields, ENTITIES, ENTITY_ORDER, type EntityDef } from '../core/entities.js';
import { columnType } from './columns.js';
import type { DialectName } from './index.js';
import { columnTypesOf } from './migrations/table-columns.js';

const DECLARED: readonly EntityDef[] = ENTITY_ORDER.map((name) => ENTITIES[name]);

/**
 * One line per declared field or key the database lacks (or stores in a column of another type); none when they
 * match. Columns the declarations no longer name are left alone (a removed field's data stays until a migration
 * drops it).
 */
export async function schemaProblems(db: Kysely<any>, dialect: DialectName, entities: readonly EntityDef[] = DECLARED): Promise<string[]> {
  const problems: string[] = [];
  for (const entity of entities) {
    const have = await columnTypesOf(db, dialect, entity.plural);
    if (have.size === 0) {
      problems.push(`table ${entity.plural} of object ${entity.name} does not exist`);
      continue;
    }
    const expected: [column: string, type: string, what: string][] = [
      ...allFields(entity).map((f): [string, string, string] => [f.name, columnType(f), `field ${f.name} (${f.type})`]),
      ['custom', 'text', 'the custom fields'],
      ...entity.keys.map((k): [string, string, string] => [k.column, 'text', `matching key ${k.column} (from ${k.from.join(', ')})`]),
    ];
    for (const [column, type, what] of expected) {
      const actual = have.get(column);
      if (actual === undefined) problems.push(`${entity.plural}.${column}: ${what} of ${entity.name} is declared but no migration creates its column`);
      else if (actual !== type) problems.push(`${entity.plural}.${column}: ${what} of ${entity.name} needs a ${type} column, the database has ${actual}`);
    }
  }
  return problems;
}
