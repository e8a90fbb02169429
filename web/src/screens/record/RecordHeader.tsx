/**
 * A record page's header: the name and what matters about the record (company and title, stage and amount,
 * domain and industry, owner), the ways to add what belongs to it (a deal, a contact, an activity), and a menu
 * for the rest — destructive actions such as erasing personal data live there, never as the main button.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { listUsers } from '../../api/auth';
import { ENTITIES, recordTitle, type EntityName, type ListPlural } from '../../api/entities';
import { deleteRecord, listRecords } from '../../api/endpoints';
import { followUpKeys } from '../../api/follow-up';
import { keys, useRecordNames } from '../../api/hooks';
import type { CrmRecord } from '../../api/types';
import { formatMoney, stageLabel } from '../../ui/format';
import { DealFlags } from '../../ui/DealFlags';
import { RecordForm } from '../../ui/RecordForm';
import { useToast } from '../../ui/Toasts';
import { usePopover } from '../../ui/usePopover';
import { useCan, useSession } from '../auth/session';
import { EraseContact } from './EraseContact';

/** What a record page offers to add, with the references the new record starts with. */
function additions(entity: EntityName, r: CrmRecord): { entity: EntityName; label: string; initial: Record<string, unknown> }[] {
  const ref = (k: string) => (typeof r[k] === 'string' ? { [k]: r[k] } : {});
  if (entity === 'company')
    return [
      { entity: 'contact', label: 'Contact', initial: { company_id: r.id } },
      { entity: 'deal', label: 'Deal', initial: { company_id: r.id } },
      { entity: 'activity', label: 'Activity', initial: { company_id: r.id } },
    ];
  if (entity === 'contact')
    return [
      { entity: 'deal', label: 'Deal', initial: { contact_id: r.id, ...ref('company_id') } },
      { entity: 'activity', label: 'Activity', initial: { contact_id: r.id, ...ref('company_id') } },
    ];
  if (entity === 'deal') return [{ entity: 'activity', label: 'Activity', initial: { deal_id: r.id, ...ref('company_id'), ...ref('contact_id') } }];
  return [];
}

function useOwnerName(owner: unknown): string | null {
  const session = useSession();
  const users = useQuery({ queryKey: ['users'], queryFn: listUsers, retry: false, staleTime: 60_000 });
  if (typeof owner !== 'string' || owner === '') return null;
  const m = users.data?.find((u) => u.id === owner || u.email === owner);
  if (m) return m.name || m.email;
  if (owner === session.user?.id) return session.user.name || session.user.email;
  // An owner written as a name or an e-mail (imports) reads as itself; an unknown member id is not shown.
  return /^usr?_/.test(owner) ? null : owner;
}

