/** A lead's tier as a coloured badge; a tier the interval does not settle says so. */
import type { Tier } from '../api/types';

export function TierBadge({ tier, confident = true }: { tier: Tier; confident?: boolean }) {
  return (
    <span className={`badge tier tier-${tier} ${confident ? '' : 'tier-unsure'}`} title={confident ? `${tier} lead` : `${tier}, but not enough evidence for the tier`}>
      {tier}
      {!confident && '?'}
    </span>
  );
}
