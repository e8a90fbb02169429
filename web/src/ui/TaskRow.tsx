/**
 * One task in a list (Home, Tasks): a checkbox that completes or reopens it, its subject, when it is due and the
 * record it is about. The row stays where it is when ticked (struck through) so nothing moves under the hand.
 */
import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useRecordNames } from '../api/hooks';
import type { CrmRecord } from '../api/types';
import { formatDue } from './when';

/** What a task row reads: an activity with the names of what it is about (Home's items come named). */
export interface TaskItem {
  id: string;
  subject?: unknown;
  due_at?: unknown;
  contact_id?: unknown;
  deal_id?: unknown;
  company_id?: unknown;
  contact_name?: string | null;
  deal_name?: string | null;
  company_name?: string | null;
}

/** Activities with the names of the contact, deal and company they are about (the list API gives ids only). */
export function useTaskNames(rows: CrmRecord[] | undefined): (CrmRecord & TaskItem)[] {
  const list = rows ?? [];
  const contacts = useRecordNames('contact', list.map((t) => t.contact_id as string));
  const deals = useRecordNames('deal', list.map((t) => t.deal_id as string));
  const companies = useRecordNames('company', list.map((t) => t.company_id as string));
  return useMemo(
    () =>
      (rows ?? []).map((t) => ({
        ...t,
        contact_name: contacts.get(t.contact_id as string) ?? null,
        deal_name: deals.get(t.deal_id as string) ?? null,
        company_name: companies.get(t.company_id as string) ?? null,
      })),
    [rows, contacts, deals, companies],
  );
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

/** Where an activity lives: its contact, else its deal, else its company. */
export function taskHome(a: TaskItem): { to: string; name: string } | null {
  if (str(a.contact_id)) return { to: `/contacts/${encodeURIComponent(a.contact_id as string)}`, name: a.contact_name ?? 'a contact' };
  if (str(a.deal_id)) return { to: `/deals/${encodeURIComponent(a.deal_id as string)}`, name: a.deal_name ?? 'a deal' };
  if (str(a.company_id)) return { to: `/companies/${encodeURIComponent(a.company_id as string)}`, name: a.company_name ?? 'a company' };
  return null;
}

export function TaskRow({ task, overdue, onToggle, canWrite, done, extra, children }: { task: TaskItem; overdue: boolean; onToggle: () => void; canWrite: boolean; done: boolean; extra?: ReactNode; children?: ReactNode }) {
  const subject = str(task.subject) ?? '(no subject)';
  const where = taskHome(task);
  return (
    <li className={`home-task${overdue ? ' overdue' : ''}${done ? ' done' : ''}`} data-activity-id={task.id}>
      <input type="checkbox" checked={done} disabled={!canWrite} aria-label={done ? `Reopen task: ${subject}` : `Complete task: ${subject}`} onChange={onToggle} />
      <div className="home-task-body">
        <span className="home-task-subject">{subject}</span>
        <span className="home-task-meta">
          {typeof task.due_at === 'string' ? (
            <time className={overdue ? 'due overdue' : 'due'} dateTime={task.due_at}>
              {formatDue(task.due_at)}
            </time>
          ) : (
            <span className="due">No due date</span>
          )}
          {where && (
            <>
              {' · '}
              <Link to={where.to}>{where.name}</Link>
            </>
          )}
          {extra}
        </span>
        {children}
      </div>
    </li>
  );
}
