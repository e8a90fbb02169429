/**
 * "New contact / company / deal / activity": one form for every object, built from its declared fields (types,
 * required, enum values, references). References use the RecordPicker, the owner is a member of the workspace;
 * problems show beside their field (checked here first, then the server's own words), and likely duplicates are
 * listed while typing (POST /api/{plural}/duplicates/check) with "Open the existing one".
 */
import { DateInput } from './DateInput';
import { dateExample } from './dates';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { formFields } from './form-fields';
import { takeTyping } from './type-ahead';
import { listUsers } from '../api/auth';
import { ENTITIES, type EntityName, type FieldDef } from '../api/entities';
import { checkDuplicates, createRecord } from '../api/endpoints';
import { ApiError, errorMessage } from '../api/http';
import { keys } from '../api/hooks';
import type { CrmRecord } from '../api/types';
import { useSession } from '../screens/auth/session';
import { defaultCurrency, enumLabel } from './format';
import { DiscardPrompt, useDiscardGuard } from './DiscardPrompt';
import { DuplicateCandidates } from './DuplicateCandidates';
import { RecordPicker } from './RecordPicker';

/** Fields whose value can make the record a duplicate of another: the check runs when one changes. */
const DUPLICATE_KEYS: Partial<Record<EntityName, string[]>> = { contact: ['email', 'phone', 'first_name', 'last_name', 'company_id'], company: ['name', 'domain'] };
const WIDE = new Set(['text', 'tags']);

const pad = (n: number) => String(n).padStart(2, '0');
/** A Date as the value of a datetime-local input (the browser's local time). */
function localInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function defaults(entity: EntityName): Record<string, string> {
  // A new deal is in the workspace's currency (Settings → Deals) unless changed here.
  if (entity === 'deal') return { stage: 'lead', currency: defaultCurrency() };
  if (entity === 'activity') return { type: 'note', occurred_at: localInput(new Date()) };
  if (entity === 'contact') return { lead_status: 'new' };
  return {};
}

/** A typed number without spaces and thousands separators ("12,000"), and for money without a currency sign ("$12,000"). */
const plainNumber = (f: FieldDef, v: string) => v.replace(f.unit === 'money' ? /[\s,$€£¥]/g : /[\s,]/g, '');

/** The problem with one typed value, or null; the server checks again (its words replace these). */
function problemOf(f: FieldDef, raw: string): string | null {
  const v = raw.trim();
  if (v === '') return f.required ? `${f.label} is required` : null;
  if (f.name === 'currency') return /^[A-Za-z]{3}$/.test(v) ? null : 'Enter a three-letter currency code, such as USD, EUR or GBP';
  switch (f.type) {
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? null : 'Enter an e-mail address such as ada@example.com';
    case 'domain':
      return /\.[a-z]{2,}/i.test(v) && !/\s/.test(v) ? null : 'Enter a domain such as acme.com';
    case 'phone':
      return v.replace(/\D/g, '').length >= 5 ? null : 'Enter a phone number (at least 5 digits)';
    // DateInput hands on text it could not read as typed (a valid one is "2027-01-15" / "2027-01-15T14:30").
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : `Enter a date such as ${dateExample('date')}`;
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? null : `Enter a date and time such as ${dateExample('datetime')}`;
    case 'integer':
      return /^-?\d+$/.test(plainNumber(f, v)) ? null : 'Enter a whole number';
    case 'number':
      return Number.isFinite(Number(plainNumber(f, v))) ? null : f.unit === 'money' ? 'Enter an amount, such as 12000 or 12,000' : 'Enter a number';
    default:
      return f.maxLength && v.length > f.maxLength ? `At most ${f.maxLength} characters` : null;
  }
}

/** A typed value as the API wants it. */
function valueOf(f: FieldDef, raw: string): unknown {
  const v = raw.trim();
  if (v === '') return undefined;
  switch (f.type) {
    case 'integer':
    case 'number':
      return Number(plainNumber(f, v));
    case 'datetime':
      return new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z');
    case 'tags':
      return v.split(/[,;]/).map((t) => t.trim()).filter(Boolean);
    default:
      return f.name === 'currency' ? v.toUpperCase() : v;
  }
}

