/** A secret shown once (a new API token, a generated password): read-only, selected on focus, with a Copy button. */
import { useRef, useState } from 'react';

export function CopyField({ label, value }: { label: string; value: string }) {
  const ref = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    ref.current?.select();
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard API (plain-HTTP address, denied permission): the selected text copies the old way.
      document.execCommand('copy');
    }
    setCopied(true);
  };
  return (
    <span className="copy-field">
      <input ref={ref} readOnly aria-label={label} value={value} onFocus={(e) => e.target.select()} spellCheck={false} />
      <button type="button" className="button" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}
