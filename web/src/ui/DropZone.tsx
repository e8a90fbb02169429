/**
 * Where files are dropped or chosen: the Inbox, Import and record pages share it. A click, Enter or Space opens
 * the file picker (on a phone that is the way in: there is no dragging there), and `anywhere` also takes files
 * dropped anywhere on the page while it is shown (a record page).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { usePhone } from './use-phone';

interface Props {
  onFiles: (files: File[]) => void;
  /** Accessible name of the zone ("Drop files here or press Enter to choose files"). */
  label: string;
  /** Accessible name of the hidden file input (tests and screen readers choose files through it). */
  inputLabel: string;
  title: ReactNode;
  /** Under the title: what else works ("or click to choose"). */
  hint?: ReactNode;
  /** On a phone there is nothing to drop: the title and hint said there instead ("Choose a CSV file", "Tap to choose a file"). */
  phoneTitle?: ReactNode;
  phoneHint?: ReactNode;
  accept?: string;
  /** Smaller zone (a record page's card). */
  compact?: boolean;
  /** Also take files dropped anywhere on the page. */
  anywhere?: boolean;
  disabled?: boolean;
}

const hasFiles = (e: DragEvent | React.DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');

export function DropZone({ onFiles, label, inputLabel, title, hint, phoneTitle, phoneHint, accept, compact, anywhere, disabled }: Props) {
  const phone = usePhone();
  const shownHint = phone && phoneHint ? phoneHint : hint;
  const picker = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const handler = useRef(onFiles);
  handler.current = onFiles;

  useEffect(() => {
    if (!anywhere || disabled) return;
    // Files dropped on the page outside the zone land here too (and the browser does not open them instead).
    const dragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(true);
    };
    const dragLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length) handler.current(files);
    };
    document.addEventListener('dragover', dragOver);
    document.addEventListener('dragleave', dragLeave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragover', dragOver);
      document.removeEventListener('dragleave', dragLeave);
      document.removeEventListener('drop', drop);
    };
  }, [anywhere, disabled]);

  return (
    <div
      className={`dropzone${compact ? ' compact' : ''}${over ? ' over' : ''}`}
      role="button"
      tabIndex={disabled ? -1 : 0}
      aria-disabled={disabled || undefined}
      aria-label={label}
      onClick={() => !disabled && picker.current?.click()}
      onKeyDown={(e) => {
        if (disabled || (e.key !== 'Enter' && e.key !== ' ')) return;
        e.preventDefault();
        picker.current?.click();
      }}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        // The page-wide listener (anywhere) takes it otherwise: one drop, one upload.
        e.stopPropagation();
        e.nativeEvent.stopImmediatePropagation();
        setOver(false);
        if (!disabled && e.dataTransfer.files.length) onFiles([...e.dataTransfer.files]);
      }}
    >
      <strong>{phone && phoneTitle ? phoneTitle : title}</strong>
      {shownHint && <span className="muted">{shownHint}</span>}
      <input
        ref={picker}
        type="file"
        accept={accept}
        multiple
        hidden
        aria-label={inputLabel}
        onClick={(e) => e.stopPropagation()}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </div>
  );
}
