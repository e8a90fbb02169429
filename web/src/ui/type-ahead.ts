/**
 * Typing that goes on while a form is on its way. "new contact" + Enter in the command bar closes the bar and opens
 * the form a moment later (a route change, a lookup of "for Apex Goods"): letters typed in between went to the page
 * behind — or into the list's search box the bar handed focus back to. From Enter on, printable keys are held here
 * and the form puts them into its first field when it opens.
 */
let held: string | null = null;
let stop: (() => void) | null = null;

/** Starts holding keys (Backspace takes the last one back); stops on `take()` or after `ms` with nothing taking them. */
export function holdTyping(ms = 5000): void {
  stop?.();
  held = '';
  const onKey = (e: KeyboardEvent) => {
    if (held === null || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (e.key.length === 1) held += e.key;
    else if (e.key === 'Backspace') held = held.slice(0, -1);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  // A click means the person has moved on (or no form came: a read-only member): stop holding.
  const onPointer = () => stop?.();
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('pointerdown', onPointer, true);
  const timer = setTimeout(() => stop?.(), ms);
  stop = () => {
    window.removeEventListener('keydown', onKey, true);
    window.removeEventListener('pointerdown', onPointer, true);
    clearTimeout(timer);
    held = null;
    stop = null;
  };
}

/** The keys held so far ('' when none), and no more holding. */
export function takeTyping(): string {
  const text = held ?? '';
  stop?.();
  return text;
}

/** Whether keys are being held now (a form opening checks this to know whether the bar sent it). */
export const holdingTyping = () => held !== null;
