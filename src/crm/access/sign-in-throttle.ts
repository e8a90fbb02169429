/** Slowing down password guessing: failed sign-ins counted per (account, address) and per account. */
import type { Clock } from '../../core/clock.js';
import { toTimestamp } from '../../core/clock.js';
import { CrmError } from '../../core/errors.js';
import type { Storage, StoredUser } from '../../storage/index.js';
import { MINUTE, nowOf } from './access-common.js';

/**
 * Failed sign-ins are throttled per (account, client address): the first FREE failures from an address cost
 * nothing, then each further attempt from it waits 2^(n − FREE) seconds after the last, up to MAX_WAIT. Another
 * address is not slowed by them, so an attacker cannot lock the owner out. Over the whole account, once CEILING
 * failures fall in one WINDOW (many addresses), attempts are spaced SPACING apart: slowed, never refused outright.
 * BURST failures in a WINDOW are written to the account's history, and the person is told at their next sign-in.
 */
export const THROTTLE = { free: 5, maxWaitMs: 15 * MINUTE, windowMs: 15 * MINUTE, ceiling: 50, spacingMs: 2000, burst: 10 };

/** A refusal that tells the client when to come back (the route sets Retry-After). */
export class ThrottledError extends CrmError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message);
  }
}

export class SignInThrottle {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /**
   * Refuses, with when to retry, an attempt from an address that has failed too often for this account lately
   * (exponential backoff per pair), or one that comes too soon after the account's last failure while many
   * addresses are failing at once. The password is not even checked; nothing is counted.
   */
  async refuseIfThrottled(subject: string, address: string) {
    const now = Date.parse(nowOf(this.clock));
    const pair = await this.storage.users.throttle.get(subject, address);
    if (pair && pair.failures >= THROTTLE.free) {
      const wait = Math.min(THROTTLE.maxWaitMs, 1000 * 2 ** (pair.failures - THROTTLE.free));
      const until = Date.parse(pair.last_at) + wait;
      if (until > now) throw throttled(until - now);
    }
    const run = await this.storage.users.failedLogins(subject);
    if (run && run.failures >= THROTTLE.ceiling && Date.parse(run.first_at) + THROTTLE.windowMs > now) {
      const last = await this.storage.users.throttle.latestFailure(subject);
      const until = last ? Date.parse(last) + THROTTLE.spacingMs : 0;
      if (until > now) throw throttled(until - now);
    }
  }

  /** Counts a failure for the (account, address) pair and the account; a burst is written to the account's history. */
  async countFailure(subject: string, address: string, user: StoredUser | undefined) {
    const now = nowOf(this.clock);
    await this.storage.users.throttle.recordFailure(subject, address, now);
    await this.storage.users.recordFailedLogin(subject, now, toTimestamp(new Date(Date.parse(now) - THROTTLE.windowMs)));
    if (!user) return;
    // Failures belong to the account: no workspace's audit log shows attempts against a person's account.
    await this.storage.users.history.append({ user_id: user.id, kind: 'login_failed', at: now, workspace_id: null, data: { ip: address } });
    const run = await this.storage.users.failedLogins(user.id);
    if (run?.failures === THROTTLE.burst) {
      await this.storage.users.history.append({ user_id: user.id, kind: 'failures_burst', at: now, workspace_id: null, data: { failures: run.failures, since: run.first_at } });
    }
  }
}

function throttled(ms: number) {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const wait = seconds < 120 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
  return new ThrottledError(`too many failed sign-ins for this account from your address; try again in ${wait}`, seconds);
}
