/**
 * How the workspace closes deals: the reasons a lost deal picks from (one per line, in the order they are offered)
 * and after how many quiet days an open deal is flagged idle. Admins only; the server checks and audits both.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { currencyKey, idleThreshold, lostReasons, saveIdleThreshold, saveLostReasons, saveWorkspaceCurrency, workspaceCurrency } from '../../api/endpoints';
import { setDefaultCurrency } from '../../ui/format';
import { errorMessage } from '../../api/http';
import { loadingOrError } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { closeKeys } from '../pipeline/close';
import { SettingsForm } from './SettingsForm';

const idleKey = ['idle-threshold'] as const;

export function DealsPanel() {
  const qc = useQueryClient();
  const toast = useToast();
  const reasons = useQuery({ queryKey: closeKeys.lostReasons, queryFn: lostReasons });
  const idle = useQuery({ queryKey: idleKey, queryFn: idleThreshold });
  const [text, setText] = useState('');
  const [days, setDays] = useState('');
  useEffect(() => {
    if (reasons.data) setText(reasons.data.join('\n'));
  }, [reasons.data]);
  useEffect(() => {
    if (idle.data !== undefined) setDays(String(idle.data));
  }, [idle.data]);

  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const saveReasons = useMutation({
    mutationFn: () => saveLostReasons(lines),
    onSuccess: (saved) => {
      qc.setQueryData(closeKeys.lostReasons, saved);
      toast.show(`Lost reasons saved (${saved.length})`);
    },
  });
  const daysNumber = Number(days);
  const daysProblem = !/^\d+$/.test(days.trim()) || daysNumber < 1 || daysNumber > 3650 ? 'Enter a whole number of days from 1 to 3650' : null;
  const saveIdle = useMutation({
    mutationFn: () => saveIdleThreshold(daysNumber),
    onSuccess: (saved) => {
      qc.setQueryData(idleKey, saved);
      void qc.invalidateQueries({ queryKey: closeKeys.flagged });
      toast.show(`Deals are flagged idle after ${saved} days`);
    },
  });

  const currency = useQuery({ queryKey: currencyKey, queryFn: workspaceCurrency });
  const [code, setCode] = useState('');
  useEffect(() => {
    if (currency.data) setCode(currency.data);
  }, [currency.data]);
  const codeProblem = !/^[A-Za-z]{3}$/.test(code.trim()) ? 'Enter a three-letter currency code, such as USD, EUR or GBP' : null;
  const saveCurrency = useMutation({
    mutationFn: () => saveWorkspaceCurrency(code.trim()),
    onSuccess: (saved) => {
      setDefaultCurrency(saved);
      qc.setQueryData(currencyKey, saved);
      toast.show(`New deals are in ${saved}`);
    },
  });

  const state = loadingOrError(reasons, 'Loading deal settings…') ?? loadingOrError(idle, 'Loading deal settings…') ?? loadingOrError(currency, 'Loading deal settings…');
  if (state) return state;
  return (
    <div className="settings-panel">
      <SettingsForm aria-labelledby="currency-title" ready={!codeProblem} onSubmit={() => saveCurrency.mutate()}>
        <h2 id="currency-title">Currency</h2>
        <p className="muted small">New deals start in this currency, and totals (pipeline, forecast, dashboard) are shown in it. A deal keeps its own currency.</p>
        <label className="stack-field">
          <span>Currency code</span>
          <input className="short-input" value={code} maxLength={3} autoCapitalize="characters" onChange={(e) => setCode(e.target.value.toUpperCase())} aria-invalid={!!codeProblem || !!saveCurrency.error} aria-describedby="currency-error" />
        </label>
        {(codeProblem || saveCurrency.error) && (
          <p id="currency-error" className="field-error" role="alert">
            {codeProblem ?? errorMessage(saveCurrency.error)}
          </p>
        )}
        <div>
          <button type="submit" className="button primary" disabled={!!codeProblem || saveCurrency.isPending}>
            {saveCurrency.isPending ? 'Saving…' : 'Save currency'}
          </button>
        </div>
      </SettingsForm>
      <SettingsForm aria-labelledby="lost-reasons-title" ready={lines.length > 0} onSubmit={() => saveReasons.mutate()}>
        <h2 id="lost-reasons-title">Lost reasons</h2>
        <p className="muted small">Asked whenever a deal is marked lost, on its page, the board or in bulk. One reason per line, in the order they are offered.</p>
        <label className="stack-field">
          <span>Reasons</span>
          <textarea aria-label="Lost reasons, one per line" rows={Math.max(6, lines.length + 1)} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={lines.length === 0 || !!saveReasons.error} aria-describedby="lost-reasons-error" />
        </label>
        {(lines.length === 0 || saveReasons.error) && (
          <p id="lost-reasons-error" className="field-error" role="alert">
            {lines.length === 0 ? 'Keep at least one reason' : errorMessage(saveReasons.error)}
          </p>
        )}
        <div>
          <button type="submit" className="button primary" disabled={lines.length === 0 || saveReasons.isPending}>
            {saveReasons.isPending ? 'Saving…' : 'Save reasons'}
          </button>
        </div>
      </SettingsForm>
      <SettingsForm aria-labelledby="idle-title" ready={!daysProblem} onSubmit={() => saveIdle.mutate()}>
        <h2 id="idle-title">Idle deals</h2>
        <p className="muted small">An open deal with no activity and no stage move for longer than this is flagged idle on cards, lists and Home.</p>
        <label className="stack-field">
          <span>Days without activity</span>
          <input className="short-input" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} aria-invalid={!!daysProblem || !!saveIdle.error} aria-describedby="idle-error" />
        </label>
        {(daysProblem || saveIdle.error) && (
          <p id="idle-error" className="field-error" role="alert">
            {daysProblem ?? errorMessage(saveIdle.error)}
          </p>
        )}
        <div>
          <button type="submit" className="button primary" disabled={!!daysProblem || saveIdle.isPending}>
            {saveIdle.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </SettingsForm>
    </div>
  );
}
