/** Actions on the selected rows: delete, and for deals, move to a stage. */
import { useState } from 'react';
import { DEAL_STAGES, type EntityDef } from '../../api/entities';
import { stageLabel } from '../../ui/format';

interface Props {
  entity: EntityDef;
  count: number;
  busy: boolean;
  onDelete: () => void;
  onStage: (stage: string) => void;
  onClear: () => void;
}

export function BulkBar({ entity, count, busy, onDelete, onStage, onClear }: Props) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <strong>{count} selected</strong>
      {entity.name === 'deal' && (
        <select aria-label="Move selected deals to stage" value="" disabled={busy} onChange={(e) => e.target.value && onStage(e.target.value)}>
          <option value="">Move to stage…</option>
          {DEAL_STAGES.map((s) => (
            <option key={s} value={s}>
              {stageLabel(s)}
            </option>
          ))}
        </select>
      )}
      {confirming ? (
        <>
          <span>Delete {count} {count === 1 ? entity.label.toLowerCase() : entity.plural}?</span>
          <button type="button" className="button danger" disabled={busy} onClick={() => { setConfirming(false); onDelete(); }}>
            Yes, delete
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </>
      ) : (
        <button type="button" className="button danger" disabled={busy} onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
      <button type="button" className="button ghost" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
