/**
 * The command bar (/ or Ctrl-K): type to jump to a screen, or ask in plain words ("open deals over $50k in
 * fintech") — Enter sends it to POST /api/query; arrows move through the answers, Enter opens one.
 */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ENTITIES } from '../../api/entities';
import { naturalQuery } from '../../api/endpoints';
import { errorMessage } from '../../api/http';
import { NAV_ITEMS } from '../shell/nav-items';
import { QueryAnswerView } from './QueryAnswerView';

const EXAMPLES = ['open deals over $50k in fintech', 'CTOs in Germany', 'pipeline value by stage', 'contacts like Ravi Ziegler', 'how many deals were won this year?'];

export function CommandBar({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [highlighted, setHighlighted] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const ask = useMutation({ mutationFn: (t: string) => naturalQuery(t, 50) });
  useEffect(() => {
    // Focus goes back where it was when the bar closes.
    const before = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => before?.focus();
  }, []);

  const answer = ask.data;
  const jumps = answer ? [] : NAV_ITEMS.filter((n) => text.trim() === '' || n.label.toLowerCase().startsWith(text.trim().toLowerCase()));
  const results = answer && !(answer.intent === 'aggregate') ? answer.results : [];
  const count = answer ? results.length : jumps.length;

  const go = (path: string) => {
    onClose();
    navigate(path);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (count > 0) setHighlighted((h) => (e.key === 'ArrowDown' ? (h + 1) % count : (h - 1 + count) % count));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (highlighted >= 0 && answer && results[highlighted]) go(`/${ENTITIES[answer.entity].plural}/${encodeURIComponent(results[highlighted]!.id)}`);
      else if (highlighted >= 0 && jumps[highlighted]) go(jumps[highlighted]!.to);
      else if (text.trim()) {
        setHighlighted(-1);
        ask.mutate(text.trim());
      }
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="command-bar" role="dialog" aria-modal="true" aria-label="Command bar" onKeyDown={onKeyDown}>
        <div className="command-input-row">
          <span aria-hidden="true" className="command-icon">
            ⌕
          </span>
          <input
            ref={input}
            className="command-input"
            aria-label="Ask or jump to"
            placeholder="Ask anything — “top 5 deals most likely to win” — or jump to a screen"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setHighlighted(-1);
              if (ask.data || ask.error) ask.reset();
            }}
          />
          {ask.isPending && <span className="spinner" aria-label="Asking…" />}
        </div>
        <div className="command-body">
          {ask.isError ? (
            <p className="error-text" role="alert">
              {errorMessage(ask.error)}
            </p>
          ) : answer ? (
            <QueryAnswerView answer={answer} highlighted={highlighted} onOpen={onClose} />
          ) : (
            <>
              {jumps.length > 0 && (
                <ul className="command-list" role="listbox" aria-label="Go to">
                  {jumps.map((j, n) => (
                    <li key={j.to} role="option" aria-selected={n === highlighted} className={n === highlighted ? 'highlighted' : ''} onMouseDown={() => go(j.to)}>
                      Go to {j.label}
                      <kbd>{j.key}</kbd>
                    </li>
                  ))}
                </ul>
              )}
              {text.trim() === '' ? (
                <div className="examples">
                  <span className="muted small">Try:</span>
                  {EXAMPLES.map((ex) => (
                    <button
                      key={ex}
                      type="button"
                      className="chip chip-button"
                      onClick={() => {
                        setText(ex);
                        ask.mutate(ex);
                      }}
                    >
                      {ex}
                    </button>
                  ))}
                </div>
              ) : (
                <p className="muted small">Press Enter to ask.</p>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}
