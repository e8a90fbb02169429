/**
 * A lead's tier as a coloured badge. A tier the interval does not settle carries a "?" that explains itself on
 * hover and on keyboard focus (a title for the mouse, and a tooltip the badge is described by for screen readers).
 */
import { useId } from 'react';
import type { Tier } from '../api/types';

const RANGE: Record<Tier, string> = { hot: '70 or more', warm: '40 to 69', cold: 'below 40' };

export function TierBadge({ tier, confident = true }: { tier: Tier; confident?: boolean }) {
  const id = useId();
  if (confident)
    return (
      <span className={`badge tier tier-${tier}`} title={`${tier} lead: a score of ${RANGE[tier]}`}>
        {tier}
      </span>
    );
  const why = `Probably ${tier}, but not certain: the likely range of this score reaches into another tier (hot is 70 or more, warm 40 to 69, cold below 40). More activity and more closed outcomes narrow it.`;
  return (
    <span className="tier-help">
      <span className={`badge tier tier-${tier} tier-unsure`} tabIndex={0} title={why} aria-describedby={id}>
        {tier}?
      </span>
      <span role="tooltip" id={id} className="tooltip">
        {why}
      </span>
    </span>
  );
}
