/** Invitations to join a workspace, stored with their code's SHA-256 only (migration 0009). */
import type { Db } from '../database.js';
import type { Invitation, InvitationRepository, InvitationStatus } from '../index.js';

const INVITATION_COLUMNS = ['id', 'workspace_id', 'email', 'name', 'role', 'status', 'created_at', 'created_by', 'expires_at', 'decided_at'] as const;

export class KyselyInvitationRepository implements InvitationRepository {
  constructor(private readonly db: Db) {}

  async insert(i: Invitation & { code_hash: string }) {
    await this.db.insertInto('invitations').values(i).execute();
  }

  async get(id: string) {
    return await this.db.selectFrom('invitations').select([...INVITATION_COLUMNS]).where('id', '=', id).executeTakeFirst();
  }

  async byCodeHash(hash: string) {
    return await this.db.selectFrom('invitations').select([...INVITATION_COLUMNS]).where('code_hash', '=', hash).executeTakeFirst();
  }

  pendingForWorkspace(ws: string, now: string) {
    return this.pending('workspace_id', ws, now);
  }

  pendingForEmail(email: string, now: string) {
    return this.pending('email', email, now);
  }

  /** Pending, unexpired invitations of one workspace or one e-mail address, newest first. */
  private pending(by: 'workspace_id' | 'email', value: string, now: string) {
    return this.db
      .selectFrom('invitations')
      .select([...INVITATION_COLUMNS])
      .where(by, '=', value)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  }

  async decide(id: string, status: Exclude<InvitationStatus, 'pending'>, at: string) {
    const res = await this.db.updateTable('invitations').set({ status, decided_at: at }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}
