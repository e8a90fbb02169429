/** What the query service understood (chips) and its answer: a number, groups as bars, or records linking to their pages. */
import { Link } from 'react-router';
import { ENTITIES, recordTitle } from '../../api/entities';
import { useRecordNames } from '../../api/hooks';
import type { QueryAnswer } from '../../api/types';
import { formatMoney, formatNumber, stageLabel, textOf } from '../../ui/format';
import { LazyBarChart } from '../../ui/LazyBarChart';

/** Two columns that say most about a result, per object. */
const DETAIL: Record<string, string[]> = { contact: ['title', 'company_id'], company: ['industry', 'country'], deal: ['stage', 'amount'], activity: ['type', 'occurred_at'] };

const isMoney = (a: QueryAnswer) => a.interpretation.aggregate?.field === 'amount' || a.interpretation.aggregate?.field === 'annual_revenue';
const formatAggregate = (a: QueryAnswer, v: number) => (isMoney(a) && a.interpretation.aggregate?.fn !== 'count' ? formatMoney(v) : formatNumber(Math.round(v * 100) / 100));

export function InterpretationChips({ answer }: { answer: QueryAnswer }) {
  const i = answer.interpretation;
  const chips = [
    ...i.filters.map((f) => ({ kind: 'filter', text: f.label })),
    // How a word the lexicon does not list was read, unless a filter's label already says it.
    ...i.matches
      .filter((m) => !i.filters.some((f) => f.label.includes(m.how)))
      .map((m) => ({ kind: 'meaning', text: `${m.phrase} → ${m.meaning} (${m.how})` })),
    ...(i.similar ? [{ kind: 'similar', text: `like ${i.similar.name ?? i.similar.seed}` }] : []),
    ...(i.semantic ? [{ kind: 'semantic', text: `about “${i.semantic.topic}”` }] : []),
    ...(i.aggregate ? [{ kind: 'aggregate', text: `${i.aggregate.fn}${i.aggregate.field ? ` of ${i.aggregate.field}` : ''}${i.aggregate.groupBy ? ` by ${i.aggregate.groupBy}` : ''}` }] : []),
    ...(i.sort ? [{ kind: 'sort', text: `sorted by ${i.sort.field}${i.sort.direction === 'desc' ? ' ↓' : ' ↑'}` }] : []),
    ...(i.limit ? [{ kind: 'limit', text: `top ${i.limit}` }] : []),
    ...i.unparsed.map((u) => ({ kind: 'unparsed', text: `not understood: ${u}` })),
  ];
  return (
    <div className="interpretation">
      <p className="explanation" data-testid="query-explanation">
        {i.explanation}
      </p>
      <ul className="chips" aria-label="What the query was understood as">
        <li className="chip chip-entity">{ENTITIES[answer.entity].plural}</li>
        {chips.map((c, n) => (
          <li key={n} className={`chip chip-${c.kind}`}>
            {c.text}
          </li>
        ))}
      </ul>
      {i.notes.length > 0 && <p className="muted small">{i.notes.join(' ')}</p>}
    </div>
  );
}

interface ResultsProps {
  answer: QueryAnswer;
  highlighted: number;
  onOpen: () => void;
}

export function QueryAnswerView({ answer, highlighted, onOpen }: ResultsProps) {
  const entity = ENTITIES[answer.entity];
  const names = useRecordNames('company', answer.results.map((r) => r.company_id as string));
  const detail = DETAIL[answer.entity] ?? [];
  const fields = entity.fields;
  return (
    <div className="query-answer">
      <InterpretationChips answer={answer} />
      {answer.intent === 'aggregate' && answer.groups && answer.groups.length > 0 ? (
        <LazyBarChart
          data={answer.groups.map((g) => ({ label: answer.interpretation.aggregate?.groupBy === 'stage' ? stageLabel(g.label) : g.label, value: g.value ?? 0 }))}
          format={(v) => formatAggregate(answer, v)}
          tickFormat={(v) => (isMoney(answer) && answer.interpretation.aggregate?.fn !== 'count' ? formatMoney(v, true) : formatNumber(v))}
        />
      ) : answer.intent === 'aggregate' && answer.value !== undefined ? (
        <div className="big-number" data-testid="query-value">
          {answer.value === null ? '—' : formatAggregate(answer, answer.value)}
          <span className="muted small"> across {formatNumber(answer.total)} {entity.plural}</span>
        </div>
      ) : answer.results.length === 0 ? (
        <p className="muted">No {entity.plural} match.</p>
      ) : (
        <>
          <p className="muted small">
            {formatNumber(answer.total)} {answer.total === 1 ? entity.label.toLowerCase() : entity.plural}
            {answer.total > answer.results.length ? ` · showing ${answer.results.length}` : ''}
          </p>
          <table className="results-table" aria-label="Query results">
            <thead>
              <tr>
                <th>{entity.label}</th>
                {detail.map((d) => (
                  <th key={d}>{fields.find((f) => f.name === d)?.label ?? d}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {answer.results.map((r, n) => (
                <tr key={r.id} className={n === highlighted ? 'highlighted' : ''} aria-selected={n === highlighted}>
                  <td>
                    <Link to={`/${entity.plural}/${encodeURIComponent(r.id)}`} onClick={onOpen}>
                      {recordTitle(entity, r)}
                    </Link>
                    {r.reasons && r.reasons.length > 0 && <div className="muted small">{r.reasons.slice(0, 2).join(' · ')}</div>}
                  </td>
                  {detail.map((d) => {
                    const f = fields.find((x) => x.name === d);
                    const v = r[d];
                    return <td key={d}>{f?.type === 'ref' && typeof v === 'string' ? (names.get(v) ?? v) : textOf(f, v)}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
