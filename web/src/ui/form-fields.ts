/** Which of an object's declared fields the new-record form asks for (plain logic: tested without a browser). */
import { OUTCOMES_BY_TYPE } from '../../../src/core/entities';
import { ENTITIES, allFields, isEditable, type EntityName, type FieldDef } from '../api/entities';

/** Fields the system or another screen fills: not asked for when a record is created. */
const NOT_ON_CREATE = new Set(['closed_at', 'lost_reason', 'lost_note', 'last_contacted_at', 'completed_at', 'other_emails', 'other_phones', 'other_domains', 'recommendation_id']);

export function formFields(entity: EntityName, values: Record<string, string>): FieldDef[] {
  // An activity asks only what its type has: a due date for a task, an outcome and a duration for a call or meeting
  // (a new note offered "Outcome", "Duration (minutes)" and the internal "Recommendation" link).
  const notForType = (f: FieldDef) =>
    entity === 'activity' && ((f.name === 'due_at' && values.type !== 'task') || ((f.name === 'outcome' || f.name === 'duration_minutes') && !(values.type && values.type in OUTCOMES_BY_TYPE)));
  return allFields(ENTITIES[entity]).filter((f) => isEditable(f) && !NOT_ON_CREATE.has(f.name) && !notForType(f));
}
