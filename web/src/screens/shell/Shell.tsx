/**
 * The frame around every screen: left navigation, the command bar and its shortcuts (/ or Ctrl-K; g then a letter).
 * On a phone (≤ 640 px) the navigation is a drawer behind the menu button of a top bar that keeps the command bar
 * one tap away; it closes on navigation, on Escape and on a tap beside it.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ENTITIES } from '../../api/entities';
import { currencyKey, workspaceCurrency } from '../../api/endpoints';
import { followUpKeys } from '../../api/follow-up';
import { defaultCurrency, setDefaultCurrency } from '../../ui/format';
import { RecordForm } from '../../ui/RecordForm';
import { useToast } from '../../ui/Toasts';
import { CommandBar, type ActivityStart } from '../command/CommandBar';
import { useCan } from '../auth/session';
import { MORE_SHORTCUTS, NAV_ITEMS, WRITE_ONLY_SCREENS } from './nav-items';
import { UserMenu, WorkspaceSwitcher } from './UserMenu';

const typingIn = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function Shell({ children }: { children: ReactNode }) {
  const [commandOpen, setCommandOpen] = useState(false);
  const [navOpen, setNavOpen] = useState(false);
  // "log a call with …", "new task" from the command bar: activities have no list of their own to open the form on.
  const [activityStart, setActivityStart] = useState<ActivityStart | null>(null);
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const location = useLocation();
  const menuButton = useRef<HTMLButtonElement>(null);
  // A drawer closes once its link has been followed.
  useEffect(() => setNavOpen(false), [location.pathname]);
  useEffect(() => {
    if (!navOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setNavOpen(false);
      menuButton.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navOpen]);
  const pendingG = useRef(0);
  const can = useCan();
  const navItems = NAV_ITEMS.filter((n) => can.write || !WRITE_ONLY_SCREENS.has(n.to));
  // The workspace's currency, before the screens below render with it (sums, deals without their own, new deals).
  const currency = useQuery({ queryKey: currencyKey, queryFn: workspaceCurrency, staleTime: 5 * 60_000 });
  if (currency.data && currency.data !== defaultCurrency()) setDefaultCurrency(currency.data);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setCommandOpen((o) => !o);
        return;
      }
      if (typingIn(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/') {
        e.preventDefault();
        setCommandOpen(true);
      } else if (e.key === 'g') {
        pendingG.current = Date.now();
      } else if (Date.now() - pendingG.current < 1000) {
        const item = [...NAV_ITEMS, ...MORE_SHORTCUTS].find((n) => n.key === e.key);
        pendingG.current = 0;
        if (item) navigate(item.to);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  return (
    <div className={`shell ${navOpen ? 'nav-open' : ''}`}>
      <header className="phone-bar">
        <button ref={menuButton} type="button" className="menu-button" aria-label="Menu" aria-expanded={navOpen} aria-controls="main-nav" onClick={() => setNavOpen((o) => !o)}>
          <span aria-hidden="true">☰</span>
        </button>
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          HoloLoom
        </span>
        <button type="button" className="command-trigger phone-command" onClick={() => setCommandOpen(true)} aria-label="Ask or jump">
          <span aria-hidden="true">⌕</span> Ask…
        </button>
      </header>
      {navOpen && <div className="nav-backdrop" onClick={() => setNavOpen(false)} aria-hidden="true" />}
      <nav className="sidebar" id="main-nav" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          HoloLoom
        </div>
        <button type="button" className="command-trigger" onClick={() => setCommandOpen(true)} aria-keyshortcuts="/ Control+K">
          <span>Ask or jump…</span>
          <kbd>/</kbd>
        </button>
        <WorkspaceSwitcher />
        <ul>
          {navItems.map((n) => (
            <li key={n.to}>
              <NavLink to={n.to} end={n.to === '/'} className={({ isActive }) => (isActive ? 'active' : '')} title={`g then ${n.key}`}>
                {n.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <UserMenu />
          <a href="/api/docs">API docs</a>
        </div>
      </nav>
      <main className="main" id="main">
        {children}
      </main>
      {commandOpen && <CommandBar onClose={() => setCommandOpen(false)} onCreateActivity={setActivityStart} />}
      {activityStart && (
        <RecordForm
          entity="activity"
          initial={activityStart.initial}
          pickerQueries={activityStart.queries}
          onClose={() => setActivityStart(null)}
          onCreated={(a) => {
            // It shows on the timeline of what it was logged with: open that record.
            const home = (['contact_id', 'deal_id', 'company_id'] as const).find((k) => typeof a[k] === 'string');
            const what = String(a.type);
            toast.show(`${what[0]!.toUpperCase()}${what.slice(1)} saved`, 'success');
            void qc.invalidateQueries({ queryKey: ['timeline'] });
            void qc.invalidateQueries({ queryKey: followUpKeys.home });
            if (home) navigate(`/${ENTITIES[home === 'contact_id' ? 'contact' : home === 'deal_id' ? 'deal' : 'company'].plural}/${encodeURIComponent(a[home] as string)}`);
          }}
        />
      )}
      {/* A phone has no Escape key: a close button over the full-screen command bar (hidden on wider screens). */}
      {commandOpen && (
        <button type="button" className="command-close" aria-label="Close the command bar" onClick={() => setCommandOpen(false)}>
          ✕
        </button>
      )}
    </div>
  );
}
