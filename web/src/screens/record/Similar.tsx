/** Records most like this one, with the reasons the server gives ("same industry: Healthcare" …). */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ENTITIES, type EntityName } from '../../api/entities';
import { similarRecords } from '../../api/endpoints';
import { useRecordNames } from '../../api/hooks';
import { QueryState } from '../../ui/States';

export function Similar({ entity, id }: { entity: EntityName; id: string }) {
  const plural = ENTITIES[entity].plural;
  const q = useQuery({ queryKey: ['similar', plural, id], queryFn: () => similarRecords(plural, id, 6), retry: false });
  const names = useRecordNames(entity, q.data?.map((r) => r.id) ?? []);
  if (q.isError) return null; // similarity needs semantic memory; without it the panel stays away
  return (
    <section className="panel" aria-label="Similar records">
      <h3>Similar {plural}</h3>
      <QueryState query={q} inline loading={`Looking for similar ${plural}…`} empty={<p className="muted">Nothing similar yet.</p>}>
        {(data) => (
          <ul className="similar-list">
            {data.map((r) => (
              <li key={r.id}>
                <div className="similar-head">
                  <Link to={`/${plural}/${encodeURIComponent(r.id)}`}>{names.get(r.id) ?? r.id}</Link>
                  <span className="score" title="similarity">
                    {Math.round(r.score * 100)}
                  </span>
                </div>
                <ul className="reasons">
                  {r.reasons.map((why) => (
                    <li key={why}>{why}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
