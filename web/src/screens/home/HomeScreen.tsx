/**
 * Home (`/`): what needs me today — my open tasks (overdue, today, this week, no date) completed with one click, my open
 * deals closing within 14 days or overdue, those gone quiet (idle) — and what happened lately in the workspace (GET /api/home).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { listRecords, patchRecord } from '../../api/endpoints';
import { followUpKeys, homeKey, useHome, useUndatedTasks, type Home, type HomeItem, type HomeScope } from '../../api/follow-up';
import { keys } from '../../api/hooks';
import { recommendationOf } from '../../api/nba';
import { NextActionCard, OutcomeQuestion } from '../../ui/NextActionCard';
import { activityTypeIcon, formatDate, formatDateTime, formatMoney, stageLabel } from '../../ui/format';
import { loadingOrError } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { TaskRow, taskHome as homeOf, useTaskNames } from '../../ui/TaskRow';
import { nowIso } from '../../ui/when';
import { useCan, useSessionApi } from '../auth/session';
import { outcomeLabel } from '../record/ActivityComposer';
import { IdleDeals } from './IdleDeals';

const str = (v: unknown) => (typeof v === 'string' ? v : null);

function TaskGroup({ title, tasks, overdue, emptyText, done, onToggle, canWrite, below }: { title: string; tasks: HomeItem[]; overdue?: boolean; emptyText: string; done: Set<string>; onToggle: (t: HomeItem) => void; canWrite: boolean; below?: (t: HomeItem) => ReactNode }) {
  return (
    <div className="home-group">
      <h3>
        {title} <span className="count">{tasks.length - tasks.filter((t) => done.has(t.id)).length}</span>
      </h3>
      {tasks.length === 0 ? (
        <p className="muted small">{emptyText}</p>
      ) : (
        <ul className="home-tasks">
          {tasks.map((t) => (
            <TaskRow key={t.id} task={t} overdue={!!overdue && !done.has(t.id)} done={done.has(t.id)} canWrite={canWrite} onToggle={() => onToggle(t)}>
              {below?.(t)}
            </TaskRow>
          ))}
        </ul>
      )}
    </div>
  );
}

function DealRow({ deal, overdue }: { deal: HomeItem; overdue: boolean }) {
  return (
    <li className="home-deal">
      <Link to={`/deals/${encodeURIComponent(deal.id)}`}>{str(deal.name) ?? deal.id}</Link>
      <span className="muted small">
        {deal.company_name ? `${deal.company_name} · ` : ''}
        <span className={`badge badge-${String(deal.stage)}`}>{stageLabel(String(deal.stage))}</span>
      </span>
      <span className="home-deal-amount">{typeof deal.amount === 'number' ? formatMoney(deal.amount, true, deal.currency) : '—'}</span>
      <span className={overdue ? 'due overdue' : 'due'}>{overdue ? 'was due ' : 'closes '}{formatDate(String(deal.expected_close))}</span>
    </li>
  );
}

/** At most this many deals in "closing soon": everyone's can be a hundred overdue ones; the rest are one link away. */
const MAX_HOME_DEALS = 10;

/** At most this many suggestions on Home: each is one request (and one logged recommendation). */
const MAX_SUGGESTIONS = 4;

/** The contacts of my open tasks (those on the screen), then of recent activity (mine when signed in), each once, at most MAX_SUGGESTIONS. */
function suggestedContacts(tasks: HomeItem[], recent: HomeItem[], me: string | null): { id: string; name: string }[] {
  const out = new Map<string, string>();
  // Tasks ticked during this visit stay in: the cards do not move under the person's hand.
  for (const a of [...tasks, ...recent.filter((r) => !me || r.owner === me)]) {
    const id = str(a.contact_id);
    if (id && !out.has(id)) out.set(id, a.contact_name ?? id);
    if (out.size >= MAX_SUGGESTIONS) break;
  }
  return [...out].map(([id, name]) => ({ id, name }));
}

