/**
 * What the new-record form asks for, without a browser: an activity's fields follow its type (a note has no
 * outcome, duration or due date; a call has an outcome and a duration; a task a due date), and the internal link to
 * a suggestion ("Recommendation") is never asked for. Scores' notes read without the operator's CLI command.
 */
import { describe, expect, it } from 'vitest';
// @ts-ignore -- web/ is type-checked by web/tsconfig.json (bundler resolution, no .js endings); vitest resolves it
import { formFields } from '../../web/src/ui/form-fields';
// @ts-ignore -- web/ is type-checked by web/tsconfig.json (bundler resolution, no .js endings); vitest resolves it
import { scoreNote } from '../../web/src/ui/format';

const names = (entity: string, values: Record<string, string>) => (formFields(entity, values) as { name: string }[]).map((f) => f.name);

describe('the new-record form of an activity', () => {
  it('asks a note for neither outcome, duration nor due date, and never for the recommendation link', () => {
    const note = names('activity', { type: 'note' });
    expect(note).toEqual(expect.arrayContaining(['type', 'subject', 'occurred_at']));
    for (const f of ['outcome', 'duration_minutes', 'due_at', 'recommendation_id', 'completed_at']) expect(note).not.toContain(f);
  });

  it('asks a call or a meeting for its outcome and duration, a task for its due date', () => {
    for (const type of ['call', 'meeting']) {
      const fields = names('activity', { type });
      expect(fields).toEqual(expect.arrayContaining(['outcome', 'duration_minutes']));
      expect(fields).not.toContain('due_at');
    }
    const task = names('activity', { type: 'task' });
    expect(task).toContain('due_at');
    expect(task).not.toContain('outcome');
    expect(task).not.toContain('recommendation_id');
  });

  it('leaves other objects as declared (a deal still asks its stage and amount, not its close date or lost reason)', () => {
    const deal = names('deal', {});
    expect(deal).toEqual(expect.arrayContaining(['name', 'stage', 'amount']));
    expect(deal).not.toContain('closed_at');
    expect(deal).not.toContain('lost_reason');
  });
});

describe('scoreNote', () => {
  it('drops the CLI command from a note and starts it with a capital', () => {
    expect(scoreNote('no learned model yet (run: crm model train); scored with the hand-set weighted baseline')).toBe('No learned model yet; scored with the hand-set weighted baseline');
    expect(scoreNote('no trained lead model yet (run: crm model train); scored with the hand-set weighted baseline')).toBe('No trained lead model yet; scored with the hand-set weighted baseline');
    expect(scoreNote('hand-set weights: the interval is a point')).toBe('hand-set weights: the interval is a point');
  });
});
