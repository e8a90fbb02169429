/** An editor for one field: a select for enums, a date input for dates, text otherwise. Enter saves, Escape cancels. */
import { DateInput } from './DateInput';
import { useEffect, useRef, useState } from 'react';
import type { FieldDef } from '../api/entities';
import { enumLabel, inputOf, parseInput } from './format';
import { RecordPicker } from './RecordPicker';
import { memberLabel, useMembers } from '../api/follow-up';

interface Props {
  field: FieldDef;
  value: unknown;
  onSave: (value: unknown) => void;
  onCancel: () => void;
  autoFocus?: boolean;
}

export function FieldEditor({ field, value, onSave, onCancel, autoFocus = true }: Props) {
  const initial = inputOf(field, value);
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement>(null);
  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus]);
  const done = useRef(false);
  const commit = (next = text) => {
    if (done.current) return;
    done.current = true;
    if (next === initial) onCancel();
    else onSave(parseInput(field, next));
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      done.current = true;
      onCancel();
    }
    if (e.key === 'Enter' && !(field.type === 'text' && e.shiftKey)) {
      e.preventDefault();
      commit();
    }
  };
  const common = { ref, 'aria-label': field.label, className: 'cell-editor', onKeyDown, onBlur: () => commit() };
  // Owners are members (issue 15): picked by name, stored as their user id.
  const members = useMembers();
  if (field.name === 'owner')
    return (
      <select {...common} value={text} onChange={(e) => { setText(e.target.value); commit(e.target.value); }}>
        <option value="">Nobody</option>
        {(members.data ?? []).map((m) => (
          <option key={m.id} value={m.id}>
            {memberLabel(m)}
          </option>
        ))}
        {text && members.data && !members.data.some((m) => m.id === text) && <option value={text}>{text}</option>}
      </select>
    );
  if (field.type === 'enum')
    return (
      <select {...common} value={text} onChange={(e) => { setText(e.target.value); commit(e.target.value); }}>
        {!field.required && <option value="">—</option>}
        {(field.values ?? []).map((v) => (
          <option key={v} value={v}>
            {enumLabel(field, v)}
          </option>
        ))}
      </select>
    );
  // A reference is picked by name, e-mail or domain, never typed as an id.
  if (field.type === 'ref' && field.ref)
    return (
      <span className="cell-editor picker-editor" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <RecordPicker entity={field.ref} label={field.label} value={typeof value === 'string' ? value : null} autoFocus={autoFocus} onChange={(id) => onSave(id)} />
      </span>
    );
  if (field.type === 'text') return <textarea {...common} rows={3} value={text} onChange={(e) => setText(e.target.value)} />;
  if (field.type === 'date' || field.type === 'datetime')
    return <DateInput {...common} kind="date" value={text} onChange={setText} />;
  const type = field.type === 'email' ? 'email' : 'text';
  return <input {...common} type={type} inputMode={field.type === 'integer' || field.type === 'number' ? 'decimal' : undefined} value={text} onChange={(e) => setText(e.target.value)} />;
}