/** Tasks ticked on this screen stay listed (struck through, reopenable) until the next visit. */
function useTaskToggle(scope: HomeScope) {
  const qc = useQueryClient();
  const homeKeyNow = homeKey(scope);
  const toast = useToast();
  const toggle = useMutation({
    mutationFn: ({ task, complete }: { task: HomeItem; complete: boolean }) => patchRecord('activities', task.id, { completed_at: complete ? nowIso() : null }),
    onMutate: ({ task, complete }) => {
      const before = qc.getQueryData<Home>(homeKeyNow);
      const beforeUndated = qc.getQueriesData<HomeItem[]>({ queryKey: followUpKeys.undatedTasks });
      qc.setQueryData<Home>(homeKeyNow, (h) => h && { ...h, tasks: { overdue: markDone(h.tasks.overdue, task.id, complete), today: markDone(h.tasks.today, task.id, complete), this_week: markDone(h.tasks.this_week, task.id, complete) } });
      qc.setQueriesData<HomeItem[]>({ queryKey: followUpKeys.undatedTasks }, (xs) => xs && markDone(xs, task.id, complete));
      return { before, beforeUndated };
    },
    onError: (e, _v, ctx) => {
      if (ctx?.before) qc.setQueryData(homeKeyNow, ctx.before);
      for (const [key, rows] of ctx?.beforeUndated ?? []) qc.setQueryData(key, rows);
      toast.error(e);
    },
    onSuccess: (saved, { task, complete }) => {
      toast.show(complete ? 'Task done' : 'Task reopened', 'success', complete ? { label: 'Undo', run: () => toggle.mutate({ task, complete: false }) } : undefined);
      // The other scope's figures hold the same task: asked again when shown.
      void qc.invalidateQueries({ queryKey: followUpKeys.home, predicate: (q) => q.queryKey.join('/') !== homeKeyNow.join('/'), refetchType: 'none' });
      for (const [field, plural] of [['contact_id', 'contacts'], ['company_id', 'companies'], ['deal_id', 'deals']] as const)
        if (typeof saved[field] === 'string') void qc.invalidateQueries({ queryKey: keys.timeline(plural, saved[field] as string) });
    },
  });
  return toggle;
}

/** The last day "closing soon" covers: 14 days after the caller's today (as GET /api/home counts). */
const closingBy = (dayStart: string) => new Date(new Date(dayStart).getTime() + 14 * 86_400_000 + 43_200_000).toISOString().slice(0, 10);

const markDone = (xs: HomeItem[], id: string, complete: boolean): HomeItem[] => xs.map((t) => (t.id === id ? { ...t, completed_at: complete ? nowIso() : null } : t));

/** Tasks without a due date, with the names of what they are about (Home's own lists come named). */
function useUndatedTasksNamed(mine: boolean | undefined): HomeItem[] {
  return useTaskNames(useUndatedTasks(mine).data) as HomeItem[];
}

/** True when the workspace holds no contact, company or deal: Home then says how to begin instead of showing empty lists only. */
function useWorkspaceEmpty(): boolean {
  const probe = useQuery({
    queryKey: ['workspace-empty'],
    queryFn: async ({ signal }) => {
      const pages = await Promise.all(['contacts', 'companies', 'deals'].map((p) => listRecords(p, { limit: 1, total: false }, signal)));
      return pages.every((page) => page.data.length === 0);
    },
    staleTime: 30_000,
  });
  return probe.data === true;
}

