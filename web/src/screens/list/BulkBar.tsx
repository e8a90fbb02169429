/** Actions on the selected rows: delete, set the owner; for deals, move to a stage; for contacts, add a tag. */
import { useState } from 'react';
import { DEAL_STAGES, type EntityDef } from '../../api/entities';
import { stageLabel } from '../../ui/format';
import { memberLabel, useMembers } from '../../api/follow-up';
import { LOST, type LostInput } from '../pipeline/close';

interface Props {
  entity: EntityDef;
  count: number;
  busy: boolean;
  /** While an action runs: records done so far out of all. */
  progress?: { done: number; total: number } | null;
  onDelete: () => void;
  /** A move to closed_lost comes with the reason asked for (cancelling moves nothing). */
  onStage: (stage: string, lost?: LostInput) => void;
  /** A member's user id (owners are members, issue 15) and their name for messages; '' clears the owner. */
  onOwner: (owner: string, label: string) => void;
  onTag: (tag: string) => void;
  onClear: () => void;
  /** Asks why deals were lost (the screen's deal mover, whose undo outlives this bar); null when cancelled. */
  askLost: (title: string) => Promise<LostInput | null>;
}

export function BulkBar({ entity, count, busy, progress, onDelete, onStage, onOwner, onTag, onClear, askLost }: Props) {
  const [confirming, setConfirming] = useState(false);
  const chooseStage = async (stage: string) => {
    if (stage !== LOST) return onStage(stage);
    const lost = await askLost(`Mark ${count} ${count === 1 ? 'deal' : 'deals'} as lost`);
    if (lost) onStage(stage, lost);
  };
  const [owner, setOwner] = useState('');
  const [tag, setTag] = useState('');
  const hasTags = entity.fields.some((f) => f.name === 'tags' && f.type === 'tags');
  const members = useMembers();
  const ownerName = owner === '-' ? 'nobody' : (members.data?.find((m) => m.id === owner) ? memberLabel(members.data.find((m) => m.id === owner)!) : owner);
  const submitOwner = () => owner && onOwner(owner === '-' ? '' : owner, ownerName);
  const submitTag = () => tag.trim() && onTag(tag.trim());
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <strong>{count} selected</strong>
      {entity.name === 'deal' && (
        <select aria-label="Move selected deals to stage" value="" disabled={busy} onChange={(e) => e.target.value && void chooseStage(e.target.value)}>
          <option value="">Move to stage…</option>
          {DEAL_STAGES.map((s) => (
            <option key={s} value={s}>
              {stageLabel(s)}
            </option>
          ))}
        </select>
      )}
      <span className="bulk-field">
        <select aria-label="Owner for selected" value={owner} disabled={busy} onChange={(e) => setOwner(e.target.value)}>
          <option value="">Owner…</option>
          {(members.data ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {memberLabel(m)}
            </option>
          ))}
          <option value="-">Nobody (clear)</option>
        </select>
        <button type="button" className="button" disabled={busy || !owner} onClick={submitOwner}>
          Set owner
        </button>
      </span>
      {hasTags && (
        <span className="bulk-field">
          <input aria-label="Tag to add to selected" placeholder="Tag…" value={tag} disabled={busy} onChange={(e) => setTag(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && submitTag()} />
          <button type="button" className="button" disabled={busy || !tag.trim()} onClick={submitTag}>
            Add tag
          </button>
        </span>
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
      {progress && (
        <span className="bulk-progress">
          <progress aria-label="Bulk progress" max={progress.total} value={progress.done} />
          <span className="muted">
            {progress.done} of {progress.total}
          </span>
        </span>
      )}
      <button type="button" className="button ghost" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
