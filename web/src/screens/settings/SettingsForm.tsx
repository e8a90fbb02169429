/** A form panel of the settings screen: submitting calls `onSubmit` in place (no page load), only when the form is `ready`. */
import type { ReactNode } from 'react';

export function SettingsForm(props: { 'aria-label'?: string; 'aria-labelledby'?: string; inline?: boolean; ready: boolean; onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      className={props.inline ? 'panel settings-form inline-form' : 'panel settings-form'}
      aria-label={props['aria-label']}
      aria-labelledby={props['aria-labelledby']}
      onSubmit={(e) => {
        e.preventDefault();
        if (props.ready) props.onSubmit();
      }}
    >
      {props.children}
    </form>
  );
}
