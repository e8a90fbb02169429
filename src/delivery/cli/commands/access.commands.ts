/**
 * `crm user …`, `crm token …`, `crm workspace …`, `crm audit`, `crm erase`: for an operator with access to the
 * database (the CLI opens it directly, so it needs no sign-in; what it does is audited as actor "cli").
 */
import { InvalidArgumentError } from 'commander';
import { notFound } from '../../../core/errors.js';
import { generatePassword } from '../../../crm/access/passwords.js';
import { isRole } from '../../../crm/access/roles.js';
import type { Crm } from '../../../crm/index.js';
import type { Role, TokenScope } from '../../../storage/index.js';
import { CLI_ACTOR, type CliContext } from '../context.js';

function roleArg(v: string): Role {
  if (!isRole(v)) throw new InvalidArgumentError('use owner, admin, member or read-only');
  return v;
}

function scopeArg(v: string): TokenScope {
  if (v !== 'read' && v !== 'read-write') throw new InvalidArgumentError('use read or read-write');
  return v;
}

async function userId(crm: Crm, emailOrId: string): Promise<string> {
  const user = emailOrId.includes('@') ? await crm.access.userByEmail(emailOrId) : await crm.access.userById(emailOrId);
  if (!user) throw notFound('user', emailOrId);
  return user.id;
}

