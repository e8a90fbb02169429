/** People and their memberships of workspaces: adding, roles, removing, looking up, the first owner. */
import type { Clock } from '../../core/clock.js';
import { conflict, CrmError, notFound, validationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Member, Membership, Role, Storage, StoredUser, WorkspaceMember } from '../../storage/index.js';
import { EMAIL, normalEmail, nowOf, withoutHash } from './access-common.js';
import { generatePassword, hashPassword, passwordProblem, type ScryptCost } from './passwords.js';
import { isRole } from './roles.js';

export class MemberService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly cost: ScryptCost,
  ) {}

  private now() {
    return nowOf(this.clock);
  }

  /** The checks of adding or inviting someone: a real e-mail (returned normalised), a role, who may grant owner, the workspace. */
  async checkNewMember(ws: string, input: { email: string; role: Role }, by: { role?: Role }): Promise<string> {
    const email = normalEmail(input.email);
    if (!EMAIL.test(email) || email.length > 320) throw validationError(`"${input.email}" is not an e-mail address`, [{ field: 'email', message: 'not an e-mail address' }]);
    if (!isRole(input.role)) throw validationError(`unknown role "${String(input.role)}"`, [{ field: 'role', message: 'owner, admin, member or read-only' }]);
    if (by.role && input.role === 'owner' && by.role !== 'owner') throw new CrmError('forbidden', 'only an owner can make someone an owner');
    if (!(await this.storage.workspaces.get(ws))) throw notFound('workspace', ws);
    return email;
  }

  /**
   * Adds a person to a workspace with a role directly, without an invitation: a new account (with the given
   * password, or a generated one that is returned once), or an existing account (by e-mail). For the operator
   * (first owner, `crm workspace create`, tests); admins invite instead (`invite`), which reveals nothing about
   * whether the e-mail has an account.
   */
  async addUser(
    ws: string,
    input: { email: string; name?: string | null; role: Role; password?: string },
    by: { actor: string | null; role?: Role },
  ): Promise<{ user: Member; password?: string }> {
    const email = await this.checkNewMember(ws, input, by);
    const now = this.now();
    // A new account's password is checked and hashed before the transaction (scrypt takes a while).
    const existing = await this.storage.users.byEmail(email);
    let generated: string | undefined;
    let passwordHash: string | undefined;
    if (!existing) {
      const password = input.password ?? (generated = generatePassword());
      const problem = passwordProblem(password, { email, name: input.name });
      if (problem) throw validationError(problem, [{ field: 'password', message: problem }]);
      passwordHash = await hashPassword(password, this.cost);
    }
    return this.storage.transaction(async (tx) => {
      let user = await tx.users.byEmail(email);
      if (user) {
        if (await tx.users.membership(ws, user.id)) throw conflict(`${email} is already a member of this workspace`, [{ field: 'email', message: 'already a member' }]);
        generated = undefined;
      } else {
        if (!passwordHash) throw conflict(`${email} was removed while being added; try again`);
        user = { id: newId('us'), email, name: input.name?.trim() || null, password_hash: passwordHash, created_at: now, password_changed_at: now, last_login_at: null };
        await tx.users.insert(user);
      }
      await tx.users.setMembership({ workspace_id: ws, user_id: user.id, role: input.role, created_at: now });
      await tx.events.append(ws, [{ entity: 'user', record_id: user.id, kind: 'user_added', at: now, actor: by.actor, data: { email, role: input.role } }]);
      return { user: { ...withoutHash(user), role: input.role }, ...(generated ? { password: generated } : {}) };
    });
  }

  /** The workspace's members as its admins see them: joined when, last signed in here when; nothing of elsewhere. */
  async members(ws: string): Promise<WorkspaceMember[]> {
    return this.storage.users.workspaceMembers(ws);
  }

  async memberships(userId: string): Promise<Membership[]> {
    return this.storage.users.memberships(userId);
  }

  /** The caller's membership of a workspace; "not found" when they have none, so other tenants stay invisible. */
  async membershipOf(userId: string, ws: string): Promise<Membership> {
    const m = await this.storage.users.membership(ws, userId);
    if (!m) throw notFound('workspace', ws);
    return m;
  }

  async setRole(ws: string, userId: string, role: Role, by: { actor: string | null; role: Role }): Promise<WorkspaceMember> {
    if (!isRole(role)) throw validationError(`unknown role "${String(role)}"`, [{ field: 'role', message: 'owner, admin, member or read-only' }]);
    return this.storage.transaction(async (tx) => {
      const m = await tx.users.membership(ws, userId);
      if (!m) throw notFound('user', userId);
      if ((role === 'owner' || m.role === 'owner') && by.role !== 'owner') throw new CrmError('forbidden', 'only an owner can grant or take away the owner role');
      if (m.role === 'owner' && role !== 'owner' && (await tx.users.countWithRole(ws, 'owner')) <= 1) throw conflict('a workspace keeps at least one owner');
      await tx.users.setMembership({ ...m, role });
      await tx.events.append(ws, [{ entity: 'user', record_id: userId, kind: 'role_changed', at: this.now(), actor: by.actor, data: { from: m.role, to: role } }]);
      const member = (await tx.users.workspaceMembers(ws)).find((u) => u.id === userId);
      return member!;
    });
  }

  /** Takes a user out of a workspace: membership gone, their tokens there revoked. The account stays. */
  async removeUser(ws: string, userId: string, by: { actor: string | null; role: Role }): Promise<void> {
    await this.storage.transaction(async (tx) => {
      const m = await tx.users.membership(ws, userId);
      if (!m) throw notFound('user', userId);
      if (m.role === 'owner' && by.role !== 'owner') throw new CrmError('forbidden', 'only an owner can remove an owner');
      if (m.role === 'owner' && (await tx.users.countWithRole(ws, 'owner')) <= 1) throw conflict('a workspace keeps at least one owner');
      await tx.users.removeMembership(ws, userId);
      await tx.tokens.revokeForUser(ws, userId, this.now());
      await tx.events.append(ws, [{ entity: 'user', record_id: userId, kind: 'user_removed', at: this.now(), actor: by.actor, data: { role: m.role } }]);
    });
  }

  async userByEmail(email: string): Promise<StoredUser | undefined> {
    return this.storage.users.byEmail(normalEmail(email));
  }

  async userById(id: string): Promise<StoredUser | undefined> {
    return this.storage.users.get(id);
  }

  /**
   * On an installation without users: an owner of `ws` with the given e-mail and password (a generated password
   * when none is given, returned so the caller can print it once). Does nothing when users exist.
   */
  async ensureFirstOwner(ws: string, opts: { email?: string; password?: string } = {}): Promise<{ email: string; password?: string } | undefined> {
    if ((await this.storage.users.count()) > 0) return undefined;
    const email = opts.email ?? 'admin@localhost';
    try {
      const { user, password } = await this.addUser(ws, { email, name: 'Administrator', role: 'owner', password: opts.password }, { actor: null });
      return { email: user.email, ...(password ? { password } : {}) };
    } catch (e) {
      // Two servers starting together on one PostgreSQL: the other one made the owner first.
      if ((await this.storage.users.count()) > 0) return undefined;
      throw e;
    }
  }
}
