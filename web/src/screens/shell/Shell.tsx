/** The frame around every screen: left navigation, the command bar and its shortcuts (/ or Ctrl-K; g then a letter). */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { CommandBar } from '../command/CommandBar';
import { useCan } from '../auth/session';
import { NAV_ITEMS, WRITE_ONLY_SCREENS } from './nav-items';
import { UserMenu, WorkspaceSwitcher } from './UserMenu';

const typingIn = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function Shell({ children }: { children: ReactNode }) {
  const [commandOpen, setCommandOpen] = useState(false);
  const navigate = useNavigate();
  const pendingG = useRef(0);
  const can = useCan();
  const navItems = NAV_ITEMS.filter((n) => can.write || !WRITE_ONLY_SCREENS.has(n.to));

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
        const item = NAV_ITEMS.find((n) => n.key === e.key);
        pendingG.current = 0;
        if (item) navigate(item.to);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
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
              <NavLink to={n.to} className={({ isActive }) => (isActive ? 'active' : '')} title={`g then ${n.key}`}>
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
      {commandOpen && <CommandBar onClose={() => setCommandOpen(false)} />}
    </div>
  );
}