/** The first steps in an empty workspace, each one click away. */
function GetStarted({ canWrite, isAdmin }: { canWrite: boolean; isAdmin: boolean }) {
  return (
    <section className="dash-card home-card wide get-started" aria-labelledby="home-start-title">
      <h2 id="home-start-title">Get started</h2>
      <p className="muted small">This workspace is empty. Bring in what you have, or start by hand:</p>
      <ol className="get-started-steps">
        {canWrite && (
          <li>
            <Link to="/import">Import a spreadsheet</Link> <span className="muted small">— contacts, companies, deals and activities from CSV files (other CRMs' exports work).</span>
          </li>
        )}
        {canWrite && (
          <li>
            <Link to="/inbox">Drop e-mails, business cards and documents in the Inbox</Link> <span className="muted small">— they become activities on the right people, and new contacts.</span>
          </li>
        )}
        {canWrite && (
          <li>
            Add a <Link to="/contacts?new=1">contact</Link>, a <Link to="/companies?new=1">company</Link> or a <Link to="/deals?new=1">deal</Link>.
          </li>
        )}
        {isAdmin && (
          <li>
            <Link to="/settings/users">Invite your team</Link> <span className="muted small">— each member signs in with their own account and role.</span>
          </li>
        )}
        {!canWrite && <li>Nothing has been added yet; ask a member who may edit to import your data.</li>}
      </ol>
    </section>
  );
}

const SCOPE_KEY = 'hololoom.home.scope';
const readScope = (): HomeScope => {
  try {
    return localStorage.getItem(SCOPE_KEY) === 'everyone' ? 'everyone' : 'mine';
  } catch {
    return 'mine';
  }
};

/** "Mine / Everyone's": a member who owns nothing yet (a new team, imported data without owners) sees the workspace's. */
function ScopeSwitch({ scope, onChange }: { scope: HomeScope; onChange: (s: HomeScope) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Whose tasks and deals">
      {(['mine', 'everyone'] as const).map((s) => (
        <label key={s} className={scope === s ? 'on' : ''}>
          <input type="radio" name="home-scope" checked={scope === s} onChange={() => onChange(s)} />
          {s === 'mine' ? 'Mine' : 'Everyone\u2019s'}
        </label>
      ))}
    </div>
  );
}

export function HomeScreen() {
  const [scope, setScopeState] = useState<HomeScope>(readScope);
  const setScope = (next: HomeScope) => {
    setScopeState(next);
    try {
      localStorage.setItem(SCOPE_KEY, next);
    } catch {
      /* private mode: the choice lasts for this visit */
    }
  };
  const home = useHome(scope);
  const empty = useWorkspaceEmpty();
  const can = useCan();
  const { status } = useSessionApi();
  const toggle = useTaskToggle(scope);
  // Everyone's when nobody is signed in (AUTH=off) or when asked for.
  const mine = home.data ? !!home.data.me && scope === 'mine' : undefined;
  const noDate = useUndatedTasksNamed(mine);
  /** Tasks made from a suggested next action, just completed here: task id → the recommendation to ask about. */
  const [askOutcome, setAskOutcome] = useState<ReadonlyMap<string, string>>(new Map());
  const setAsking = (taskId: string, recommendationId: string | null) =>
    setAskOutcome((m) => {
      const next = new Map(m);
      if (recommendationId) next.set(taskId, recommendationId);
      else next.delete(taskId);
      return next;
    });
  const name = status.state === 'signed-in' ? (status.session.user.name ?? '').split(' ')[0] : '';
  const hour = new Date().getHours();
  const greeting = hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';

  const state = loadingOrError(home, 'Loading your day…');
  if (state || !home.data) return state;
  const h = home.data;
  const all = [...h.tasks.overdue, ...h.tasks.today, ...h.tasks.this_week, ...noDate];
  const done = new Set(all.filter((t) => typeof t.completed_at === 'string').map((t) => t.id));
  const onToggle = (t: HomeItem) => toggle.mutate({ task: t, complete: !done.has(t.id) }, { onSuccess: (saved) => setAsking(t.id, saved.completed_at ? recommendationOf(saved) : null) });
  const outcomeOf = (t: HomeItem) => {
    const recommendationId = askOutcome.get(t.id);
    return recommendationId ? <OutcomeQuestion recommendationId={recommendationId} contactId={str(t.contact_id)} onAnswered={() => setAsking(t.id, null)} /> : null;
  };
  const suggestFor = suggestedContacts(all, h.recent, mine ? h.me : null);
  const my = mine ? 'My ' : '';
  const seeEveryone = mine ? (
    <button type="button" className="link-button home-everyone" onClick={() => setScope('everyone')}>
      Show everyone’s
    </button>
  ) : null;
  const noTasks = all.length === 0;
  const deals = [...h.deals.overdue, ...h.deals.closing_soon];

  return (
    <section className="screen home-screen" aria-labelledby="home-title">
      <header className="screen-header">
        <div>
          <h1 id="home-title">{name && h.me ? `${greeting}, ${name}` : 'Home'}</h1>
          <span className="muted small">{!h.me ? 'Everyone\u2019s tasks and deals (no sign-in)' : mine ? 'Your tasks and deals' : 'Everyone\u2019s tasks and deals'}</span>
        </div>
        {h.me && <ScopeSwitch scope={scope} onChange={setScope} />}
      </header>
      <div className="home-grid">
        {empty && <GetStarted canWrite={can.write} isAdmin={can.admin} />}
        <section className="dash-card home-card" aria-labelledby="home-tasks-title">
          <h2 id="home-tasks-title">{mine ? 'My tasks' : 'Open tasks'}</h2>
          {noTasks ? (
            <div className="home-empty">
              <strong>{mine ? 'No tasks of yours — add one from any record.' : 'No open tasks — add one from any record.'}</strong>
              <span className="muted small">
                Open a <Link to="/contacts">contact</Link>, <Link to="/companies">company</Link> or <Link to="/deals">deal</Link> and choose “task” in its timeline, or use{' '}
                <Link to="/tasks">Tasks</Link>. {seeEveryone}
              </span>
            </div>
          ) : (
            <>
              {h.tasks.overdue.length > 0 && <TaskGroup title="Overdue" overdue tasks={h.tasks.overdue} emptyText="" done={done} onToggle={onToggle} canWrite={can.write} below={outcomeOf} />}
              <TaskGroup title="Today" tasks={h.tasks.today} emptyText="Nothing else due today." done={done} onToggle={onToggle} canWrite={can.write} below={outcomeOf} />
              <TaskGroup title="This week" tasks={h.tasks.this_week} emptyText="Nothing due later this week." done={done} onToggle={onToggle} canWrite={can.write} below={outcomeOf} />
              {noDate.length > 0 && <TaskGroup title="No date" tasks={noDate} emptyText="" done={done} onToggle={onToggle} canWrite={can.write} below={outcomeOf} />}
            </>
          )}
        </section>
        <section className="dash-card home-card" aria-labelledby="home-deals-title">
          <h2 id="home-deals-title">{my ? 'My deals closing soon' : 'Deals closing soon'}</h2>
          {deals.length === 0 ? (
            <div className="home-empty">
              <strong>{mine ? 'None of your open deals closes in the next 14 days.' : 'No open deal closes in the next 14 days.'}</strong>
              <span className="muted small">
                {mine ? 'Deals you own (Owner on the deal) with an expected close date show here. ' : 'Open deals with an expected close date show here. '}
                <Link to="/pipeline">Open the pipeline</Link> {seeEveryone}
              </span>
            </div>
          ) : (
            <>
              <ul className="home-deals">
                {deals.slice(0, MAX_HOME_DEALS).map((d, i) => (
                  <DealRow key={d.id} deal={d} overdue={i < h.deals.overdue.length} />
                ))}
              </ul>
              {deals.length > MAX_HOME_DEALS && (
                <p className="home-more small">
                  <Link to={`/deals?${new URLSearchParams({ 'stage[nin]': 'closed_won,closed_lost', 'expected_close[lte]': closingBy(h.day_start), ...(mine ? { owner: 'me' } : {}), sort: 'expected_close' })}`}>
                    {/* GET /api/home answers 100 deals at most: past that, no count that would be wrong. */}
                    {deals.length >= 100 ? 'All of them in the deals list' : `${deals.length - MAX_HOME_DEALS} more in the deals list`}
                  </Link>
                </p>
              )}
            </>
          )}
        </section>
        <IdleDeals mine={!!mine} />
        {suggestFor.length > 0 && (
          <section className="dash-card home-card wide" aria-labelledby="home-nba-title">
            <h2 id="home-nba-title">Suggested next actions</h2>
            <p className="muted small">For the people in {mine ? 'your' : 'the'} open tasks and recent activity.</p>
            <div className="nba-home-list">
              {suggestFor.map((c) => (
                <NextActionCard key={c.id} contact={c} compact />
              ))}
            </div>
          </section>
        )}
        <section className="dash-card home-card wide" aria-labelledby="home-recent-title">
          <h2 id="home-recent-title">Recent activity</h2>
          {h.recent.length === 0 ? (
            <div className="home-empty">
              <strong>Nothing logged yet.</strong>
              <span className="muted small">Calls, e-mails, meetings and notes logged on any record show here.</span>
            </div>
          ) : (
            <ul className="home-recent">
              {h.recent.map((a) => {
                const where = homeOf(a);
                return (
                  <li key={a.id}>
                    <span className="tl-icon" aria-hidden="true">
                      {activityTypeIcon(String(a.type))}
                    </span>
                    <span className="home-recent-text">
                      <strong>{str(a.subject) || String(a.type)}</strong>
                      {where && (
                        <>
                          {' · '}
                          <Link to={where.to}>{where.name}</Link>
                        </>
                      )}
                      {typeof a.outcome === 'string' && <span className="badge">{outcomeLabel(a.outcome)}</span>}
                    </span>
                    <time dateTime={String(a.occurred_at)}>{formatDateTime(String(a.occurred_at))}</time>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </div>
    </section>
  );
}

export default HomeScreen;