export function RecordHeader({ plural, entity, record: r }: { plural: ListPlural; entity: EntityName; record: CrmRecord }) {
  const def = ENTITIES[entity];
  const title = recordTitle(def, r);
  const can = useCan();
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const menu = usePopover();
  const [adding, setAdding] = useState<{ entity: EntityName; initial: Record<string, unknown> } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // A record just created (RecordForm navigates here with `created`) opens with focus on its title, as Attio's and
  // HubSpot's do: a screen reader reads its name, and Tab goes on to its facts and "+ Contact" / "+ Deal". The mark is
  // cleared so that Back or a reload does not move focus again.
  const location = useLocation();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const created = (location.state as { created?: boolean } | null)?.created === true;
  useEffect(() => {
    if (!created) return;
    titleRef.current?.focus();
    navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [created, r.id]); // eslint-disable-line react-hooks/exhaustive-deps
  // "+ Contact" / "+ Deal" / "+ Activity": when its form closes (added, cancelled or discarded) focus goes back to the
  // button that opened it — it fell to the page's body, and the next "+ Contact" took a trip from the top.
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (adding || !opener.current) return;
    const el = opener.current;
    opener.current = null;
    const a = document.activeElement;
    if (el.isConnected && (!a || a === document.body)) el.focus();
  }, [adding]);
  const companies = useRecordNames('company', [r.company_id as string]);
  const contacts = useRecordNames('contact', [r.contact_id as string]);
  const owner = useOwnerName(r.owner);
  // An open deal's Overdue / Idle flags, as the board and the lists show them (the server decides; the deal as a
  // one-row list with include=flags). Asked again when the deal changes (a stage move or a new close date).
  const flagged = useQuery({
    queryKey: ['deal-flags', r.id, r.stage, r.expected_close, r.updated_at],
    queryFn: async ({ signal }) => (await listRecords('deals', { id: r.id, include: 'flags', limit: 1, total: false }, signal)).data[0] ?? null,
    enabled: entity === 'deal' && !String(r.stage).startsWith('closed'),
    staleTime: 30_000,
  });
  const str = (k: string) => (typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : null);

  const facts: React.ReactNode[] = [];
  const link = (to: EntityName, id: string | null, names: Map<string, string>) =>
    id ? (
      <Link key={`${to}-${id}`} to={`/${ENTITIES[to].plural}/${encodeURIComponent(id)}`}>
        {names.get(id) ?? '…'}
      </Link>
    ) : null;
  if (entity === 'contact') {
    const job = str('title');
    const company = link('company', str('company_id'), companies);
    if (job && company) facts.push(<span key="job">{job} at {company}</span>);
    else if (job) facts.push(<span key="job">{job}</span>);
    else if (company) facts.push(<span key="co">{company}</span>);
    if (str('email')) facts.push(<a key="email" href={`mailto:${str('email')}`}>{str('email')}</a>);
    if (str('phone')) facts.push(<a key="phone" href={`tel:${str('phone')}`}>{str('phone')}</a>);
    if (str('lead_status')) facts.push(<span key="status" className="pill">{str('lead_status')}</span>);
  } else if (entity === 'company') {
    if (str('domain')) facts.push(<a key="domain" href={`https://${str('domain')}`} target="_blank" rel="noreferrer">{str('domain')}</a>);
    if (str('industry')) facts.push(<span key="industry">{str('industry')}</span>);
    const place = [str('city'), str('country')].filter(Boolean).join(', ');
    if (place) facts.push(<span key="place">{place}</span>);
  } else if (entity === 'deal') {
    facts.push(<span key="stage" className="pill">{stageLabel(String(r.stage))}</span>);
    if (flagged.data && Array.isArray(flagged.data.flags) && flagged.data.flags.length > 0) facts.push(<DealFlags key="flags" deal={flagged.data} />);
    if (typeof r.amount === 'number') facts.push(<span key="amount">{formatMoney(r.amount, false, r.currency)}</span>);
    const company = link('company', str('company_id'), companies);
    if (company) facts.push(company);
    const contact = link('contact', str('contact_id'), contacts);
    if (contact) facts.push(contact);
  }
  if (owner) facts.push(<span key="owner">Owner: {owner}</span>);

  const adds = can.write ? additions(entity, r) : [];
  // A deal or activity added on a company with exactly one contact starts with that contact (the Contacts panel
  // has already read the company's people: nothing is asked for here).
  const withOnlyContact = (child: EntityName, initial: Record<string, unknown>) => {
    if (entity !== 'company' || (child !== 'deal' && child !== 'activity')) return initial;
    const people = qc.getQueryData<{ data: CrmRecord[] }>(['related', plural, r.id, 'contacts']);
    return people?.data.length === 1 ? { ...initial, contact_id: people.data[0]!.id } : initial;
  };
  const hasMenu = can.write || (entity === 'contact' && can.admin);

  return (
    <header className="screen-header record-header">
      <div className="record-header-main">
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to={`/${plural}`}>{plural[0]!.toUpperCase() + plural.slice(1)}</Link> /
        </nav>
        <h1 id="record-title" ref={titleRef} tabIndex={-1}>
          {title}
        </h1>
        {facts.length > 0 && (
          <p className="record-facts" aria-label={`About this ${def.label.toLowerCase()}`}>
            {facts.map((f, i) => (
              <span key={i} className="record-fact">
                {f}
              </span>
            ))}
          </p>
        )}
      </div>
      <div className="header-actions">
        {adds.map((a) => (
          <button
            key={a.entity}
            type="button"
            className="button"
            onClick={(e) => {
              opener.current = e.currentTarget;
              setAdding({ entity: a.entity, initial: withOnlyContact(a.entity, a.initial) });
            }}
          >
            + {a.label}
          </button>
        ))}
        {hasMenu && (
          <div className="popover-anchor" ref={menu.ref}>
            <button type="button" className="button" aria-haspopup="menu" aria-expanded={menu.open} aria-label="More actions" onClick={() => menu.setOpen(!menu.open)}>
              ⋯
            </button>
            {menu.open && (
              <div className="popover actions-menu" role="menu" onKeyDown={(e) => e.key === 'Escape' && menu.setOpen(false)}>
                {can.write &&
                  (confirmDelete ? (
                    <button
                      type="button"
                      role="menuitem"
                      className="menu-item danger-text"
                      autoFocus
                      onClick={() =>
                        void deleteRecord(plural, r.id)
                          .then(() => {
                            toast.show(`Deleted ${title}`, 'success');
                            qc.removeQueries({ queryKey: keys.record(plural, r.id) });
                            // Its list, the pages that named it as related, the board and Home.
                            for (const key of [keys.lists(plural), ['related'], ['names'], keys.pipeline, keys.stageCards, followUpKeys.home]) void qc.invalidateQueries({ queryKey: key });
                            navigate(`/${plural}`);
                          })
                          .catch(toast.error)
                      }
                    >
                      Really delete {title}?
                    </button>
                  ) : (
                    <button type="button" role="menuitem" className="menu-item" autoFocus onClick={() => setConfirmDelete(true)}>
                      Delete {def.label.toLowerCase()}…
                    </button>
                  ))}
                {entity === 'contact' && can.admin && <EraseContact id={r.id} name={title} />}
              </div>
            )}
          </div>
        )}
      </div>
      {adding && (
        <RecordForm
          entity={adding.entity}
          initial={adding.initial}
          onClose={() => setAdding(null)}
          onCreated={(created) => {
            toast.show(`${ENTITIES[adding.entity].label} “${recordTitle(ENTITIES[adding.entity], created) || 'new'}” added`, 'success');
            void qc.invalidateQueries({ queryKey: ['related'] });
            void qc.invalidateQueries({ queryKey: keys.timeline(plural, r.id) });
          }}
        />
      )}
    </header>
  );
}
