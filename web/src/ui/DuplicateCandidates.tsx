/** Likely duplicates of a record, each with its reasons and an action (open it, review the merge): forms and record pages alike. */
import type { ReactNode } from 'react';

export interface DuplicateCandidate {
  id: string;
  name: string;
  reasons: string[];
}

export function DuplicateCandidates({ heading, candidates, action, className = '' }: { heading: string; candidates: DuplicateCandidate[]; action: (c: DuplicateCandidate) => ReactNode; className?: string }) {
  return (
    <div className={`dup-warning ${className}`.trim()} role="status" aria-label="Possible duplicates">
      <strong>{heading}</strong>
      <ul>
        {candidates.slice(0, 3).map((c) => (
          <li key={c.id}>
            <span>
              {c.name || c.id} <span className="muted">— {c.reasons.join(', ')}</span>
            </span>
            {action(c)}
          </li>
        ))}
      </ul>
    </div>
  );
}
