import { useState } from 'react';

/** A destructive action asked twice, in place: "Revoke…" becomes "Yes, revoke" and "Keep". */
export function ConfirmButton({ label, confirmLabel, ariaLabel, pending, onConfirm }: { label: string; confirmLabel: string; ariaLabel: string; pending: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="button" aria-label={ariaLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <>
      <button type="button" className="button danger" disabled={pending} onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" className="button ghost" onClick={() => setAsking(false)}>
        Keep
      </button>
    </>
  );
}
