/** Which columns a table shows: a small popover of checkboxes, remembered per object in localStorage. */
import { usePopover } from './usePopover';
import type { FieldDef } from '../api/entities';

export function ColumnChooser({ fields, visible, onChange }: { fields: readonly FieldDef[]; visible: string[]; onChange: (cols: string[]) => void }) {
  const { open, setOpen, ref } = usePopover();
  const toggle = (name: string) => {
    const next = visible.includes(name) ? visible.filter((c) => c !== name) : fields.map((f) => f.name).filter((n) => n === name || visible.includes(n));
    if (next.length > 0) onChange(next);
  };
  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen((o) => !o)}>
        Columns
      </button>
      {open && (
        <div className="popover" role="group" aria-label="Visible columns" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {fields.map((f) => (
            <label key={f.name} className="check-row">
              <input type="checkbox" checked={visible.includes(f.name)} onChange={() => toggle(f.name)} />
              {f.label}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
