/**
 * A reference field's input: type a name, an e-mail, a phone or a domain, pick with the arrows and Enter (or the
 * mouse), or "Create …" the record inline from what was typed. It searches through the list API (`?q=`), shows
 * the chosen record by name and never asks for an id.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ENTITIES, recordTitle, type EntityName } from '../api/entities';
import { createRecord, listRecords } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { keys, useRecordNames } from '../api/hooks';
import type { CrmRecord } from '../api/types';
import { stageLabel } from './format';

/** What a hit shows under its name: how to tell two "Alex Kim"s apart. */
function detailOf(entity: EntityName, r: CrmRecord): string {
  const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
  if (entity === 'contact') return [s('email'), s('title')].filter(Boolean).join(' · ');
  if (entity === 'company') return [s('domain'), s('city')].filter(Boolean).join(' · ');
  if (entity === 'deal') return r.stage ? stageLabel(String(r.stage)) : '';
  return '';
}

/** A new record from what was typed: an e-mail or a domain goes to its field, the rest is the name. */
export function quickRecord(entity: EntityName, text: string): Record<string, unknown> {
  const t = text.trim();
  if (entity === 'company') {
    const isDomain = /^[^\s@]+\.[a-z]{2,}$/i.test(t);
    return isDomain ? { name: t.replace(/^www\./i, '').split('.')[0]!.replace(/^./, (c) => c.toUpperCase()), domain: t } : { name: t };
  }
  if (entity === 'contact') {
    if (/^\S+@\S+\.\S+$/.test(t)) return { email: t };
    const [first, ...rest] = t.split(/\s+/);
    return { first_name: first, last_name: rest.join(' ') || undefined };
  }
  if (entity === 'deal') return { name: t, stage: 'lead' };
  return { subject: t };
}

interface Props {
  entity: EntityName;
  value: string | null;
  onChange: (id: string | null, record?: CrmRecord) => void;
  /** Accessible name ("Company"). */
  label: string;
  inputId?: string;
  autoFocus?: boolean;
  /** Offer "Create …" for what was typed (default on). */
  allowCreate?: boolean;
  invalid?: boolean;
  describedBy?: string;
  /** Text to search for when the picker opens (a command bar's "deal for Apex"). */
  initialQuery?: string;
}

export function RecordPicker({ entity, value, onChange, label, inputId, autoFocus, allowCreate = true, invalid, describedBy, initialQuery }: Props) {
  const def = ENTITIES[entity];
  const names = useRecordNames(entity, [value]);
  const selectedName = value ? (names.get(value) ?? '…') : '';
  const [text, setText] = useState<string | null>(initialQuery ?? null); // null: not typing, show the chosen name
  const [open, setOpen] = useState(false);
  const [highlighted, setHighlighted] = useState(0);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [debounced, setDebounced] = useState(text ?? '');
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const qc = useQueryClient();

  useEffect(() => {
    const t = setTimeout(() => setDebounced((text ?? '').trim()), 150);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const q = debounced;
  const hits = useQuery({
    queryKey: ['picker', def.plural, q],
    enabled: open,
    staleTime: 10_000,
    queryFn: ({ signal }) => listRecords(def.plural, q ? { q, limit: 8, total: false } : { sort: '-updated_at', limit: 8, total: false }, signal),
  });
  const rows = hits.data?.data ?? [];
  const typed = (text ?? '').trim();
  const canCreate = allowCreate && typed.length > 0;
  const count = rows.length + (canCreate ? 1 : 0);

  const choose = (r: CrmRecord) => {
    qc.setQueryData(keys.name(def.plural, r.id), recordTitle(def, r));
    onChange(r.id, r);
    setText(null);
    setOpen(false);
    setError(null);
  };
  const create = async () => {
    setCreating(true);
    setError(null);
    try {
      const { data } = await createRecord(def.plural, quickRecord(entity, typed));
      void qc.invalidateQueries({ queryKey: keys.lists(def.plural) });
      void qc.invalidateQueries({ queryKey: ['picker', def.plural] });
      choose(data);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setCreating(false);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return setOpen(true);
      if (count > 0) setHighlighted((h) => (e.key === 'ArrowDown' ? (h + 1) % count : (h - 1 + count) % count));
    } else if (e.key === 'Enter') {
      if (!open) return;
      e.preventDefault();
      e.stopPropagation();
      if (highlighted < rows.length && rows[highlighted]) choose(rows[highlighted]!);
      else if (canCreate && !creating) void create();
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setText(null);
    }
  };

  return (
    <div className="picker">
      <div className="picker-row">
        <input
          ref={input}
          id={inputId}
          role="combobox"
          aria-label={label}
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          aria-activedescendant={open && count > 0 ? `${listId}-${highlighted}` : undefined}
          autoComplete="off"
          placeholder={`Search by name${entity === 'contact' ? ', e-mail or phone' : entity === 'company' ? ' or domain' : ''}…`} /* the field's label names the object: on a phone the longer text was cut */
          value={text ?? selectedName}
          // A long name ends in "…" before the clear button instead of running under it; whole on hover.
          className={value ? 'has-clear' : undefined}
          title={value && text === null ? selectedName : undefined}
          onFocus={(e) => {
            e.currentTarget.select();
            setOpen(true);
          }}
          onBlur={() => {
            // A click on a hit lands before the blur's effect (mousedown is prevented below).
            setOpen(false);
            setText(null);
          }}
          onChange={(e) => {
            setText(e.target.value);
            setHighlighted(0);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
        />
        {value && (
          <button type="button" className="picker-clear" aria-label={`Clear ${label}`} onClick={() => onChange(null)}>
            ×
          </button>
        )}
      </div>
      {open && (
        <ul className="picker-list" id={listId} role="listbox" aria-label={`${label} matches`} onMouseDown={(e) => e.preventDefault()}>
          {hits.isPending && <li className="picker-note muted">Searching…</li>}
          {hits.isError && <li className="picker-note error-text">{errorMessage(hits.error)}</li>}
          {!hits.isPending && rows.length === 0 && <li className="picker-note muted">{q ? `No ${def.plural} match “${q}”.` : `No ${def.plural} yet.`}</li>}
          {rows.map((r, i) => (
            <li key={r.id} id={`${listId}-${i}`} role="option" aria-selected={i === highlighted} className={i === highlighted ? 'highlighted' : ''} onClick={() => choose(r)} onMouseEnter={() => setHighlighted(i)}>
              <span className="picker-name">{recordTitle(def, r)}</span>
              <span className="muted small">{detailOf(entity, r)}</span>
            </li>
          ))}
          {canCreate && (
            <li
              id={`${listId}-${rows.length}`}
              role="option"
              aria-selected={highlighted === rows.length}
              className={`picker-create${highlighted === rows.length ? ' highlighted' : ''}`}
              onClick={() => !creating && void create()}
              onMouseEnter={() => setHighlighted(rows.length)}
            >
              {creating ? 'Creating…' : `+ Create ${def.label.toLowerCase()} “${typed}”`}
            </li>
          )}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
