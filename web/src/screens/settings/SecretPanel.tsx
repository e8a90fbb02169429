/** A secret shown once, just after it was made (a new API token, an invitation code): copy it, then dismiss it. */
import type { ReactNode } from 'react';
import { CopyField } from './CopyField';

export function SecretPanel(props: { region: string; title: ReactNode; warning: string; copyLabel: string; secret: string; dismissLabel: string; onDismiss: () => void }) {
  return (
    <div className="panel secret-panel" role="region" aria-label={props.region}>
      <strong>{props.title}</strong>
      <p className="warning-text">{props.warning}</p>
      <CopyField label={props.copyLabel} value={props.secret} />
      <div>
        <button type="button" className="button ghost" onClick={props.onDismiss}>
          {props.dismissLabel}
        </button>
      </div>
    </div>
  );
}
