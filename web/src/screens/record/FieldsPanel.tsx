/** A record's fields as a definition list; click a value (or focus it and press Enter) to edit it in place. */
import { useState } from 'react';
import { isEditable, type EntityDef, type FieldDef } from '../../api/entities';
import type { CrmRecord } from '../../api/types';
import { FieldEditor } from '../../ui/FieldEditor';
import { FieldValue } from '../../ui/FieldValue';

interface Props {
  entity: EntityDef;
  record: CrmRecord;
  fields: readonly FieldDef[];
  names: Partial<Record<string, Map<string, string>>>;
  onSave: (field: FieldDef, value: unknown) => void;
  /** A role that may not write: values only, no editors. */
  readOnly?: boolean;
}

export function FieldsPanel({ entity, record, fields, names, onSave, readOnly = false }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <dl className="fields" aria-label={`${entity.label} fields`}>
      {fields.map((f) => (
        <div key={f.name} className="field-row">
          <dt id={`label-${f.name}`}>{f.label}</dt>
          <dd>
            {readOnly ? (
              <span className="field-value">
                <FieldValue field={f} value={record[f.name]} names={names[f.name]} currency={record.currency} />
              </span>
            ) : editing === f.name ? (
              <FieldEditor
                field={f}
                value={record[f.name]}
                onCancel={() => setEditing(null)}
                onSave={(v) => {
                  setEditing(null);
                  onSave(f, v);
                }}
              />
            ) : isEditable(f) && f.type !== 'ref' ? (
              <button type="button" className="field-value editable" aria-describedby={`label-${f.name}`} aria-label={`Edit ${f.label}`} onClick={() => setEditing(f.name)}>
                <FieldValue field={f} value={record[f.name]} names={names[f.name]} currency={record.currency} />
              </button>
            ) : (
              <span className="field-value">
                <FieldValue field={f} value={record[f.name]} names={names[f.name]} currency={record.currency} />
                {isEditable(f) && (
                  <button type="button" className="icon-button" aria-label={`Edit ${f.label}`} onClick={() => setEditing(f.name)}>
                    ✎
                  </button>
                )}
              </span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
