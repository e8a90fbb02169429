/**
 * A dense, virtualised table over records: server-side sort on header click, a selection column, inline
 * editing (double-click, Enter or F2 on a cell), keyboard navigation (arrows, Home/End, PageUp/PageDown,
 * Space selects, o opens the record) and infinite loading near the end. On a phone (≤ 640 px) the rows are
 * cards instead: the record's title and score, then its first three other shown fields (PhoneCards).
 */
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { SCORE_COLUMN, UNSORTABLE_COLUMNS, isEditable, recordTitle, type EntityDef, type FieldDef } from '../api/entities';
import type { CrmRecord } from '../api/types';
import { FieldEditor } from './FieldEditor';
import { FieldValue } from './FieldValue';
import { ScoreCell } from './ScoreCell';
import { DealFlags } from './DealFlags';
import { textOf, withoutCompany } from './format';
import { usePhone } from './use-phone';

const ROW_HEIGHT = 34;

/**
 * Dense widths, so the default columns (the score last) fit a 1366-pixel screen beside the sidebar (about 1,120 px:
 * contacts' nine default columns add up to 1,088, deals' to 1,118); wider screens share out the rest.
 */
function columnWidth(f: FieldDef): number {
  if (f.name === SCORE_COLUMN) return 100; // "68 warm?" whole
  if (f.name === 'email') return 200;
  if (f.name === 'first_name' || f.name === 'last_name') return 120;
  // A deal's or company's name is what a row is read by: wider than the other text columns (it was cut to
  // "Apex Stays – Sec…" at 1366 px while Stage had room to spare).
  if (f.name === 'name') return 230;
  switch (f.type) {
    case 'text':
      return 320;
    case 'date':
    case 'datetime':
    case 'integer':
    case 'number':
      return 120;
    case 'enum':
      return 120;
    default:
      return 136;
  }
}

interface Props {
  entity: EntityDef;
  rows: CrmRecord[];
  fields: FieldDef[];
  sort: string | undefined;
  onSort: (field: string) => void;
  names: Partial<Record<string, Map<string, string>>>;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  onOpen: (row: CrmRecord) => void;
  onEdit: (row: CrmRecord, field: FieldDef, value: unknown) => Promise<unknown>;
  hasMore: boolean;
  loadMore: () => void;
  loadingMore: boolean;
  total?: number | null;
  /** A role that may not write: no inline editing. */
  readOnly?: boolean;
}

interface Cell {
  row: number;
  col: number;
}

export function DataTable(props: Props) {
  return usePhone() ? <PhoneCards {...props} /> : <Table {...props} />;
}

/** A card's slot in the list: the card (title line, two lines of fields) and the gap below it. */
const CARD_HEIGHT = 92;
const CARD_GAP = 6;

/**
 * Rows as cards for a phone: title (a link) and score, then up to three of the shown fields with their labels;
 * a checkbox selects for the bulk bar. Virtualised and loading more near the end like the table; ↑/↓ move, o or
 * Enter opens, Space selects.
 */
