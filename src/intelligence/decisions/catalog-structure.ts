/**
 * The outreach catalog's structure: which actions are the same kind of outreach. Written outreach (an e-mail, a
 * message, a case study sent over) and live outreach (a call, a meeting, an event) differ for the same person in the
 * same way — "engineers answer what they can read in their own time" — so with `shareChannels` the posterior learns
 * such a contrast once for every action of a kind (correlated-posterior.ts, a weight = the kind's weight + the
 * action's deviation). A workspace's catalog is configurable: keys are read by the words they are made of, and an
 * action of no known kind (`wait`, or a key nobody can read) learns alone.
 */
export type ChannelKind = 'written' | 'live';

const WRITTEN = /(^|_)(e?mail|emails|message|messages|msg|inmail|linkedin|letter|postcard|sms|text|whatsapp|newsletter|case|study|whitepaper|ebook|content|article|blog|brochure|proposal|quote|note|card|gift|sample)(_|$)/;
const LIVE = /(^|_)(call|calls|phone|meeting|meet|invite|event|events|webinar|demo|visit|lunch|dinner|coffee|breakfast|conference|workshop|video|zoom|dropin|drop|tour)(_|$)/;

/** The kind of outreach an action key names, or undefined (wait, unknown words). */
export function channelKindOf(action: string): ChannelKind | undefined {
  const key = action.toLowerCase();
  if (key === 'wait' || key === 'none' || key === 'nothing') return undefined;
  const live = LIVE.test(key);
  const written = WRITTEN.test(key);
  if (live && !written) return 'live';
  if (written && !live) return 'written';
  // Both: an invitation sent in writing is still a meeting or an event — what the person is asked to do decides.
  if (live && written) return /(^|_)(invite|meeting|event|webinar|demo|call|visit)(_|$)/.test(key) ? 'live' : 'written';
  return undefined;
}
