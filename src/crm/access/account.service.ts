/** A person's own account: changing or setting the password, and reading the account's security history. */
import type { Clock } from '../../core/clock.js';
import { CrmError, notFound, validationError } from '../../core/errors.js';
import type { AccountEvent, Storage, StoredUser } from '../../storage/index.js';
import { appendAccountHistory, nowOf, type Caller } from './access-common.js';
import { hashPassword, passwordProblem, verifyPassword, type ScryptCost } from './passwords.js';
import type { TokenService } from './tokens.service.js';

export class AccountService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly cost: ScryptCost,
    private readonly tokens: TokenService,
  ) {}

  /**
   * Changes the caller's password after checking the current one; every other session of theirs ends, and with
   * `revokeTokens` every API token of theirs is revoked too.
   */
  async changePassword(caller: Caller, current: string, next: string, opts: { revokeTokens?: boolean } = {}): Promise<{ tokens_revoked: number }> {
    const user = await this.storage.users.get(caller.user.id);
    if (!user) throw new CrmError('unauthorized', 'not signed in');
    if (!(await verifyPassword(current, user.password_hash))) throw validationError('the current password is wrong', [{ field: 'current_password', message: 'wrong password' }]);
    return this.storePassword(user, next, 'new_password', caller.session?.id_hash, user.email, opts.revokeTokens ?? false);
  }

  /** Sets a password without the old one (CLI, for an operator with database access). */
  async setPassword(userId: string, password: string, keepSession?: string, actor?: string, opts: { revokeTokens?: boolean } = {}): Promise<{ tokens_revoked: number }> {
    const user = await this.storage.users.get(userId);
    if (!user) throw notFound('user', userId);
    return this.storePassword(user, password, 'password', keepSession, actor ?? null, opts.revokeTokens ?? false);
  }

  private async storePassword(user: StoredUser, password: string, field: string, keepSession: string | undefined, actor: string | null, revokeTokens: boolean) {
    const problem = passwordProblem(password, { email: user.email, name: user.name });
    if (problem) throw validationError(problem, [{ field, message: problem }]);
    if (await verifyPassword(password, user.password_hash)) {
      const same = 'the new password must differ from the current one';
      throw validationError(same, [{ field, message: same }]);
    }
    // Hashed before the transaction, as at sign-in: scrypt should not hold the write lock.
    const hash = await hashPassword(password, this.cost);
    const now = nowOf(this.clock);
    const tokensRevoked = await this.storage.transaction(async (tx) => {
      await tx.users.update(user.id, { password_hash: hash, password_changed_at: now });
      await tx.sessions.deleteForUser(user.id, keepSession);
      return revokeTokens ? this.tokens.revokeAllTokens(tx, user.id, actor, now) : 0;
    });
    await appendAccountHistory(this.storage, this.clock, user.id, 'password_changed', { by: actor, tokens_revoked: tokensRevoked });
    return { tokens_revoked: tokensRevoked };
  }

  /** The caller's own security history, newest first, with the names of the workspaces signed into. */
  async securityHistory(userId: string, q: { limit: number; beforeSeq?: number }): Promise<(Omit<AccountEvent, 'data' | 'user_id'> & { ip: string | null; workspace_name: string | null; detail: Record<string, unknown> })[]> {
    const events = await this.storage.users.history.list(userId, q);
    const names = new Map<string, string>();
    for (const id of new Set(events.map((e) => e.workspace_id).filter((w): w is string => !!w))) {
      // Only workspaces the person belongs to are named; one left since keeps its id.
      if (await this.storage.users.membership(id, userId)) names.set(id, (await this.storage.workspaces.get(id))?.name ?? id);
    }
    return events.map(({ data, user_id: _u, ...e }) => {
      const { ip, session: _s, ...detail } = data as { ip?: string; session?: string };
      return { ...e, ip: ip ?? null, workspace_name: e.workspace_id ? (names.get(e.workspace_id) ?? null) : null, detail };
    });
  }
}
