/**
 * "Discard …? What you typed will be lost.": what a form with typed text asks before an Escape or a stray click
 * throws it away (Keep editing, focused / Discard; asked again, it discards). One mechanism for the new-record
 * form, the Tasks screen's new task and the timeline's edit form.
 */
import { useEffect, useRef, useState } from 'react';

export interface DiscardGuard {
  /** The question is showing. */
  asking: boolean;
  /** Close if nothing was typed (or the question was already asked), else ask. */
  requestClose: () => void;
  /** Back to the form: the question goes (typing again does this too). */
  keepEditing: () => void;
  /** Close at once, whatever was typed. */
  discard: () => void;
}

/**
 * `draft`: the form's state (a new object on every change); `dirty`: it holds something its person typed; `busy`: it
 * is saving, and nothing closes it meanwhile.
 */
export function useDiscardGuard(draft: unknown, dirty: boolean, close: () => void, busy = false): DiscardGuard {
  const [asking, setAsking] = useState(false);
  // A change to the form after the question answers it: they are editing again.
  useEffect(() => setAsking(false), [draft]);
  return {
    asking,
    requestClose: () => {
      if (busy) return;
      if (dirty && !asking) setAsking(true);
      else close();
    },
    keepEditing: () => setAsking(false),
    discard: close,
  };
}

interface Props {
  guard: DiscardGuard;
  /** "Discard this new task?" */
  question: string;
  /** What "Keep editing" puts focus back into. */
  focusBack?: () => void;
  id: string;
}

/** The question, shown while `guard.asking`; its "Keep editing" takes focus, so Enter keeps and a second Escape discards. */
export function DiscardPrompt({ guard, question, focusBack, id }: Props) {
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (guard.asking) keepRef.current?.focus();
  }, [guard.asking]);
  if (!guard.asking) return null;
  return (
    <div className="discard-prompt" role="alertdialog" aria-label="Discard this form" aria-describedby={id}>
      <span id={id}>{question} What you typed will be lost.</span>
      <button
        ref={keepRef}
        type="button"
        className="button"
        onClick={() => {
          guard.keepEditing();
          focusBack?.();
        }}
      >
        Keep editing
      </button>
      <button type="button" className="button danger" onClick={guard.discard}>
        Discard
      </button>
    </div>
  );
}
