/**
 * A date (or date and time) field that reads and writes dates the way the rest of the app does ("Fri 15 Jan 2027,
 * 14:30"), whatever the browser's own format for `<input type="date">` is; typed text is read by `parseDateText`
 * (figures in the browser language's order, month names, ISO, "tomorrow 9am") and shown back in the app's form when
 * the field is left, so what was understood is on screen. The calendar button opens the browser's own picker. The
 * value in and out is the native input's ("2027-01-15", "2027-01-15T14:30"), so callers keep their state and parsing.
 */
import { forwardRef, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { dateExample, dateHint, formatDateText, parseDateText, type DateKind } from './dates';

interface Props {
  kind: DateKind;
  value: string;
  onChange: (value: string) => void;
  id?: string;
  name?: string;
  className?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
  /** What an empty field means, when it means something ("Now"); else how to type a date. */
  placeholder?: string;
  /** Native value of the latest allowed moment (the picker's limit). */
  max?: string;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  /** Called when focus leaves the field and its calendar button. */
  onBlur?: () => void;
}

export const DateInput = forwardRef<HTMLInputElement, Props>(function DateInput({ kind, value, onChange, onKeyDown, onBlur, max, className, placeholder, ...aria }, ref) {
  const [text, setText] = useState(() => formatDateText(value, kind));
  // What the text reads as ('' when empty); null is text the field cannot read, which it says beside itself.
  const parsed = parseDateText(text, kind);
  const bad = parsed === null;
  const editing = useRef(false);
  const native = useRef<HTMLInputElement>(null);
  const wrap = useRef<HTMLSpanElement>(null);
  const errorId = useId();
  // A value set from outside (a prefill, a picked date, a reset) shows in the app's form unless the user is typing.
  useEffect(() => {
    if (!editing.current) setText(formatDateText(value, kind));
  }, [value, kind]);
  const read = (t: string) => {
    // Unreadable text is handed on as typed (not a valid value): a form sending it gets the server's refusal beside
    // the field, and nothing goes in with the last good date or none while the field says it cannot read it.
    const next = parseDateText(t, kind) ?? t;
    if (next !== value) onChange(next);
  };
  const settle = () => {
    editing.current = false;
    if (parsed !== null) setText(formatDateText(parsed, kind));
  };
  const describedBy = [aria['aria-describedby'], bad ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <span
      ref={wrap}
      className={`date-input${bad ? ' invalid' : ''}${className ? ` ${className}` : ''}`}
      onBlur={(e) => {
        if (wrap.current?.contains(e.relatedTarget as Node | null)) return;
        settle();
        onBlur?.();
      }}
    >
      <span className="date-input-box">
      <input
        {...aria}
        ref={ref}
        type="text"
        inputMode="text"
        autoComplete="off"
        placeholder={placeholder ?? dateHint(kind)}
        title={`${dateHint(kind)}; "today", "tomorrow 9am" work too`}
        aria-invalid={aria['aria-invalid'] || bad || undefined}
        aria-describedby={describedBy}
        value={text}
        onChange={(e) => {
          editing.current = true;
          setText(e.target.value);
          read(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') settle();
          onKeyDown?.(e);
        }}
      />
      <button
        type="button"
        className="date-input-pick"
        tabIndex={-1}
        aria-label="Choose from a calendar"
        title="Choose from a calendar"
        onClick={() => {
          const n = native.current;
          if (!n) return;
          try {
            n.showPicker();
          } catch {
            n.focus();
            n.click();
          }
        }}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <rect x="2" y="3" width="12" height="11" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
          <path d="M2 6.5h12M5 1.8v2.6M11 1.8v2.6" stroke="currentColor" strokeWidth="1.3" />
        </svg>
      </button>
      <input
        ref={native}
        className="date-input-native"
        type={kind === 'date' ? 'date' : 'datetime-local'}
        tabIndex={-1}
        aria-hidden="true"
        max={max}
        value={parsed ?? ''}
        onChange={(e) => {
          editing.current = false;
          setText(formatDateText(e.target.value, kind));
          onChange(e.target.value);
        }}
      />
      </span>
      {/* A form that names the problem beside the field itself (aria-invalid from it) is not echoed here. */}
      {bad && !aria['aria-invalid'] && (
        <span className="date-input-error" id={errorId} role="status">
          Not a date I can read — try {dateExample(kind)}
        </span>
      )}
    </span>
  );
});
