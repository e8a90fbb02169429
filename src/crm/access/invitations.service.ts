/** Invitations into a workspace: made by its admins, accepted or declined by the invited person, or redeemed with the code. */
import type { Clock } from '../../core/clock.js';
import { toTimestamp } from '../../core/clock.js';
import { conflict, CrmError, notFound, validationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Invitation, Membership, Role, Storage, StoredUser } from '../../storage/index.js';
import { MINUTE, nowOf, secret, sha256, type Caller } from './access-common.js';
import type { MemberService } from './members.service.js';
import { hashPassword, passwordProblem, verifyPassword, type ScryptCost } from './passwords.js';
import type { SessionService } from './sessions.service.js';
import type { SignInThrottle } from './sign-in-throttle.js';

export const INVITATION_TTL_MS = 7 * 24 * 60 * MINUTE;

/** A pending invitation as the invited person sees it. */
export interface InvitationForMe {
  id: string;
  workspace: { id: string; name: string };
  role: Role;
  invited_by: string | null;
  expires_at: string;
}

export class InvitationService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly cost: ScryptCost,
    private readonly members: MemberService,
    private readonly sessions: SessionService,
    private readonly throttle: SignInThrottle,
  ) {}

  private now() {
    return nowOf(this.clock);
  }

  /**
   * Invites an e-mail into a workspace with a role. The answer is the same whether or not the e-mail has an
   * account: no membership is made until the person accepts (signed in, or with the code, which also lets
   * someone without an account choose a password). A pending invitation to the same e-mail is replaced.
   */
  async invite(ws: string, input: { email: string; name?: string | null; role: Role }, by: { actor: string | null; role?: Role }): Promise<{ invitation: Invitation; code: string }> {
    const email = await this.members.checkNewMember(ws, input, by);
    const now = this.now();
    const code = `inv_${secret()}`;
    const invitation: Invitation = {
      id: newId('iv'),
      workspace_id: ws,
      email,
      name: input.name?.trim() || null,
      role: input.role,
      status: 'pending',
      created_at: now,
      created_by: by.actor,
      expires_at: toTimestamp(new Date(Date.parse(now) + INVITATION_TTL_MS)),
      decided_at: null,
    };
    await this.storage.transaction(async (tx) => {
      // Members are listed to this workspace's admins anyway: saying so reveals nothing about other workspaces.
      const existing = await tx.users.byEmail(email);
      if (existing && (await tx.users.membership(ws, existing.id))) throw conflict(`${email} is already a member of this workspace`, [{ field: 'email', message: 'already a member' }]);
      for (const old of (await tx.users.invitations.pendingForWorkspace(ws, now)).filter((i) => i.email === email)) {
        await tx.users.invitations.decide(old.id, 'revoked', now);
        await tx.events.append(ws, [{ entity: 'invitation', record_id: old.id, kind: 'invitation_revoked', at: now, actor: by.actor, data: { email, replaced_by: invitation.id } }]);
      }
      await tx.users.invitations.insert({ ...invitation, code_hash: sha256(code) });
      await tx.events.append(ws, [{ entity: 'invitation', record_id: invitation.id, kind: 'invitation_created', at: now, actor: by.actor, data: { email, role: input.role } }]);
    });
    return { invitation, code };
  }

  async pendingInvitations(ws: string): Promise<Invitation[]> {
    return this.storage.users.invitations.pendingForWorkspace(ws, this.now());
  }

  async revokeInvitation(ws: string, id: string, by: { actor: string | null; role: Role }): Promise<void> {
    const inv = await this.storage.users.invitations.get(id);
    if (!inv || inv.workspace_id !== ws || inv.status !== 'pending') throw notFound('invitation', id);
    if (inv.role === 'owner' && by.role !== 'owner') throw new CrmError('forbidden', 'only an owner can revoke an invitation to become owner');
    const now = this.now();
    await this.storage.transaction(async (tx) => {
      if (!(await tx.users.invitations.decide(id, 'revoked', now))) throw notFound('invitation', id);
      await tx.events.append(ws, [{ entity: 'invitation', record_id: id, kind: 'invitation_revoked', at: now, actor: by.actor, data: { email: inv.email } }]);
    });
  }

  /** Pending invitations to the caller's e-mail, with the workspace's name (what they would join). */
  async invitationsFor(caller: Caller): Promise<InvitationForMe[]> {
    const pending = await this.storage.users.invitations.pendingForEmail(caller.user.email, this.now());
    return Promise.all(
      pending.map(async (i) => ({
        id: i.id,
        workspace: { id: i.workspace_id, name: (await this.storage.workspaces.get(i.workspace_id))?.name ?? i.workspace_id },
        role: i.role,
        invited_by: i.created_by,
        expires_at: i.expires_at,
      })),
    );
  }

  /** The caller accepts (joins the workspace with the invited role) or declines an invitation to their e-mail. */
  async decideInvitation(caller: Caller, id: string, accept: boolean): Promise<Membership | undefined> {
    const inv = await this.storage.users.invitations.get(id);
    // Someone else's invitation is "not found", like one that does not exist.
    if (!inv || inv.email !== caller.user.email || inv.status !== 'pending' || inv.expires_at <= this.now()) throw notFound('invitation', id);
    const user = await this.storage.users.get(caller.user.id);
    if (!user) throw new CrmError('unauthorized', 'not signed in');
    return accept ? this.join(user, inv) : (await this.decline(user, inv), undefined);
  }

  private async join(user: StoredUser, inv: Invitation): Promise<Membership> {
    const now = this.now();
    return this.storage.transaction(async (tx) => {
      if (!(await tx.users.invitations.decide(inv.id, 'accepted', now))) throw notFound('invitation', inv.id);
      const membership: Membership = (await tx.users.membership(inv.workspace_id, user.id)) ?? { workspace_id: inv.workspace_id, user_id: user.id, role: inv.role, created_at: now };
      if (membership.created_at === now) await tx.users.setMembership(membership);
      await tx.events.append(inv.workspace_id, [
        { entity: 'invitation', record_id: inv.id, kind: 'invitation_accepted', at: now, actor: user.email, data: { email: user.email, role: inv.role } },
        { entity: 'user', record_id: user.id, kind: 'user_added', at: now, actor: inv.created_by, data: { email: user.email, role: membership.role, invitation: inv.id } },
      ]);
      await tx.users.history.append({ user_id: user.id, kind: 'invitation_accepted', at: now, workspace_id: inv.workspace_id, data: { role: membership.role } });
      return membership;
    });
  }

  private async decline(user: StoredUser, inv: Invitation) {
    const now = this.now();
    await this.storage.transaction(async (tx) => {
      if (!(await tx.users.invitations.decide(inv.id, 'declined', now))) throw notFound('invitation', inv.id);
      await tx.events.append(inv.workspace_id, [{ entity: 'invitation', record_id: inv.id, kind: 'invitation_declined', at: now, actor: user.email, data: { email: user.email } }]);
      await tx.users.history.append({ user_id: user.id, kind: 'invitation_declined', at: now, workspace_id: null, data: { workspace: inv.workspace_id } });
    });
  }

  /**
   * Accepts an invitation with its code and signs in: someone without an account chooses its password here;
   * someone with one gives that account's password (a wrong one counts as a failed sign-in of the account).
   */
  async redeemInvitation(code: string, password: string, meta: { ip?: string; name?: string | null } = {}) {
    const inv = code.startsWith('inv_') && code.length <= 200 ? await this.storage.users.invitations.byCodeHash(sha256(code)) : undefined;
    if (!inv || inv.status !== 'pending' || inv.expires_at <= this.now()) throw new CrmError('not_found', 'this invitation is unknown, was already used, revoked or has expired');
    const address = meta.ip ?? 'unknown';
    let user = await this.storage.users.byEmail(inv.email);
    if (user) {
      await this.throttle.refuseIfThrottled(user.id, address);
      if (!(await verifyPassword(password, user.password_hash))) {
        await this.throttle.countFailure(user.id, address, user);
        throw new CrmError('unauthorized', 'wrong password: this e-mail already has an account, sign in with its password to accept');
      }
    } else {
      const name = meta.name?.trim() || inv.name;
      const problem = passwordProblem(password, { email: inv.email, name });
      if (problem) throw validationError(problem, [{ field: 'password', message: problem }]);
      const now = this.now();
      const account: StoredUser = { id: newId('us'), email: inv.email, name, password_hash: await hashPassword(password, this.cost), created_at: now, password_changed_at: now, last_login_at: null };
      try {
        await this.storage.users.insert(account);
      } catch {
        throw conflict('this e-mail got an account meanwhile; sign in with its password to accept');
      }
      user = account;
    }
    const membership = await this.join(user, inv);
    const session = await this.sessions.openSession(user, password, membership, address);
    return { ...session, memberships: await this.storage.users.memberships(user.id), workspace: membership };
  }
}
