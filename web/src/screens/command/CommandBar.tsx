/**
 * The command bar (/ or Ctrl-K): type to jump to a screen, or ask in plain words ("open deals over $50k in
 * fintech") — Enter sends it to POST /api/query; arrows move through the answers, Enter opens one.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ACTIVITY_TYPES, ENTITIES, recordTitle, type EntityName } from '../../api/entities';
import { listRecords, naturalQuery } from '../../api/endpoints';
import type { CrmRecord } from '../../api/types';
import { errorMessage } from '../../api/http';
import { NAV_ITEMS } from '../shell/nav-items';
import { QueryAnswerView } from './QueryAnswerView';
import { holdTyping } from '../../ui/type-ahead';

/* ── create and find (issue 15, part A) ── */
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export interface CreateCommand {
  entity: EntityName;
  /** Activities: which kind ("log a call" → call; "new activity" leaves the form's default). */
  type?: ActivityType;
  /** The company or contact it is for ("for Apex Goods", "with Ada Lovelace"). */
  target?: string;
}

const TARGET = String.raw`(?:\s+(?:for|at|with|to|on)\s+(.+))?`;
const RECORD_COMMAND = new RegExp(String.raw`^(?:new|create|add)\s+(?:an?\s+)?(contact|person|people|company|companies|organi[sz]ation|deal|opportunity)s?` + TARGET + '$', 'i');
const ACTIVITY_COMMAND = new RegExp(String.raw`^(?:(?:new|create|add)\s+(?:an?\s+)?(activity|task|call|meeting|note|e-?mail)|(?:log|record)\s+(?:an?\s+)?(activity|call|meeting|note|e-?mail|task))s?` + TARGET + '$', 'i');

/**
 * "new contact", "create deal for Apex Goods", "add company"; "new activity", "new task for Apex", "log a call
 * with Ada Lovelace": what to create, the kind of activity, and the company or contact it is for.
 */
export function parseCreateCommand(text: string): CreateCommand | null {
  const t = text.trim();
  const record = RECORD_COMMAND.exec(t);
  if (record) {
    const word = record[1]!.toLowerCase();
    const entity: EntityName = word.startsWith('comp') || word.startsWith('organ') ? 'company' : word === 'deal' || word === 'opportunity' ? 'deal' : 'contact';
    return { entity, target: record[2]?.trim() || undefined };
  }
  const activity = ACTIVITY_COMMAND.exec(t);
  if (!activity) return null;
  const word = (activity[1] ?? activity[2])!.toLowerCase().replace('-', '');
  return { entity: 'activity', type: word === 'activity' ? undefined : (word as ActivityType), target: activity[3]?.trim() || undefined };
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

function createLabel(c: CreateCommand): string {
  if (c.entity !== 'activity') return `Create a new ${ENTITIES[c.entity].label.toLowerCase()}${c.target ? ` for “${c.target}”` : ''}`;
  const what = c.type === 'task' ? 'a new task' : c.type ? `a ${c.type}` : 'a new activity';
  return `${c.type && c.type !== 'task' ? 'Log' : 'Create'} ${what}${c.target ? ` with “${c.target}”` : ''}`;
}

const EXAMPLES = ['open deals over $50k in fintech', 'CTOs in Germany', 'pipeline value by stage', 'contacts like Ravi Ziegler', 'how many deals were won this year?'];

/** A new activity's starting values and the text its pickers search for (the Shell opens the form). */
export interface ActivityStart {
  initial: Record<string, string>;
  queries: Record<string, string>;
}

export function CommandBar({ onClose, onCreateActivity }: { onClose: () => void; onCreateActivity: (start: ActivityStart) => void }) {
  const [text, setText] = useState('');
  const [highlighted, setHighlighted] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const ask = useMutation({
    mutationFn: (t: string) => naturalQuery(t, 50),
    // A name, domain or e-mail alone names one record: open it rather than list it.
    onSuccess: (a) => {
      if (a.intent === 'record' && a.record) go(`/${ENTITIES[a.record.entity].plural}/${encodeURIComponent(a.record.id)}`);
    },
  });
  useEffect(() => {
    // Focus goes back where it was when the bar closes — unless something the bar opened (a new-record form) has
    // taken it already: then typing goes on in that form's first field, not in the page behind it.
    const before = document.activeElement as HTMLElement | null;
    const bar = input.current?.closest('.command-bar') ?? null;
    input.current?.focus();
    return () => {
      const now = document.activeElement;
      const free = !now || now === document.body || (bar !== null && bar.contains(now));
      if (free && before?.isConnected) before.focus();
    };
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
  /**
   * Opens the new-record form prefilled: contacts, companies and deals on their list; activities where the bar
   * was opened (`onCreateActivity`). "for Apex Goods" picks the best-matching company (or contact), else the
   * picker searches for it.
   */
  const runCreate = async (c: CreateCommand) => {
    holdTyping(); // what is typed from here on goes into the form's first field, not the page behind it
    const initial: Record<string, string> = {};
    const find: Record<string, string> = {};
    if (c.entity === 'activity' && c.type) initial.type = c.type;
    if (c.target && c.entity === 'company') initial.name = c.target;
    else if (c.target) {
      // An activity is most often with a person: look for one first; a deal is for a company first.
      const [companies, people] = await Promise.all([
        listRecords('companies', { q: c.target, limit: 1, total: false }).catch(() => null),
        c.entity !== 'contact' ? listRecords('contacts', { q: c.target, limit: 1, total: false }).catch(() => null) : Promise.resolve(null),
      ]);
      const company = companies?.data[0];
      const person = people?.data[0];
      const usePerson = person && (c.entity === 'activity' || !company);
      if (usePerson) {
        initial.contact_id = person.id;
        if (typeof person.company_id === 'string') initial.company_id = person.company_id;
      } else if (company) initial.company_id = company.id;
      else find[c.entity === 'activity' ? 'contact_id' : 'company_id'] = c.target;
    }
    if (c.entity === 'activity') {
      onClose();
      onCreateActivity({ initial, queries: find });
      return;
    }
    const params = new URLSearchParams({ new: '1' });
    for (const [k, v] of Object.entries(initial)) params.set(`new.${k}`, v);
    for (const [k, v] of Object.entries(find)) params.set(`find.${k}`, v);
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
                      {createLabel(create)}
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