function bodyOf(fields: FieldDef[], values: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = valueOf(f, values[f.name] ?? '');
    if (v !== undefined) body[f.name] = v;
  }
  return body;
}

interface Props {
  entity: EntityName;
  /** Values to start from (the company of a new contact, a command bar's "deal for Apex" …), as the API spells them. */
  initial?: Record<string, unknown>;
  /** Text to search for in a reference field's picker, by field ("Apex Goods" for company_id). */
  pickerQueries?: Record<string, string>;
  onClose: () => void;
  /** After a save; by default the new record opens. */
  onCreated?: (record: CrmRecord) => void;
}

export function RecordForm({ entity, initial = {}, pickerQueries = {}, onClose, onCreated }: Props) {
  const def = ENTITIES[entity];
  const [values, setValues] = useState<Record<string, string>>(() => {
    const start = defaults(entity);
    for (const [k, v] of Object.entries(initial)) if (v != null) start[k] = Array.isArray(v) ? v.join(', ') : String(v);
    return start;
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflictId, setConflictId] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const qc = useQueryClient();
  const navigate = useNavigate();
  const session = useSession();
  const fields = useMemo(() => formFields(entity, values), [entity, values]);
  const formRef = useRef<HTMLFormElement>(null);
  const titleId = `new-${entity}-title`;
  // What was typed is not thrown away by a stray click beside the form or an Escape: those ask first.
  const [start] = useState(values);
  const dirty = fields.some((f) => f.name !== 'owner' && (values[f.name] ?? '').trim() !== (start[f.name] ?? '').trim());
  const discard = useDiscardGuard(values, dirty, onClose, saving);
  const requestClose = discard.requestClose;

  // Members: the list is for admins; anyone else picks themselves or no one.
  const users = useQuery({ queryKey: ['users'], queryFn: listUsers, retry: false, staleTime: 60_000 });
  const members = users.data ?? (session.user ? [{ id: session.user.id, email: session.user.email, name: session.user.name }] : []);
  const me = session.user?.id;
  useEffect(() => {
    // The creator owns what they create unless they pick someone else.
    if (me) setValues((v) => (v.owner === undefined ? { ...v, owner: me } : v));
  }, [me]);

  // Focus in the first field there is to type in (one the command bar prefilled, "for Apex Goods", is passed over), with
  // whatever was typed since the bar's Enter in it (type-ahead.ts). A layout effect: its update is committed before the next
  // key is handled, so a key typed meanwhile cannot overwrite the held text with what the field showed before.
  useLayoutEffect(() => {
    const control = (f: FieldDef) => formRef.current?.querySelector<HTMLElement>(`#field-${CSS.escape(f.name)}`) ?? null;
    // The first empty one that is not a picker (its list opens on focus): "new task" is typed into its subject, not
    // its Type (given), its pickers or its date (filled with now).
    const field = fields.find((f) => initial[f.name] == null && !values[f.name] && f.type !== 'ref' && control(f)) ?? fields.find((f) => control(f));
    const el = field ? control(field) : formRef.current?.querySelector<HTMLElement>('input, select, textarea');
    el?.focus();
    const typed = takeTyping();
    // Into a text field only: a picker or a select has no text of its own to put it in.
    if (typed && field && el instanceof HTMLInputElement && field.type !== 'ref' && field.type !== 'enum' && field.name !== 'owner')
      setValues((v) => ({ ...v, [field.name]: (v[field.name] ?? '') + typed }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the form opens
  }, []);

  // Escape closes the form wherever focus is: a command bar closing after it opened the form hands focus back to
  // the page, and the form's own key handler never sees the key. A key the form (or an open picker) took is left.
  const closeRef = useRef(requestClose);
  closeRef.current = requestClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || saving) return;
      if (formRef.current && e.target instanceof Node && formRef.current.contains(e.target)) return;
      e.preventDefault();
      closeRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [saving]);

  // Likely duplicates while typing (contacts and companies).
  const dupKeys = DUPLICATE_KEYS[entity];
  const draft = useMemo(() => {
    if (!dupKeys) return null;
    const d: Record<string, unknown> = {};
    for (const k of dupKeys) {
      const f = fields.find((x) => x.name === k);
      if (f && !problemOf(f, values[k] ?? '')) {
        const v = valueOf(f, values[k] ?? '');
        if (v !== undefined) d[k] = v;
      }
    }
    return Object.keys(d).length > 0 ? d : null;
  }, [dupKeys, fields, values]);
  const [debouncedDraft, setDebouncedDraft] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setDebouncedDraft(draft), 300);
    return () => clearTimeout(t);
  }, [draft]);
  const dups = useQuery({
    queryKey: ['duplicates-check', def.plural, debouncedDraft],
    enabled: debouncedDraft !== null,
    queryFn: ({ signal }) => checkDuplicates(def.plural, debouncedDraft!, signal),
  });
  const candidates = debouncedDraft ? (dups.data ?? []) : [];

  const set = (name: string, v: string) => {
    setValues((prev) => ({ ...prev, [name]: v }));
    if (errors[name]) setErrors(({ [name]: _gone, ...rest }) => rest);
  };
  const blur = (f: FieldDef) => {
    setTouched((t) => new Set(t).add(f.name));
    const p = problemOf(f, values[f.name] ?? '');
    setErrors(({ [f.name]: _old, ...rest }) => (p && (values[f.name] ?? '').trim() !== '' ? { ...rest, [f.name]: p } : rest));
  };
  const open = (id: string) => {
    onClose();
    navigate(`/${def.plural}/${encodeURIComponent(id)}`);
  };

  const submit = async () => {
    const found: Record<string, string> = {};
    for (const f of fields) {
      const p = problemOf(f, values[f.name] ?? '');
      if (p) found[f.name] = p;
    }
    if (entity === 'contact' && !['first_name', 'last_name', 'email'].some((k) => (values[k] ?? '').trim())) found.first_name = 'Give a name or an e-mail';
    setErrors(found);
    setFormError(null);
    setConflictId(null);
    if (Object.keys(found).length > 0) {
      formRef.current?.querySelector<HTMLElement>(`[name="${Object.keys(found)[0]}"], #field-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setSaving(true);
    try {
      const { data } = await createRecord(def.plural, bodyOf(fields, values));
      qc.setQueryData(keys.record(def.plural, data.id), data);
      void qc.invalidateQueries({ queryKey: keys.lists(def.plural) });
      void qc.invalidateQueries({ queryKey: ['related'] });
      void qc.invalidateQueries({ queryKey: ['picker', def.plural] });
      if (entity === 'deal') void qc.invalidateQueries({ queryKey: keys.pipeline });
      onClose();
      if (onCreated) onCreated(data);
      // The new record's page opens with focus on its title (RecordHeader reads `created`), not on the page's body.
      else navigate(`/${def.plural}/${encodeURIComponent(data.id)}`, { state: { created: true } });
    } catch (e) {
      if (e instanceof ApiError && e.details && e.details.length > 0) {
        const byField: Record<string, string> = {};
        for (const d of e.details) {
          if (d.field && fields.some((f) => f.name === d.field)) byField[d.field] = d.message.replace(new RegExp(`^${d.field}: `), '');
          const taken = /already used by (\S+)/.exec(d.message);
          if (taken) setConflictId(taken[1]!);
        }
        setErrors(byField);
        if (Object.keys(byField).length === 0) setFormError(errorMessage(e));
      } else setFormError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const input = (f: FieldDef) => {
    const id = `field-${f.name}`;
    const err = errors[f.name];
    const common = {
      id,
      name: f.name,
      'aria-invalid': err ? true : undefined,
      'aria-describedby': err ? `${id}-error` : undefined,
      'aria-required': f.required || undefined,
      onBlur: () => blur(f),
    } as const;
    const v = values[f.name] ?? '';
    if (f.name === 'owner')
      return (
        <select {...common} value={v} onChange={(e) => set(f.name, e.target.value)}>
          <option value="">No owner</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name || m.email}
              {m.id === session.user?.id ? ' (me)' : ''}
            </option>
          ))}
          {v && !members.some((m) => m.id === v) && <option value={v}>{v}</option>}
        </select>
      );
    if (f.type === 'ref' && f.ref)
      return (
        <RecordPicker
          entity={f.ref}
          inputId={id}
          label={f.label}
          value={v || null}
          invalid={!!err}
          describedBy={err ? `${id}-error` : undefined}
          initialQuery={pickerQueries[f.name]}
          onChange={(next) => set(f.name, next ?? '')}
        />
      );
    if (f.type === 'enum')
      return (
        <select {...common} value={v} onChange={(e) => set(f.name, e.target.value)}>
          {!f.required && <option value="">—</option>}
          {(f.values ?? []).map((x) => (
            <option key={x} value={x}>
              {enumLabel(f, x)}
            </option>
          ))}
        </select>
      );
    if (f.type === 'text') return <textarea {...common} rows={3} value={v} onChange={(e) => set(f.name, e.target.value)} />;
    if (f.type === 'date' || f.type === 'datetime')
      return <DateInput {...common} aria-label={f.label} kind={f.type} value={v} onChange={(next) => set(f.name, next)} />;
    const type = f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'text';
    return (
      <input
        {...common}
        type={type}
        inputMode={f.type === 'integer' || f.type === 'number' ? 'decimal' : undefined}
        placeholder={f.type === 'tags' ? 'vip, newsletter' : f.type === 'domain' ? 'acme.com' : undefined}
        value={v}
        onChange={(e) => set(f.name, e.target.value)}
        autoComplete="off"
      />
    );
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && requestClose()}>
      <form
        ref={formRef}
        className="modal record-form"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        noValidate
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !saving) {
            e.preventDefault();
            requestClose();
          }
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId}>New {def.label.toLowerCase()}</h2>
        {candidates.length > 0 && (
          <DuplicateCandidates
            heading={candidates.length === 1 ? 'This may already exist:' : `${candidates.length} records may already be this one:`}
            candidates={candidates}
            action={(c) => (
              <button type="button" className="button small-button" onClick={() => open(c.id)}>
                Open the existing one
              </button>
            )}
          />
        )}
        <div className="form-grid">
          {fields.map((f) => (
            <div key={f.name} className={`form-field${WIDE.has(f.type) ? ' wide' : ''}${errors[f.name] ? ' has-error' : ''}`}>
              <label htmlFor={`field-${f.name}`}>
                {f.label}
                {f.required && (
                  <span className="required" aria-hidden="true">
                    {' '}
                    *
                  </span>
                )}
              </label>
              {input(f)}
              {errors[f.name] && (
                <p className="field-error" id={`field-${f.name}-error`} role="alert">
                  {errors[f.name]}
                  {conflictId && f.unique && (
                    <>
                      {' '}
                      <button type="button" className="link-button" onClick={() => open(conflictId)}>
                        Open the existing one
                      </button>
                    </>
                  )}
                </p>
              )}
            </div>
          ))}
        </div>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <DiscardPrompt
          guard={discard}
          id={`${titleId}-discard`}
          question={`Discard this new ${def.label.toLowerCase()}?`}
          focusBack={() => formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus()}
        />
        <div className="modal-actions">
          <span className="muted small form-hint">{touched.size > 0 ? 'Ctrl+Enter saves' : ''}</span>
          <button type="button" className="button" disabled={saving} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={saving}>
            {saving ? 'Saving…' : `Create ${def.label.toLowerCase()}`}
          </button>
        </div>
      </form>
    </div>
  );
}