function PhoneCards({ entity, rows, fields, names, selected, onSelect, onOpen, hasMore, loadMore, loadingMore, total }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => CARD_HEIGHT, overscan: 6 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 10) loadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, loadMore]);
  const scoreField = fields.find((f) => f.name === SCORE_COLUMN);
  const keyFields = fields.filter((f) => f.name !== SCORE_COLUMN && !entity.titleFields.includes(f.name)).slice(0, 3);
  const move = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const row = rows[active];
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      Enter: () => row && onOpen(row),
      o: () => row && onOpen(row),
      ' ': () => row && onSelect([row.id], !selected.has(row.id)),
    };
    if (e.target !== e.currentTarget || !keys[e.key] || rows.length === 0) return;
    e.preventDefault();
    keys[e.key]!();
  };
  return (
    <div ref={scrollRef} className="card-scroll" tabIndex={0} role="list" aria-label={`${entity.plural} list`} aria-setsize={total ?? rows.length} onKeyDown={onKeyDown}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const record = rows[item.index];
          if (!record) return null;
          const isSelected = selected.has(record.id);
          const title = recordTitle(entity, record);
          return (
            <div
              key={record.id}
              role="listitem"
              data-id={record.id}
              className={`record-card ${isSelected ? 'selected' : ''} ${active === item.index ? 'active-row' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: CARD_HEIGHT - CARD_GAP, transform: `translateY(${item.start}px)` }}
            >
              <input type="checkbox" aria-label={`Select ${title || record.id}`} checked={isSelected} onChange={() => onSelect([record.id], !isSelected)} />
              <div className="record-card-body">
                <div className="record-card-head">
                  <Link className="title-link" to={`/${entity.plural}/${encodeURIComponent(record.id)}`}>
                    {title || <span className="muted">(untitled)</span>}
                  </Link>
                  <DealFlags deal={record} />
                  {scoreField && <ScoreCell score={record[SCORE_COLUMN]} stage={record.stage} />}
                </div>
                <dl className="record-card-fields">
                  {keyFields.map((f) => (
                    <div key={f.name}>
                      <dt>{f.label}</dt>
                      <dd>{record[f.name] === null || record[f.name] === undefined || record[f.name] === '' ? <span className="muted">—</span> : <FieldValue field={f} value={record[f.name]} names={names[f.name]} currency={record.currency} />}</dd>
                    </div>
                  ))}
                </dl>
              </div>
            </div>
          );
        })}
      </div>
      {loadingMore && <div className="table-footer">Loading more…</div>}
    </div>
  );
}

function Table({ entity, rows, fields, sort, onSort, names, selected, onSelect, onOpen, onEdit, hasMore, loadMore, loadingMore, total, readOnly = false }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<Cell>({ row: 0, col: 1 });
  const [editing, setEditing] = useState<Cell | null>(null);
  const titleField = entity.titleFields[0];

  const columns = useMemo<ColumnDef<CrmRecord>[]>(
    () => [
      { id: '__select', header: 'Select', size: 36 },
      ...fields.map((f) => ({ id: f.name, header: f.label, accessorFn: (r: CrmRecord) => r[f.name], size: columnWidth(f) })),
    ],
    [fields],
  );
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), manualSorting: true, getRowId: (r) => r.id });
  const tableRows = table.getRowModel().rows;

  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 20) loadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, loadMore]);

  // Beside a Company column a deal's name drops the company's in front ("Crescent Care GmbH – Automation Cloud" →
  // "Automation Cloud"): the column says it, and the repeat cut the name at 1366 px. The whole name is on hover.
  const showsCompany = entity.name === 'deal' && fields.some((f) => f.name === 'company_id');
  const shortTitle = (record: CrmRecord, title: string) => (showsCompany && typeof record.company_id === 'string' ? withoutCompany(title, names.company_id?.get(record.company_id)) : title);

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const moveTo = (row: number, col: number) => {
    const next = { row: Math.max(0, Math.min(rows.length - 1, row)), col: Math.max(0, Math.min(fields.length, col)) };
    setActive(next);
    virtualizer.scrollToIndex(next.row, { align: 'auto' });
  };

  const startEdit = (cell: Cell) => {
    const field = fields[cell.col - 1];
    if (field && isEditable(field) && !readOnly) setEditing(cell);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (editing || rows.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const row = rows[active.row];
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active.row + 1, active.col),
      ArrowUp: () => moveTo(active.row - 1, active.col),
      ArrowRight: () => moveTo(active.row, active.col + 1),
      ArrowLeft: () => moveTo(active.row, active.col - 1),
      PageDown: () => moveTo(active.row + page, active.col),
      PageUp: () => moveTo(active.row - page, active.col),
      Home: () => moveTo(e.ctrlKey ? 0 : active.row, e.ctrlKey ? active.col : 0),
      End: () => moveTo(e.ctrlKey ? rows.length - 1 : active.row, e.ctrlKey ? active.col : fields.length),
      ' ': () => row && onSelect([row.id], !selected.has(row.id)),
      Enter: () => (active.col === 0 || fields[active.col - 1]?.name === titleField ? row && onOpen(row) : startEdit(active)),
      F2: () => startEdit(active),
      o: () => row && onOpen(row),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const headerGroup = table.getHeaderGroups()[0];
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const width = columns.reduce((s, c) => s + (c.size ?? 160), 0);

  return (
    <div
      ref={scrollRef}
      className="table-scroll"
      tabIndex={0}
      role="grid"
      aria-label={`${entity.plural} table`}
      aria-rowcount={total ?? rows.length}
      aria-colcount={fields.length + 1}
      onKeyDown={onKeyDown}
    >
      <table className="data-table" style={{ width, minWidth: '100%' }}>
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={{ width: c.size }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {headerGroup?.headers.map((h) => {
              if (h.id === '__select')
                return (
                  <th key={h.id} className="select-cell">
                    <input type="checkbox" aria-label="Select all loaded rows" checked={allSelected} onChange={() => onSelect(rows.map((r) => r.id), !allSelected)} />
                  </th>
                );
              if (UNSORTABLE_COLUMNS.has(h.id))
                return (
                  <th key={h.id} className="unsortable" title="Not sortable: computed for each loaded row">
                    <span className="header-label">{flexRender(h.column.columnDef.header, h.getContext())}</span>
                  </th>
                );
              const dir = sort === h.id ? 'ascending' : sort === `-${h.id}` ? 'descending' : 'none';
              return (
                <th key={h.id} aria-sort={dir}>
                  <button type="button" className="sort-button" onClick={() => onSort(h.id)} title={`Sort by ${String(h.column.columnDef.header)}`}>
                    {flexRender(h.column.columnDef.header, h.getContext())}
                    <span className="sort-mark" aria-hidden="true">
                      {dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden="true">
              <td colSpan={columns.length} style={{ height: padTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            const record = row.original;
            const isSelected = selected.has(record.id);
            return (
              <tr
                key={record.id}
                data-id={record.id}
                aria-rowindex={item.index + 2}
                aria-selected={isSelected}
                className={`${isSelected ? 'selected' : ''} ${active.row === item.index ? 'active-row' : ''}`}
                style={{ height: ROW_HEIGHT }}
              >
                <td className={`select-cell ${active.row === item.index && active.col === 0 ? 'active-cell' : ''}`}>
                  <input type="checkbox" aria-label={`Select ${textOf(undefined, record[titleField ?? 'id']) || record.id}`} checked={isSelected} onChange={() => onSelect([record.id], !isSelected)} tabIndex={-1} />
                </td>
                {fields.map((field, i) => {
                  const col = i + 1;
                  const isActive = active.row === item.index && active.col === col;
                  const isEditing = editing?.row === item.index && editing.col === col;
                  return (
                    <td
                      key={field.name}
                      className={`${isActive ? 'active-cell' : ''} ${isEditing ? 'editing' : ''} type-${field.type}`}
                      onClick={() => setActive({ row: item.index, col })}
                      onDoubleClick={() => startEdit({ row: item.index, col })}
                      // The whole value on hover (a cell cuts long names with an ellipsis), then how to edit it.
                      title={[field.type === 'ref' ? names[field.name]?.get(String(record[field.name])) : field.name === 'owner' || field.name === SCORE_COLUMN ? '' : textOf(field, record[field.name], record.currency), isEditable(field) && !readOnly ? 'Double-click to edit' : ''].filter(Boolean).join(' — ') || undefined}
                    >
                      {isEditing ? (
                        <FieldEditor
                          field={field}
                          value={record[field.name]}
                          onCancel={() => {
                            setEditing(null);
                            scrollRef.current?.focus();
                          }}
                          onSave={(value) => {
                            setEditing(null);
                            scrollRef.current?.focus();
                            void onEdit(record, field, value);
                          }}
                        />
                      ) : field.name === SCORE_COLUMN ? (
                        <ScoreCell score={record[field.name]} stage={record.stage} />
                      ) : field.name === titleField ? (
                        <span className="title-with-flags">
                          <Link className="title-link" to={`/${entity.plural}/${encodeURIComponent(record.id)}`} tabIndex={-1}>
                            {shortTitle(record, textOf(field, record[field.name], record.currency)) || <span className="muted">(no {field.label.toLowerCase()})</span>}
                          </Link>
                          <DealFlags deal={record} />
                        </span>
                      ) : (
                        <FieldValue field={field} value={record[field.name]} names={names[field.name]} currency={record.currency} />
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden="true">
              <td colSpan={columns.length} style={{ height: padBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
      {loadingMore && <div className="table-footer">Loading more…</div>}
    </div>
  );
}