export function accessCommands({ program, ws, config, withCrm }: CliContext) {
  const user = program.command('user').description('people who can sign in, and their roles in a workspace');
  user
    .command('add')
    .description('add a new account to the workspace (generated password unless --password); an e-mail that has an account gets an invitation to accept instead')
    .argument('<email>')
    .requiredOption('-r, --role <role>', 'owner, admin, member or read-only', roleArg)
    .option('-n, --name <name>')
    .option('-p, --password <password>', 'initial password of a new account (checked like any password)')
    .action((email: string, o: { role: Role; name?: string; password?: string }) =>
      withCrm(async (crm) => {
        // An existing account joins only with its owner's consent, even when the operator adds it.
        if (await crm.access.userByEmail(email)) return printInvitation(crm, email, o);
        const { user: u, password } = await crm.access.addUser(ws(), { email, name: o.name, role: o.role, password: o.password }, { actor: CLI_ACTOR });
        console.log(`${u.email} is now ${u.role} of ${ws()} (user ${u.id})`);
        if (password) console.log(`password: ${password}  (shown once)`);
      }),
    );
  const printInvitation = async (crm: Crm, email: string, o: { role: Role; name?: string }) => {
    const { invitation, code } = await crm.access.invite(ws(), { email, name: o.name, role: o.role }, { actor: CLI_ACTOR });
    console.log(`invitation ${invitation.id}: ${invitation.email} as ${invitation.role} of ${ws()}, pending until ${invitation.expires_at}`);
    console.log(`code: ${code}  (shown once; they accept it signed in, or with this code on the sign-in page)`);
  };
  user
    .command('invite')
    .description('invite an e-mail to the workspace: it joins when the person accepts (whether or not it has an account)')
    .argument('<email>')
    .requiredOption('-r, --role <role>', 'owner, admin, member or read-only', roleArg)
    .option('-n, --name <name>')
    .action((email: string, o: { role: Role; name?: string }) => withCrm((crm) => printInvitation(crm, email, o)));
  user
    .command('invitations')
    .description('pending invitations of the workspace')
    .action(() =>
      withCrm(async (crm) => {
        for (const i of await crm.access.pendingInvitations(ws())) console.log(`${i.id}\t${i.email}\t${i.role}\texpires ${i.expires_at}\tby ${i.created_by ?? '—'}`);
      }),
    );
  user
    .command('uninvite')
    .description('revoke a pending invitation')
    .argument('<id>')
    .action((id: string) =>
      withCrm(async (crm) => {
        await crm.access.revokeInvitation(ws(), id, { actor: CLI_ACTOR, role: 'owner' });
        console.log(`invitation ${id} revoked`);
      }),
    );
  user
    .command('list')
    .description('members of the workspace')
    .action(() =>
      withCrm(async (crm) => {
        for (const m of await crm.access.members(ws())) console.log(`${m.email}\t${m.role}\t${m.id}\tjoined ${m.joined_at}\tlast sign-in here ${m.last_login_at ?? 'never'}`);
      }),
    );
  user
    .command('role')
    .description("change a member's role")
    .argument('<email>')
    .argument('<role>', 'owner, admin, member or read-only', roleArg)
    .action((email: string, role: Role) =>
      withCrm(async (crm) => {
        const m = await crm.access.setRole(ws(), await userId(crm, email), role, { actor: CLI_ACTOR, role: 'owner' });
        console.log(`${m.email} is now ${m.role} of ${ws()}`);
      }),
    );
  user
    .command('remove')
    .description('take a person out of the workspace (their tokens there are revoked)')
    .argument('<email>')
    .action((email: string) =>
      withCrm(async (crm) => {
        await crm.access.removeUser(ws(), await userId(crm, email), { actor: CLI_ACTOR, role: 'owner' });
        console.log(`${email} removed from ${ws()}`);
      }),
    );
  user
    .command('password')
    .description("set a user's password (ends their sessions); reads CRM_NEW_PASSWORD, else generates one and prints it")
    .argument('<email>')
    .option('--revoke-tokens', 'also revoke all their API tokens, in every workspace')
    .action((email: string, o: { revokeTokens?: boolean }) =>
      withCrm(async (crm) => {
        const chosen = config().newPassword;
        const generated = chosen ? undefined : generatePassword();
        const { tokens_revoked } = await crm.access.setPassword(await userId(crm, email), chosen ?? generated!, undefined, CLI_ACTOR, { revokeTokens: o.revokeTokens });
        console.log(generated ? `new password for ${email}: ${generated}  (shown once)` : `password of ${email} changed`);
        if (o.revokeTokens) console.log(`${tokens_revoked} API token${tokens_revoked === 1 ? '' : 's'} revoked`);
      }),
    );

  const token = program.command('token').description('API tokens for scripts (Authorization: Bearer …)');
  token
    .command('create')
    .description('create an API token for a member; prints only the token (shown once)')
    .requiredOption('-u, --user <email>', 'the member the token acts as')
    .option('-s, --scope <scope>', 'read or read-write', scopeArg, 'read-write' as TokenScope)
    .option('-n, --name <name>', 'what the token is for', 'cli')
    .action((o: { user: string; scope: TokenScope; name: string }) =>
      withCrm(async (crm) => {
        const { token: secret } = await crm.access.createToken(ws(), await userId(crm, o.user), { name: o.name, scope: o.scope }, CLI_ACTOR);
        console.log(secret);
      }),
    );
  token
    .command('list')
    .description("the workspace's API tokens (never their secrets)")
    .action(() =>
      withCrm(async (crm) => {
        for (const t of await crm.access.listTokens(ws())) {
          console.log(`${t.id}\t${t.prefix}…\t${t.scope}\t${t.user_email}\t${t.name}\t${t.revoked_at ? `revoked ${t.revoked_at}` : `last used ${t.last_used_at ?? 'never'}`}`);
        }
      }),
    );
  token
    .command('revoke')
    .argument('<id>')
    .description('revoke an API token')
    .action((id: string) =>
      withCrm(async (crm) => {
        await crm.access.revokeToken(ws(), id, { userId: '', role: 'owner', actor: CLI_ACTOR });
        console.log(`token ${id} revoked`);
      }),
    );

  const workspace = program.command('workspace').description('workspaces (tenants): each has its own records, members and settings');
  workspace
    .command('create')
    .argument('<id>', 'letters, digits, - and _')
    .requiredOption('-o, --owner <email>', 'its first owner (an existing account, or a new one with a generated password)')
    .option('-n, --name <name>')
    .action((id: string, o: { owner: string; name?: string }) =>
      withCrm(async (crm) => {
        await crm.workspaces.create(id, o.name);
        const { user: u, password } = await crm.access.addUser(id, { email: o.owner, role: 'owner' }, { actor: CLI_ACTOR });
        console.log(`workspace ${id} created; owner ${u.email}`);
        if (password) console.log(`password: ${password}  (shown once)`);
      }),
    );
  workspace
    .command('list')
    .action(() =>
      withCrm(async (crm) => {
        for (const w of await crm.workspaces.list()) console.log(`${w.id}\t${w.name}`);
      }),
    );

  program
    .command('audit')
    .description('the audit log of the workspace, newest first')
    .option('--actor <email>')
    .option('--kind <kind>', 'created, updated, deleted, stage_changed, merged, erased, login, login_failed, …')
    .option('--entity <entity>', 'contact, deal, company, activity, user, token')
    .option('--limit <n>', 'how many', (v) => Number(v), 50)
    .option('--json', 'print JSON lines')
    .action((o: { actor?: string; kind?: string; entity?: string; limit: number; json?: boolean }) =>
      withCrm(async (crm) => {
        const { data } = await crm.audit.list(ws(), { actor: o.actor, kind: o.kind, entity: o.entity, limit: Math.max(1, Math.min(o.limit || 50, 10_000)) });
        for (const e of data) console.log(o.json ? JSON.stringify(e) : `${e.at}  ${(e.actor ?? '—').padEnd(24)} ${e.kind.padEnd(14)} ${e.entity} ${e.record_id}`);
      }),
    );

  program
    .command('erase')
    .description('erase a contact and the personal data of its activities (right to erasure); prints what was done')
    .argument('<contact-id>')
    .action((id: string) =>
      withCrm(async (crm) => {
        console.log(JSON.stringify(await crm.privacy.eraseContact(ws(), id, { source: 'cli', actor: CLI_ACTOR }), null, 2));
      }),
    );
}
