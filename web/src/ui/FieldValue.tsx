/** A field's value for reading: links for references, badges for stages and statuses, chips for tags. */
import { Link } from 'react-router';
import { ENTITIES, type FieldDef } from '../api/entities';
import { isEmptyValue, textOf } from './format';
import { memberLabel, useMembers } from '../api/follow-up';

/** `currency`: the record's own, for its money fields (the workspace's otherwise). */
export function FieldValue({ field, value, names, currency }: { field: FieldDef; value: unknown; names?: Map<string, string>; currency?: unknown }) {
  if (isEmptyValue(value)) return <span className="muted">—</span>;
  if (field.name === 'owner' && typeof value === 'string') return <OwnerName id={value} />;
  if (field.type === 'ref' && field.ref && typeof value === 'string') {
    const target = ENTITIES[field.ref];
    return (
      <Link to={`/${target.plural}/${encodeURIComponent(value)}`} className="ref-link" onClick={(e) => e.stopPropagation()}>
        {names?.get(value) ?? value}
      </Link>
    );
  }
  if (field.type === 'enum') return <span className={`badge badge-${String(value)}`}>{textOf(field, value)}</span>;
  if (field.type === 'tags' && Array.isArray(value))
    return (
      <span className="tags">
        {value.map((t) => (
          <span key={String(t)} className="tag">
            {String(t)}
          </span>
        ))}
      </span>
    );
  if (field.type === 'email' && typeof value === 'string')
    return (
      <a href={`mailto:${value}`} onClick={(e) => e.stopPropagation()}>
        {value}
      </a>
    );
  // A tap calls on a phone (and opens the softphone, if any, on a desktop).
  if (field.type === 'phone' && typeof value === 'string' && value.replace(/\D/g, '').length >= 5)
    return (
      <a href={`tel:${value.replace(/[^\d+]/g, '')}`} onClick={(e) => e.stopPropagation()}>
        {value}
      </a>
    );
  return <>{textOf(field, value, currency)}</>;
}

/** An owner (a member's user id) by name; an owner set before owners were members shows as it was typed. */
function OwnerName({ id }: { id: string }) {
  const members = useMembers();
  const m = members.data?.find((x) => x.id === id);
  return <span className="owner-name">{m ? memberLabel(m) : members.isPending ? '…' : id}</span>;
}
