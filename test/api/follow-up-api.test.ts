/**
 * Follow-up (issue 15) over real HTTP on SQLite and PostgreSQL: tasks completed, reopened, edited and deleted
 * (audited); outcome and duration of calls and meetings; last_contacted_at of contacts and companies (back-dating
 * never moves it back); owners as members (API, list filter owner=me, imports by e-mail or name); the home
 * screen's figures; and the migration's one-time recompute.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { recomputeLastContacted } from '../../src/storage/migrations/0012-follow-up.js';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSuite } from '../support/serve.js';

// The suites' clock: 2026-11-01T12:00:00Z.
describeEachBackend('follow-up over HTTP', (ctx) => {
  const { call, server } = serveSuite(ctx);
  let ownerId: string;

  beforeAll(async () => {
    ownerId = (await call('GET', '/api/auth/session')).body.user.id;
  });

  it('completes, reopens, edits and deletes a task, each step in the audit log', async () => {
    const person = (await call('POST', '/api/contacts', { first_name: 'Tara', last_name: 'Task' })).body.data;
    const created = await call('POST', '/api/activities', { type: 'task', subject: 'Send the proposal', contact_id: person.id, occurred_at: '2026-11-01T12:00:00Z', due_at: '2026-11-03T15:30:00Z', owner: ownerId });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect(created.body.data).toMatchObject({ due_at: '2026-11-03T15:30:00Z', completed_at: null, owner: ownerId });

    expect((await call('PATCH', `/api/activities/${id}`, { completed_at: '2026-11-01T12:00:00Z' })).body.data.completed_at).toBe('2026-11-01T12:00:00Z');
    expect((await call('PATCH', `/api/activities/${id}`, { completed_at: null })).body.data.completed_at).toBeNull();
    const edited = await call('PATCH', `/api/activities/${id}`, { subject: 'Send the revised proposal', due_at: '2026-11-04T09:00:00Z' });
    expect(edited.body.data).toMatchObject({ subject: 'Send the revised proposal', due_at: '2026-11-04T09:00:00Z' });
    expect((await call('DELETE', `/api/activities/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/activities/${id}`)).status).toBe(404);

    const audit = (await call('GET', `/api/audit?record_id=${id}`)).body.data as Json[];
    expect(audit.map((e) => e.kind)).toEqual(['deleted', 'updated', 'updated', 'updated', 'created']);
    expect(audit[3]!.data.changes.completed_at).toEqual([null, '2026-11-01T12:00:00Z']);
    expect(audit[2]!.data.changes.completed_at).toEqual(['2026-11-01T12:00:00Z', null]);
    expect(audit[0]!.data.record.subject).toBe('Send the revised proposal');
  });

  it('takes an outcome and a duration on calls and meetings, of their own type, and refuses the rest naming the field', async () => {
    const base = { occurred_at: '2026-10-30T10:00:00Z' };
    const callRec = await call('POST', '/api/activities', { ...base, type: 'call', outcome: 'left_voicemail', duration_minutes: 3 });
    expect(callRec.status).toBe(201);
    expect(callRec.body.data).toMatchObject({ outcome: 'left_voicemail', duration_minutes: 3 });
    expect((await call('POST', '/api/activities', { ...base, type: 'meeting', outcome: 'no_show', duration_minutes: 0 })).status).toBe(201);

    const wrongType = await call('POST', '/api/activities', { ...base, type: 'call', outcome: 'held' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.details).toEqual([{ field: 'outcome', message: expect.stringContaining('a call takes one of connected, left_voicemail, no_answer, busy, wrong_number') }]);
    const onNote = await call('POST', '/api/activities', { ...base, type: 'note', duration_minutes: 5 });
    expect(onNote.status).toBe(400);
    expect(onNote.body.details[0].field).toBe('duration_minutes');
    expect((await call('POST', '/api/activities', { ...base, type: 'call', duration_minutes: -1 })).body.details[0].field).toBe('duration_minutes');
    expect((await call('POST', '/api/activities', { ...base, type: 'call', duration_minutes: 2.5 })).status).toBe(400);
    expect((await call('POST', '/api/activities', { ...base, type: 'call', outcome: 'maybe' })).status).toBe(400);
    // Turning the call into a note would leave an outcome on a note.
    const toNote = await call('PATCH', `/api/activities/${callRec.body.data.id}`, { type: 'note' });
    expect(toNote.status).toBe(400);
    expect(toNote.body.details[0].field).toBe('outcome');
    expect((await call('PATCH', `/api/activities/${callRec.body.data.id}`, { type: 'note', outcome: null, duration_minutes: null })).status).toBe(200);
  });

  it('moves last_contacted_at of the contact and the company forward on e-mails, calls and meetings, never back', async () => {
    const company = (await call('POST', '/api/companies', { name: 'Contacto Ltd' })).body.data;
    const person = (await call('POST', '/api/contacts', { first_name: 'Carl', last_name: 'Contact', company_id: company.id })).body.data;
    const last = async () => [
      (await call('GET', `/api/contacts/${person.id}`)).body.data.last_contacted_at,
      (await call('GET', `/api/companies/${company.id}`)).body.data.last_contacted_at,
    ];
    expect(await last()).toEqual([null, null]);

    const log = (type: string, occurred_at: string) => call('POST', '/api/activities', { type, occurred_at, contact_id: person.id, company_id: company.id });
    await log('call', '2026-10-20T09:00:00Z');
    expect(await last()).toEqual(['2026-10-20T09:00:00Z', '2026-10-20T09:00:00Z']);
    // Back-dated: older than what is stored, nothing moves.
    await log('email', '2026-09-01T09:00:00Z');
    expect(await last()).toEqual(['2026-10-20T09:00:00Z', '2026-10-20T09:00:00Z']);
    // Notes and tasks are no contact; a meeting planned for next week is none yet.
    await log('note', '2026-10-31T09:00:00Z');
    await log('task', '2026-10-31T09:00:00Z');
    await log('meeting', '2026-11-08T09:00:00Z');
    expect(await last()).toEqual(['2026-10-20T09:00:00Z', '2026-10-20T09:00:00Z']);
    // A company-only meeting moves the company alone.
    await call('POST', '/api/activities', { type: 'meeting', occurred_at: '2026-10-25T09:00:00Z', company_id: company.id });
    expect(await last()).toEqual(['2026-10-20T09:00:00Z', '2026-10-25T09:00:00Z']);
    // Re-dating an e-mail to later moves both; deleting it leaves the date (said in crm/follow-up.ts).
    const email = (await log('email', '2026-10-01T09:00:00Z')).body.data;
    await call('PATCH', `/api/activities/${email.id}`, { occurred_at: '2026-10-30T16:45:00Z' });
    expect(await last()).toEqual(['2026-10-30T16:45:00Z', '2026-10-30T16:45:00Z']);
    await call('DELETE', `/api/activities/${email.id}`);
    expect(await last()).toEqual(['2026-10-30T16:45:00Z', '2026-10-30T16:45:00Z']);
    // "Not contacted in 30 days" stays true for the rest: the filter sees the dates.
    const stale = (await call('GET', `/api/contacts?last_contacted_at[lt]=2026-10-02&id=${person.id}`)).body.data;
    expect(stale).toEqual([]);
  });

  it('takes only members as owners (400 naming the field), filters owner=me, and lists members for pickers', async () => {
    const bad = await call('POST', '/api/deals', { name: 'Nobody\'s deal', stage: 'lead', owner: 'Dana Free-Text' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'owner', message: expect.stringContaining('Dana Free-Text is not a member of this workspace') }]);
    await ctx().crm.storage.workspaces.ensure({ id: 'ws_elsewhere', name: 'Elsewhere', created_at: '2026-11-01T12:00:00Z' });
    const stranger = await server().member('member', { ws: 'ws_elsewhere' });
    expect((await call('POST', '/api/deals', { name: 'Foreign owner', stage: 'lead', owner: stranger.userId })).status).toBe(400);

    const colleague = await server().member('member');
    const mine = (await call('POST', '/api/deals', { name: 'My deal', stage: 'lead', owner: ownerId })).body.data;
    const theirs = (await call('POST', '/api/deals', { name: 'Their deal', stage: 'lead', owner: colleague.userId })).body.data;
    expect((await call('GET', '/api/deals?owner=me')).body.data.map((d: Json) => d.id)).toEqual([mine.id]);
    expect((await colleague.call('GET', '/api/deals?owner=me')).body.data.map((d: Json) => d.id)).toEqual([theirs.id]);
    expect((await call('PATCH', `/api/deals/${theirs.id}`, { owner: 'someone' })).body.details[0].field).toBe('owner');
    expect((await call('PATCH', `/api/deals/${theirs.id}`, { owner: null })).body.data.owner).toBeNull();

    // Every member (not only admins) may read the directory: names for owner columns and pickers.
    const members = (await colleague.call('GET', '/api/members')).body.data as Json[];
    expect(members).toEqual(expect.arrayContaining([{ id: colleague.userId, name: null, email: colleague.email }, expect.objectContaining({ id: ownerId })]));
    expect(members.some((m) => m.id === stranger.userId)).toBe(false);
  });

  it('imports owners given by a member\'s e-mail or name, refuses unknown ones per row, and moves last contacted', async () => {
    const { crm } = ctx();
    const { user } = await crm.access.addUser('default', { email: 'imke.importer@test.example', name: 'Imke Importer', role: 'member', password: 'correct horse battery' }, { actor: null });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'follow-up-import-'));
    const contacts = path.join(dir, 'contacts.csv');
    fs.writeFileSync(contacts, 'id,first_name,last_name,owner\nct_fu_1,Ann,ByMail,IMKE.importer@test.example\nct_fu_2,Bob,ByName,imke importer\nct_fu_3,Cy,ById,' + user.id + '\nct_fu_4,Di,Nobody,Somebody Else\n');
    const failed = await crm.importer.importFile('default', 'contact', contacts);
    expect(failed.rolled_back).toBe(true);
    expect(failed.errors).toEqual([expect.objectContaining({ line: 5, field: 'owner', message: expect.stringContaining('"Somebody Else" is not a member of this workspace') })]);
    const report = await crm.importer.importFile('default', 'contact', contacts, { skipInvalid: true });
    expect(report.inserted).toBe(3);
    for (const id of ['ct_fu_1', 'ct_fu_2', 'ct_fu_3']) expect((await call('GET', `/api/contacts/${id}`)).body.data.owner).toBe(user.id);

    const activities = path.join(dir, 'activities.csv');
    fs.writeFileSync(
      activities,
      'id,type,contact_id,occurred_at,subject,outcome,duration_minutes\n' +
        'ac_fu_1,call,ct_fu_1,2026-10-10T10:00:00Z,Intro call,connected,25\n' +
        'ac_fu_2,email,ct_fu_1,2026-10-12T10:00:00Z,Follow-up,,\n' +
        'ac_fu_3,note,ct_fu_2,2026-10-12T10:00:00Z,Just a note,,\n' +
        'ac_fu_4,meeting,ct_fu_3,2026-10-12T10:00:00Z,Wrong outcome,busy,\n',
    );
    const acts = await crm.importer.importFile('default', 'activity', activities, { skipInvalid: true });
    expect(acts.errors).toEqual([expect.objectContaining({ line: 5, field: 'outcome' })]);
    expect(acts.inserted).toBe(3);
    expect((await call('GET', '/api/activities/ac_fu_1')).body.data).toMatchObject({ outcome: 'connected', duration_minutes: 25 });
    expect((await call('GET', '/api/contacts/ct_fu_1')).body.data.last_contacted_at).toBe('2026-10-12T10:00:00Z');
    expect((await call('GET', '/api/contacts/ct_fu_2')).body.data.last_contacted_at).toBeNull();

    // Export → import round trip: the task and call columns go out (only because some record has them) and back in.
    const task = (await call('POST', '/api/activities', { type: 'task', subject: 'Export me', occurred_at: '2026-10-01T08:00:00Z', due_at: '2026-10-02T16:30:00Z', completed_at: '2026-10-02T15:00:00Z', owner: ownerId, contact_id: 'ct_fu_1' })).body.data;
    const out = path.join(dir, 'out');
    await crm.exporter.exportDirectory('default', out);
    const header = fs.readFileSync(path.join(out, 'activities.csv'), 'utf8').split('\n')[0]!;
    expect(header).toBe('id,type,contact_id,company_id,deal_id,occurred_at,subject,body,owner,due_at,completed_at,outcome,duration_minutes');
    await crm.storage.workspaces.ensure({ id: 'ws_roundtrip', name: 'Round trip', created_at: '2026-11-01T12:00:00Z' });
    // The same people are members there (owners are user ids, which belong to the installation).
    for (const m of await crm.access.members('default')) await crm.storage.users.setMembership({ workspace_id: 'ws_roundtrip', user_id: m.id, role: 'member', created_at: '2026-11-01T12:00:00Z' });
    const back = await crm.importer.importDirectory('ws_roundtrip', out);
    expect(back.files.every((f) => f.errors.length === 0)).toBe(true);
    for (const id of ['ac_fu_1', 'ct_fu_1', task.id]) {
      const entity = id.startsWith('ac') ? 'activity' : 'contact';
      const [a, b] = [await crm.records.get('default', entity, id), await crm.records.get('ws_roundtrip', entity, id)];
      expect({ ...b, created_at: null, updated_at: null }).toEqual({ ...a, created_at: null, updated_at: null });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the home screen: my tasks overdue, today and this week; my deals closing soon or overdue; recent activity', async () => {
    const colleague = await server().member('member');
    const task = (subject: string, due_at: string | null, owner = ownerId, extra: Json = {}) =>
      call('POST', '/api/activities', { type: 'task', subject, occurred_at: '2026-11-01T08:00:00Z', due_at, owner, ...extra });
    const person = (await call('POST', '/api/contacts', { first_name: 'Hope', last_name: 'Home' })).body.data;
    await task('Overdue task', '2026-10-31T09:00:00Z', ownerId, { contact_id: person.id });
    await task('Later today', '2026-11-01T17:00:00Z');
    await task('Friday', '2026-11-06T10:00:00Z');
    await task('Next month', '2026-12-01T10:00:00Z');
    await task('Done already', '2026-10-30T10:00:00Z', ownerId, { completed_at: '2026-10-30T11:00:00Z' });
    await task('Not mine', '2026-11-01T18:00:00Z', colleague.userId);
    await call('POST', '/api/deals', { name: 'Closing soon', stage: 'proposal', expected_close: '2026-11-10', owner: ownerId });
    await call('POST', '/api/deals', { name: 'Slipped', stage: 'negotiation', expected_close: '2026-10-15', owner: ownerId });
    await call('POST', '/api/deals', { name: 'Far away', stage: 'proposal', expected_close: '2027-02-01', owner: ownerId });
    await call('POST', '/api/deals', { name: 'Won already', stage: 'closed_won', expected_close: '2026-11-05', owner: ownerId });
    await call('POST', '/api/deals', { name: 'Colleague closing', stage: 'lead', expected_close: '2026-11-05', owner: colleague.userId });

    const home = await call('GET', '/api/home');
    expect(home.status).toBe(200);
    const subjects = (xs: Json[]) => xs.map((x) => x.subject ?? x.name);
    expect(home.body.me).toBe(ownerId);
    expect(subjects(home.body.tasks.overdue)).toEqual(['Overdue task']);
    expect(home.body.tasks.overdue[0].contact_name).toBe('Hope Home');
    expect(subjects(home.body.tasks.today)).toEqual(['Later today']);
    expect(subjects(home.body.tasks.this_week)).toEqual(['Friday']);
    expect(subjects(home.body.deals.overdue)).toEqual(['Slipped']);
    expect(subjects(home.body.deals.closing_soon)).toEqual(['Closing soon']);
    expect(home.body.recent.length).toBeGreaterThan(0);
    expect(home.body.recent.every((a: Json) => a.type !== 'task' && a.occurred_at <= '2026-11-01T13:00:00Z')).toBe(true);

    // The colleague's home holds their own.
    const theirs = (await colleague.call('GET', '/api/home')).body;
    expect(subjects(theirs.tasks.today)).toEqual(['Not mine']);
    expect(subjects(theirs.deals.closing_soon)).toEqual(['Colleague closing']);

    // A caller in UTC-10 whose day started at 10:00Z: 09:00Z on 31 Oct is still overdue, 17:00Z is today.
    const west = (await call('GET', '/api/home?day_start=2026-11-01T10:00:00Z')).body;
    expect(west.day_start).toBe('2026-11-01T10:00:00Z');
    expect(subjects(west.tasks.today)).toEqual(['Later today']);
    const badDay = await call('GET', '/api/home?day_start=yesterday');
    expect(badDay.status).toBe(400);
    expect(badDay.body.details[0].field).toBe('day_start');
  });

  it('recomputes last_contacted_at once from logged activities, keeping later stored dates (migration 0012)', async () => {
    const { crm } = ctx();
    const db = (crm.storage as unknown as { db: import('kysely').Kysely<any> }).db;
    const co = (await call('POST', '/api/companies', { name: 'Recompute Co' })).body.data;
    const a = (await call('POST', '/api/contacts', { first_name: 'Re', last_name: 'Compute', company_id: co.id })).body.data;
    const b = (await call('POST', '/api/contacts', { first_name: 'Kept', last_name: 'Later', company_id: co.id })).body.data;
    await call('POST', '/api/activities', { type: 'call', occurred_at: '2026-10-05T10:00:00Z', contact_id: a.id, company_id: co.id });
    await call('POST', '/api/activities', { type: 'meeting', occurred_at: '2026-10-07T10:00:00Z', contact_id: b.id });
    await call('POST', '/api/activities', { type: 'note', occurred_at: '2026-10-20T10:00:00Z', contact_id: a.id });
    // As a database from before 0012 would have it: nothing set, and one date from elsewhere that is later.
    await db.updateTable('contacts').set({ last_contacted_at: null }).where('id', '=', a.id).execute();
    await db.updateTable('contacts').set({ last_contacted_at: '2026-10-09T00:00:00Z' }).where('id', '=', b.id).execute();
    await db.updateTable('companies').set({ last_contacted_at: null }).where('id', '=', co.id).execute();

    const changed = await recomputeLastContacted(db, '2026-11-01T12:00:00Z');
    expect(changed.contacts).toBeGreaterThanOrEqual(1);
    expect((await call('GET', `/api/contacts/${a.id}`)).body.data.last_contacted_at).toBe('2026-10-05T10:00:00Z');
    expect((await call('GET', `/api/contacts/${b.id}`)).body.data.last_contacted_at).toBe('2026-10-09T00:00:00Z');
    expect((await call('GET', `/api/companies/${co.id}`)).body.data.last_contacted_at).toBe('2026-10-05T10:00:00Z');
    // Run again: nothing left to change for these.
    await recomputeLastContacted(db, '2026-11-01T12:00:00Z');
    expect((await call('GET', `/api/contacts/${b.id}`)).body.data.last_contacted_at).toBe('2026-10-09T00:00:00Z');
  });
});
