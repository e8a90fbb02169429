/** Search, quick selects for enum fields, and a small builder for `field[op]=value` filters shown as chips. */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { listRecords } from '../../api/endpoints';
import type { EntityDef, FieldDef } from '../../api/entities';
import { fieldsOf } from '../../api/entities';
import { enumLabel } from '../../ui/format';
import { usePhone } from '../../ui/use-phone';
import { splitFilterKey, type ListUrlState } from './use-list-params';

const OP_LABELS: Record<string, string> = { eq: 'is', ne: 'is not', contains: 'contains', gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'is one of', nin: 'is none of', empty: 'is empty', has: 'has tag' };

function opsFor(field: FieldDef): string[] {
  switch (field.type) {
    case 'integer':
    case 'number':
    case 'date':
    case 'datetime':
      return ['gte', 'lte', 'eq', 'empty'];
    case 'tags':
      return ['has', 'empty'];
    case 'text':
      return ['contains', 'empty'];
    case 'enum':
      return ['eq', 'ne', 'in'];
    default:
      return ['contains', 'eq', 'ne', 'empty'];
  }
}

export function FilterBar({ entity, state }: { entity: EntityDef; state: ListUrlState }) {
  const fields = fieldsOf(entity).filter((f) => f.name !== 'updated_at');
  const enums = fields.filter((f) => f.type === 'enum');
  const [q, setQ] = useState(state.q);
  useEffect(() => setQ(state.q), [state.q]);
  useEffect(() => {
    if (q === state.q) return;
    const t = setTimeout(() => state.set('q', q.trim() || null), 250);
    return () => clearTimeout(t);
  }, [q, state]);

  // Enter jumps to the best match of the search (name, e-mail, phone or domain), as the command bar does.
  const navigate = useNavigate();
  const openBestMatch = async (text: string) => {
    const top = (await listRecords(entity.plural, { q: text, limit: 1, total: false })).data[0];
    if (top) navigate(`/${entity.plural}/${encodeURIComponent(top.id)}`);
  };

  const [field, setField] = useState(fields[0]?.name ?? '');
  const fieldDef = fields.find((f) => f.name === field);
  const ops = fieldDef ? opsFor(fieldDef) : ['eq'];
  const [op, setOp] = useState(ops[0]!);
  const [value, setValue] = useState('');
  useEffect(() => setOp(ops[0]!), [field]); // a new field starts with its first operator

  const chips = state.filters.filter(([k]) => !enums.some((f) => f.name === k));
  // On a phone the bar is one row (search and "Filters"); the quick selects and the builder open below it.
  const phone = usePhone();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeCount = state.filters.length;
  const add = (e: React.FormEvent) => {
    e.preventDefault();
    const v = op === 'empty' ? 'true' : value.trim();
    if (!v) return;
    state.set(op === 'eq' ? field : `${field}[${op}]`, v);
    setValue('');
  };

  return (
    <div className="filter-bar">
      <input
        className="search-input"
        type="search"
        aria-label={`Search ${entity.plural}`}
        // A phone's search box holds about 25 characters: the hint stays in the title there.
        placeholder={phone ? `Search ${entity.plural}…` : `Search ${entity.plural}… (Enter opens the best match)`}
        title="Enter opens the best match"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && q.trim()) void openBestMatch(q.trim());
        }}
      />
      {phone && (
        <button type="button" className="button filters-toggle" aria-expanded={filtersOpen} aria-controls="filter-more" onClick={() => setFiltersOpen((o) => !o)}>
          Filters{activeCount > 0 ? ` (${activeCount})` : ''}
        </button>
      )}
      {(!phone || filtersOpen) && (
        <div className="filter-more" id="filter-more">
          {enums.map((f) => (
            <select key={f.name} aria-label={`Filter by ${f.label}`} value={state.params[f.name] ?? ''} onChange={(e) => state.set(f.name, e.target.value || null)}>
              <option value="">{`Any ${f.label.toLowerCase()}`}</option>
              {(f.values ?? []).map((v) => (
                <option key={v} value={v}>
                  {enumLabel(f, v)}
                </option>
              ))}
            </select>
          ))}
          <form className="filter-builder" onSubmit={add} aria-label="Add a filter">
            <select aria-label="Filter field" value={field} onChange={(e) => setField(e.target.value)}>
              {fields.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.label}
                </option>
              ))}
            </select>
            <select aria-label="Filter operator" value={op} onChange={(e) => setOp(e.target.value)}>
              {ops.map((o) => (
                <option key={o} value={o}>
                  {OP_LABELS[o] ?? o}
                </option>
              ))}
            </select>
            {op !== 'empty' && (
              <input
                aria-label="Filter value"
                placeholder={fieldDef?.type === 'date' || fieldDef?.type === 'datetime' ? 'YYYY-MM-DD' : 'value'}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            )}
            <button type="submit" className="button">
              Add filter
            </button>
          </form>
        </div>
      )}
      {chips.length > 0 && (
        <ul className="chips" aria-label="Active filters">
          {chips.map(([key, v]) => {
            const [name, o] = splitFilterKey(key);
            const label = fields.find((f) => f.name === name)?.label ?? name;
            return (
              <li key={key} className="chip">
                {label} {OP_LABELS[o] ?? o} {o === 'empty' ? '' : v}
                <button type="button" className="chip-remove" aria-label={`Remove filter ${label}`} onClick={() => state.set(key, null)}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
