/**
 * Saved views of a list, shared by the workspace: save the current view (its query string — filters, sort and
 * the visible columns as `cols=`) under a name, open one, delete one.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { usePopover } from '../../ui/usePopover';
import { useNavigate } from 'react-router';
import type { ListPlural } from '../../api/entities';
import { deleteView, saveView, savedViews } from '../../api/endpoints';
import type { SavedView } from '../../api/types';
import { useToast } from '../../ui/Toasts';

/** The URL key that carries a view's columns; the list screen applies it and takes it out of the URL. */
export const COLUMNS_PARAM = 'cols';

const viewsKey = (plural: string) => ['views', plural] as const;

/** A query string in a canonical order, so a saved view and the current one compare equal. */
export function canonicalQuery(query: string): string {
  const entries = [...new URLSearchParams(query.replace(/^\?/, '')).entries()].filter(([, v]) => v !== '');
  entries.sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  return new URLSearchParams(entries).toString();
}

/** The view of the screen as a query string: the URL's filters, search and sort, and the visible columns. */
export function currentViewQuery(params: Record<string, string>, columns: readonly string[], defaultSort: string): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (!(k === 'sort' && v === defaultSort)) out.set(k, v);
  out.set(COLUMNS_PARAM, columns.join(','));
  return canonicalQuery(out.toString());
}

/** "lead_status=customer · title[contains]=VP · sort=-last_name", for a tooltip. */
function describeQuery(query: string): string {
  const parts = [...new URLSearchParams(query).entries()].filter(([k]) => k !== COLUMNS_PARAM).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(' · ') : 'no filters';
}

/** `canSave`: the role may save and delete views (member and up); others only open them. */
export function ViewsMenu({ plural, current, canSave = true }: { plural: ListPlural; current: string; canSave?: boolean }) {
  const { open, setOpen, ref } = usePopover();
  const [name, setName] = useState('');
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const views = useQuery({ queryKey: viewsKey(plural), queryFn: () => savedViews(plural) });

  const save = useMutation({
    mutationFn: () => saveView({ name: name.trim(), object: plural, query: current }),
    onSuccess: (v) => {
      toast.show(`Saved view "${v.name}"`, 'success');
      setName('');
      void qc.invalidateQueries({ queryKey: viewsKey(plural) });
    },
    onError: toast.error,
  });
  const remove = useMutation({
    mutationFn: (v: SavedView) => deleteView(v.id),
    onSuccess: (_r, v) => {
      toast.show(`Deleted view "${v.name}"`, 'success');
      void qc.invalidateQueries({ queryKey: viewsKey(plural) });
    },
    onError: toast.error,
  });
  const openView = (v: SavedView) => {
    setOpen(false);
    navigate(`/${plural}${v.query ? `?${v.query}` : ''}`);
  };

  const active = views.data?.find((v) => canonicalQuery(v.query) === current);
  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen((o) => !o)}>
        {active ? (
          <>
            View: <strong className="active-view">{active.name}</strong>
          </>
        ) : (
          'Views'
        )}
      </button>
      {open && (
        <div className="popover views-popover" role="dialog" aria-label="Saved views" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {views.isPending ? (
            <p className="muted small">Loading views…</p>
          ) : views.isError ? (
            <p className="error-text small">{views.error.message}</p>
          ) : views.data.length === 0 ? (
            <p className="muted small">{canSave ? 'No saved views yet: name the current one below.' : 'No saved views yet.'}</p>
          ) : (
            <ul className="views-list" aria-label="Saved views list">
              {views.data.map((v) => (
                <li key={v.id} className={v === active ? 'current' : ''}>
                  <button type="button" className="link-button view-open" title={describeQuery(v.query)} onClick={() => openView(v)}>
                    {v.name}
                  </button>
                  {canSave && (
                    <button type="button" className="icon-button" aria-label={`Delete view ${v.name}`} disabled={remove.isPending} onClick={() => remove.mutate(v)}>
                      ×
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {canSave && (
            <form
              className="views-save"
              aria-label="Save the current view"
              onSubmit={(e) => {
                e.preventDefault();
                if (name.trim()) save.mutate();
              }}
            >
              <input aria-label="View name" placeholder="Name this view…" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
              <button type="submit" className="button primary" disabled={!name.trim() || save.isPending}>
                Save
              </button>
            </form>
          )}
          {canSave && <p className="muted small views-hint">Saves the filters, search, sort and columns, for everyone in the workspace.</p>}
        </div>
      )}
    </div>
  );
}
