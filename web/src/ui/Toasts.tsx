/** Toasts: errors show the server's message; successes confirm what changed, and may offer to take it back (Undo). */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { errorMessage } from '../api/http';

type Kind = 'error' | 'success' | 'info';
/** A button in the toast: clicking it runs `run` and closes the toast. */
export interface ToastAction {
  label: string;
  run: () => void;
}
interface Toast {
  id: number;
  kind: Kind;
  message: string;
  action?: ToastAction;
}
interface ToastApi {
  show: (message: string, kind?: Kind, action?: ToastAction) => void;
  error: (e: unknown) => void;
}

const ToastContext = createContext<ToastApi | null>(null);
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (message: string, kind: Kind = 'info', action?: ToastAction) => {
      const id = nextId++;
      setToasts((ts) => [...ts.slice(-3), { id, kind, message, action }]);
      // A toast with a button stays longer: reading it and reaching for the button takes more than a glance.
      setTimeout(() => dismiss(id), kind === 'error' ? 8000 : action ? 6000 : 4000);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(() => ({ show, error: (e) => show(errorMessage(e), 'error') }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
            <span>{t.message}</span>
            {t.action && (
              <button
                type="button"
                className="toast-action"
                onClick={() => {
                  dismiss(t.id);
                  t.action!.run();
                }}
              >
                {t.action.label}
              </button>
            )}
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast outside ToastProvider');
  return ctx;
}
