/**
 * Outreach (issue 18): the actions the next-action suggestions choose from (key and label, in the order shown),
 * how long after an acted-on suggestion a reply from the contact counts as a response, what counts as recent
 * touches, and the policy that answers by default. Admins only; the server checks and audits the change.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/http';
import { FIXED_POLICY_PREFIX, POLICIES, nbaKeys, saveOutreachSettings, useOutreachSettings, type OutreachSettings } from '../../api/nba';
import { loadingOrError } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { SettingsForm } from './SettingsForm';

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
type Action = OutreachSettings['actions'][number];

/** What is wrong with the form, in words, or null. */
function problemOf(actions: Action[], window: string, fatigue: string): string | null {
  if (actions.length < 2) return 'Keep at least two actions';
  const bad = actions.find((a) => !KEY_PATTERN.test(a.key));
  if (bad) return `"${bad.key}" is not a key: 1–40 lower-case letters, digits or _, starting with a letter`;
  const keys = actions.map((a) => a.key);
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice) return `"${twice}" is there twice`;
  if (actions.some((a) => a.label.trim() === '')) return 'Every action needs a label';
  for (const [name, v] of [['Response window', window], ['Recent touches', fatigue]] as const)
    if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > 365) return `${name}: a whole number of days from 1 to 365`;
  return null;
}

export function OutreachPanel() {
  const qc = useQueryClient();
  const toast = useToast();
  const settings = useOutreachSettings();
  const [actions, setActions] = useState<Action[]>([]);
  const [window, setWindow] = useState('');
  const [fatigue, setFatigue] = useState('');
  const [policy, setPolicy] = useState('thompson');
  const [newKey, setNewKey] = useState('');
  useEffect(() => {
    if (!settings.data) return;
    setActions(settings.data.actions);
    setWindow(String(settings.data.responseWindowDays));
    setFatigue(String(settings.data.fatigueDays));
    setPolicy(settings.data.defaultPolicy);
  }, [settings.data]);

  const problem = problemOf(actions, window, fatigue);
  const save = useMutation({
    mutationFn: () =>
      saveOutreachSettings({
        actions: actions.map((a) => ({ key: a.key, label: a.label.trim() })),
        responseWindowDays: Number(window),
        fatigueDays: Number(fatigue),
        defaultPolicy: policy === 'thompson' ? null : policy,
      }),
    onSuccess: (saved) => {
      qc.setQueryData(nbaKeys.outreach, saved);
      toast.show(`Outreach saved (${saved.actions.length} actions)`, 'success');
    },
  });
  const state = loadingOrError(settings, 'Loading outreach settings…');
  if (state) return state;

  const set = (i: number, patch: Partial<Action>) => setActions((xs) => xs.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  const move = (i: number, by: number) =>
    setActions((xs) => {
      const next = [...xs];
      const [a] = next.splice(i, 1);
      next.splice(Math.max(0, Math.min(next.length, i + by)), 0, a!);
      return next;
    });
  const key = newKey.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const addProblem = key === '' ? null : !KEY_PATTERN.test(key) ? 'Letters, digits and _, starting with a letter' : actions.some((a) => a.key === key) ? 'Already in the list' : null;
  const add = () => {
    if (key === '' || addProblem) return;
    const words = key.replace(/_/g, ' ');
    setActions((xs) => [...xs, { key, label: words[0]!.toUpperCase() + words.slice(1) }]);
    setNewKey('');
  };
  const policies = [...POLICIES, ...actions.map((a) => `${FIXED_POLICY_PREFIX}${a.key}`)];

  return (
    <div className="settings-panel">
      <SettingsForm aria-labelledby="outreach-title" ready={!problem} onSubmit={() => save.mutate()}>
        <h2 id="outreach-title">Outreach</h2>
        <p className="muted small">The actions a contact's next action is chosen from, in the order they are shown. The model learns which works for whom from the outcomes.</p>
        <ul className="outreach-actions" aria-label="Actions">
          {actions.map((a, i) => (
            <li key={a.key}>
              <code>{a.key}</code>
              <input aria-label={`Label of ${a.key}`} value={a.label} maxLength={80} onChange={(e) => set(i, { label: e.target.value })} />
              <button type="button" className="button ghost small" aria-label={`Move ${a.key} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                ↑
              </button>
              <button type="button" className="button ghost small" aria-label={`Move ${a.key} down`} disabled={i === actions.length - 1} onClick={() => move(i, 1)}>
                ↓
              </button>
              <button type="button" className="button ghost small" aria-label={`Remove ${a.key}`} onClick={() => setActions((xs) => xs.filter((_, j) => j !== i))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        <div className="outreach-add">
          <input
            aria-label="New action key"
            placeholder="new action, e.g. webinar_invite"
            value={newKey}
            onChange={(e) => setNewKey(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
            aria-invalid={!!addProblem}
          />
          <button type="button" className="button small" disabled={key === '' || !!addProblem} onClick={add}>
            Add action
          </button>
          {addProblem && <span className="field-error">{addProblem}</span>}
        </div>
        <div className="outreach-numbers">
          <label className="stack-field">
            <span>Response window (days)</span>
            <input inputMode="numeric" value={window} onChange={(e) => setWindow(e.target.value)} />
          </label>
          <label className="stack-field">
            <span>Recent touches (days)</span>
            <input inputMode="numeric" value={fatigue} onChange={(e) => setFatigue(e.target.value)} />
          </label>
          <label className="stack-field">
            <span>Default policy</span>
            <select value={policy} onChange={(e) => setPolicy(e.target.value)}>
              {[...new Set([...policies, policy])].map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="muted small">A reply or a held meeting from the contact within the response window after an acted-on suggestion counts as a response.</p>
        {(problem || save.error) && (
          <p className="field-error" role="alert">
            {problem ?? errorMessage(save.error)}
          </p>
        )}
        <div>
          <button type="submit" className="button primary" disabled={!!problem || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save outreach'}
          </button>
        </div>
      </SettingsForm>
    </div>
  );
}
