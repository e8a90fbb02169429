/**
 * The command bar (/ or Ctrl-K): type to jump to a screen, or ask in plain words ("open deals over $50k in
 * fintech") — Enter sends it to POST /api/query; arrows move through the answers, Enter opens one.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ENTITIES, recordTitle, type EntityName } from '../../api/entities';
import { listRecords, naturalQuery } from '../../api/endpoints';
import type { CrmRecord } from '../../api/types';
import { errorMessage } from '../../api/http';
import { NAV_ITEMS } from '../shell/nav-items';
import { QueryAnswerView } from './QueryAnswerView';

/* ── create and find (issue 15, part A) ── */
/** "new contact", "create deal for Apex Goods", "add company": what to create, and the company or contact it is for. */
export function parseCreateCommand(text: string): { entity: EntityName; target?: string } | null {
  const m = /^(?:new|create|add)\s+(?:an?\s+)?(contact|person|people|company|companies|organi[sz]ation|deal|opportunity)s?(?:\s+(?:for|at|with|to)\s+(.+))?$/i.exec(text.trim());
  if (!m) return null;
  const word = m[1]!.toLowerCase();
  const entity: EntityName = word.startsWith('comp') || word.startsWith('organ') ? 'company' : word === 'deal' || word === 'opportunity' ? 'deal' : 'contact';
  return { entity, target: m[2]?.trim() || undefined };
}

/** Records whose name, e-mail, phone or domain match what is typed: people first, then companies. */
function useRecordMatches(text: string, enabled: boolean) {
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 150);
    return () => clearTimeout(t);
  }, [text]);
  return useQuery({
    queryKey: ['command-matches', q],
    enabled: enabled && q.length >= 2,
    staleTime: 10_000,
    queryFn: async ({ signal }) => {
      const [people, companies] = await Promise.all([
        listRecords('contacts', { q, limit: 5, total: false }, signal),
        listRecords('companies', { q, limit: 3, total: false }, signal),
      ]);
      return [...people.data.map((r) => ({ entity: 'contact' as const, r })), ...companies.data.map((r) => ({ entity: 'company' as const, r }))];
    },
  });
}

function matchDetail(entity: EntityName, r: CrmRecord): string {
  const s = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
  return entity === 'contact' ? [s('email'), s('phone')].filter(Boolean).join(' · ') : s('domain');
}

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
  const create = answer ? null : parseCreateCommand(text);
  const matchQuery = useRecordMatches(text, !answer && !create);
  const matches = answer || create || text.trim().length < 2 ? [] : (matchQuery.data ?? []);
  const jumps = answer ? [] : NAV_ITEMS.filter((n) => text.trim() === '' || n.label.toLowerCase().startsWith(text.trim().toLowerCase()));
  const results = answer && !(answer.intent === 'aggregate') ? answer.results : [];
  // The list, in order: the create command, matching records, screens.
  const offset = create ? 1 : 0;
  const count = answer ? results.length : offset + matches.length + jumps.length;

  const go = (path: string) => {
    onClose();
    navigate(path);
  };
  const openMatch = (m: { entity: EntityName; r: CrmRecord }) => go(`/${ENTITIES[m.entity].plural}/${encodeURIComponent(m.r.id)}`);
  /** Opens the new-record form on its list; "for Apex Goods" picks the best-matching company (or contact), else searches for it in the picker. */
  const runCreate = async (c: { entity: EntityName; target?: string }) => {
    const params = new URLSearchParams({ new: '1' });
    if (c.target && c.entity !== 'company') {
      const field = 'company_id';
      const [companies, people] = await Promise.all([
        listRecords('companies', { q: c.target, limit: 1, total: false }).catch(() => null),
        c.entity === 'deal' ? listRecords('contacts', { q: c.target, limit: 1, total: false }).catch(() => null) : Promise.resolve(null),
      ]);
      const company = companies?.data[0];
      const person = people?.data[0];
      if (company) params.set(`new.${field}`, company.id);
      else if (person) {
        params.set('new.contact_id', person.id);
        if (typeof person.company_id === 'string') params.set('new.company_id', person.company_id);
      } else params.set(`find.${field}`, c.target);
    } else if (c.target && c.entity === 'company') params.set('new.name', c.target);
    go(`/${ENTITIES[c.entity].plural}?${params.toString()}`);
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
      const at = highlighted < 0 ? 0 : highlighted;
      if (highlighted >= 0 && answer && results[highlighted]) go(`/${ENTITIES[answer.entity].plural}/${encodeURIComponent(results[highlighted]!.id)}`);
      else if (!answer && create && at === 0) void runCreate(create);
      else if (!answer && matches[at - offset] && (highlighted >= 0 || matches.length > 0)) openMatch(matches[at - offset]!);
      else if (highlighted >= 0 && jumps[highlighted - offset - matches.length]) go(jumps[highlighted - offset - matches.length]!.to);
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
            placeholder="Find a person or company, “new contact”, ask anything — or jump to a screen"
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
              {create && (
                <ul className="command-list" role="listbox" aria-label="Create">
                  <li role="option" aria-selected={highlighted <= 0} className={highlighted <= 0 ? 'highlighted' : ''} onMouseDown={() => void runCreate(create)}>
                    <span>
                      Create a new {ENTITIES[create.entity].label.toLowerCase()}
                      {create.target ? ` for “${create.target}”` : ''}
                    </span>
                    <kbd>Enter</kbd>
                  </li>
                </ul>
              )}
              {matches.length > 0 && (
                <ul className="command-list" role="listbox" aria-label="Records">
                  {matches.map((m, i) => {
                    const n = offset + i;
                    const on = n === highlighted || (highlighted < 0 && i === 0);
                    return (
                      <li key={m.r.id} role="option" aria-selected={on} className={on ? 'highlighted' : ''} onMouseDown={() => openMatch(m)}>
                        <span>
                          {recordTitle(ENTITIES[m.entity], m.r)} <span className="muted small">{matchDetail(m.entity, m.r)}</span>
                        </span>
                        <span className="muted small">{ENTITIES[m.entity].label}</span>
                      </li>
                    );
                  })}
                </ul>
              )}
              {jumps.length > 0 && (
                <ul className="command-list" role="listbox" aria-label="Go to">
                  {jumps.map((j, i) => {
                    const n = offset + matches.length + i;
                    return (
                    <li key={j.to} role="option" aria-selected={n === highlighted} className={n === highlighted ? 'highlighted' : ''} onMouseDown={() => go(j.to)}>
                      Go to {j.label}
                      <kbd>{j.key}</kbd>
                    </li>
                    );
                  })}
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
                <p className="muted small">{create ? 'Press Enter to create.' : matches.length > 0 ? 'Enter opens the first record; ↓ to choose, or keep typing to ask in words.' : 'Press Enter to ask.'}</p>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}
