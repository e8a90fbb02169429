/** API tokens: made for a member, shown once, kept as a digest, checked on each request, revoked. */
import type { Clock } from '../../core/clock.js';
import { notFound, validationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Role, Storage, StoredToken, TokenScope } from '../../storage/index.js';
import { MINUTE, nowOf, secret, sha256, withoutHash, type Caller } from './access-common.js';
import type { MemberService } from './members.service.js';
import { roleRank } from './roles.js';

export class TokenService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly members: MemberService,
  ) {}

  private now() {
    return nowOf(this.clock);
  }

  /** A new token for a member of a workspace; the secret is returned once and only its digest is kept. */
  async createToken(ws: string, userId: string, input: { name: string; scope: TokenScope }, actor: string | null): Promise<{ token: string; record: Omit<StoredToken, 'token_hash'> }> {
    const m = await this.members.membershipOf(userId, ws);
    if (input.scope !== 'read' && input.scope !== 'read-write') throw validationError(`unknown scope "${String(input.scope)}"`, [{ field: 'scope', message: 'read or read-write' }]);
    if (input.scope === 'read-write' && m.role === 'read-only') throw validationError('a read-only member can only have read tokens', [{ field: 'scope', message: 'read only' }]);
    const name = input.name.trim();
    if (!name || name.length > 200) throw validationError('a token needs a name of 1–200 characters', [{ field: 'name', message: '1–200 characters' }]);
    const token = `crm_${secret()}`;
    const record: StoredToken = {
      id: newId('tk'),
      workspace_id: ws,
      user_id: userId,
      name,
      scope: input.scope,
      prefix: token.slice(0, 10),
      token_hash: sha256(token),
      created_at: this.now(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.storage.transaction(async (tx) => {
      await tx.tokens.insert(record);
      await tx.events.append(ws, [{ entity: 'token', record_id: record.id, kind: 'token_created', at: record.created_at, actor, data: { name, scope: input.scope, user_id: userId } }]);
    });
    const { token_hash: _h, ...shown } = record;
    return { token, record: shown };
  }

  /** The caller behind a bearer token (and the workspace it is for), or undefined when it is unknown or revoked. */
  async authenticateToken(token: string): Promise<{ caller: Caller; workspace: string } | undefined> {
    if (!token.startsWith('crm_') || token.length > 200) return undefined;
    const t = await this.storage.tokens.byHash(sha256(token));
    if (!t || t.revoked_at) return undefined;
    const user = await this.storage.users.get(t.user_id);
    if (!user) return undefined;
    const now = this.now();
    if (!t.last_used_at || Date.parse(now) - Date.parse(t.last_used_at) > MINUTE) {
      t.last_used_at = now;
      await this.storage.tokens.touch(t.id, now);
    }
    const { token_hash: _h, ...shown } = t;
    return { caller: { user: withoutHash(user), via: 'token', scope: t.scope, token: shown }, workspace: t.workspace_id };
  }

  /** Tokens of a workspace: all of them for admins, else the caller's own. Each carries its owner's e-mail. */
  async listTokens(ws: string, userId?: string) {
    const [tokens, members] = await Promise.all([this.storage.tokens.list(ws, userId), this.storage.users.members(ws)]);
    const emails = new Map(members.map((m) => [m.id, m.email]));
    return tokens.map((t) => ({ ...t, user_email: emails.get(t.user_id) ?? null }));
  }

  /** Revokes a token; members may revoke only their own (others' are "not found" to them). */
  async revokeToken(ws: string, id: string, by: { userId: string; role: Role; actor: string | null }): Promise<void> {
    const t = await this.storage.tokens.get(ws, id);
    if (!t || (t.user_id !== by.userId && roleRank(by.role) < roleRank('admin'))) throw notFound('token', id);
    if (t.revoked_at) return;
    await this.storage.transaction(async (tx) => {
      await tx.tokens.revoke(ws, id, this.now());
      await tx.events.append(ws, [{ entity: 'token', record_id: id, kind: 'token_revoked', at: this.now(), actor: by.actor, data: { name: t.name, user_id: t.user_id } }]);
    });
  }

  /** Revokes every token of a person in every workspace, each in its workspace's audit log; `tx` is the caller's transaction. */
  async revokeAllTokens(tx: Storage, userId: string, actor: string | null, now: string): Promise<number> {
    const revoked = await tx.tokens.revokeAllOfUser(userId, now);
    for (const t of revoked) {
      await tx.events.append(t.workspace_id, [{ entity: 'token', record_id: t.id, kind: 'token_revoked', at: now, actor, data: { name: t.name, user_id: userId } }]);
    }
    return revoked.length;
  }
}
