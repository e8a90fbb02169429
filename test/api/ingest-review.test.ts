/**
 * The review inbox over real HTTP on SQLite and PostgreSQL: links less sure than the workspace's threshold are not
 * guessed — the item is written without them and waits in GET /api/ingest/review until a member accepts, changes
 * or rejects it — and files dropped on a record page (?contactId / ?companyId / ?dealId) are linked to it for sure.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import type { Json } from '../support/http.js';
import { serveSuite } from '../support/serve.js';

let serial = 0;
/** An e-mail from Ada that names no product: with two open deals of hers, which one it is about is a guess. */
function vagueMail(subject: string): Uint8Array {
  serial++;
  return new TextEncoder().encode([
    'From: Ada Byron <ada@analytical.example>',
    'To: sales@hololoom.example',
    `Subject: ${subject}`,
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    `Message-ID: <review-${serial}-${Date.now()}@analytical.example>`,
    '',
    `Thanks for the call (${serial}). Let us talk again next month.`,
    '',
  ].join('\r\n'));
}

describeEachBackend('ingestion review inbox over HTTP', (ctx) => {
  const { call, server } = serveSuite(ctx);
  let company: Json;
  let ada: Json;
  let older: Json;
  let newer: Json;

  async function upload(name: string, bytes: Uint8Array, query = '') {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(bytes)]), name);
    const res = await server().fetch(`/api/ingest${query}`, { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as Json };
  }

  beforeAll(async () => {
    company = (await call('POST', '/api/companies', { name: 'Analytical Engines', domain: 'analytical.example' })).body.data;
    ada = (await call('POST', '/api/contacts', { first_name: 'Ada', last_name: 'Byron', email: 'ada@analytical.example', company_id: company.id })).body.data;
    older = (await call('POST', '/api/deals', { name: 'Analytical – Difference Engine', product: 'Difference Engine', stage: 'proposal', amount: 10000, company_id: company.id, contact_id: ada.id })).body.data;
    newer = (await call('POST', '/api/deals', { name: 'Analytical – Mill', product: 'Mill', stage: 'qualified', amount: 20000, company_id: company.id, contact_id: ada.id })).body.data;
    // The newer deal is the latest updated: the guess the service would make.
    await call('PATCH', `/api/deals/${newer.id}`, { amount: 21000 });
  });

  it('holds a guessed deal for review: the activity keeps its sure links, the review suggests the deal', async () => {
    expect((await call('GET', '/api/settings/ingest')).body).toEqual({ reviewThreshold: 0.6 });
    const { status, body } = await upload('vague.eml', vagueMail('Catching up'));
    expect(status).toBe(200);
    const file = body.files[0] as Json;
    expect(file.reviewIds).toHaveLength(1);
    expect(file.linked).toEqual({ contacts: [ada.id], companies: [company.id], deals: [] });
    const activity = (await call('GET', `/api/activities/${file.activityIds[0]}`)).body.data;
    expect(activity).toMatchObject({ contact_id: ada.id, company_id: company.id, deal_id: null });
    const inbox = (await call('GET', '/api/ingest/review')).body;
    expect(inbox.threshold).toBe(0.6);
    const review = (inbox.items as Json[]).find((r) => r.id === file.reviewIds[0]);
    expect(review).toMatchObject({ fileName: 'vague.eml', kind: 'email', activityId: activity.id, subject: 'Catching up', status: 'pending', confidence: 0.5, suggestion: { contactId: ada.id, companyId: company.id, confidences: { contact: 1, deal: 0.5 } } });
    // Which of her two open deals: the latest updated, a guess — hence the review.
    expect([older.id, newer.id]).toContain(review!.suggestion.dealId);
  });

  it('accepts a review: the suggested deal is applied; a second decision is a 409', async () => {
    const file = (await upload('accept.eml', vagueMail('Accept me'))).body.files[0] as Json;
    const id = file.reviewIds[0] as string;
    const suggested = ((await call('GET', '/api/ingest/review')).body.items as Json[]).find((r) => r.id === id)!.suggestion.dealId as string;
    const res = await call('POST', `/api/ingest/review/${id}`, { accept: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'accepted', resolution: { contactId: ada.id, companyId: company.id, dealId: suggested } });
    expect((await call('GET', `/api/activities/${file.activityIds[0]}`)).body.data.deal_id).toBe(suggested);
    expect((await call('POST', `/api/ingest/review/${id}`, { reject: true })).status).toBe(409);
    expect(((await call('GET', '/api/ingest/review')).body.items as Json[]).map((r) => r.id)).not.toContain(id);
    expect(((await call('GET', '/api/ingest/review?status=accepted')).body.items as Json[]).map((r) => r.id)).toContain(id);
  });

  it('changes a review to another deal, and rejects one leaving the activity as written', async () => {
    const changed = (await upload('change.eml', vagueMail('Change me'))).body.files[0] as Json;
    const res = await call('POST', `/api/ingest/review/${changed.reviewIds[0]}`, { change: { dealId: older.id } });
    expect(res.body).toMatchObject({ status: 'changed', resolution: { contactId: ada.id, companyId: company.id, dealId: older.id } });
    expect((await call('GET', `/api/activities/${changed.activityIds[0]}`)).body.data.deal_id).toBe(older.id);

    const rejected = (await upload('reject.eml', vagueMail('Reject me'))).body.files[0] as Json;
    expect((await call('POST', `/api/ingest/review/${rejected.reviewIds[0]}`, { reject: true })).body).toMatchObject({ status: 'rejected' });
    expect((await call('GET', `/api/activities/${rejected.activityIds[0]}`)).body.data).toMatchObject({ contact_id: ada.id, deal_id: null });
  });

  it('refuses a malformed decision, an unknown record and an unknown review', async () => {
    const file = (await upload('bad.eml', vagueMail('Bad decisions'))).body.files[0] as Json;
    const id = file.reviewIds[0] as string;
    expect((await call('POST', `/api/ingest/review/${id}`, {})).status).toBe(400);
    expect((await call('POST', `/api/ingest/review/${id}`, { change: {} })).status).toBe(400);
    expect((await call('POST', `/api/ingest/review/${id}`, { change: { dealId: 'de_missing' } })).status).toBe(404);
    expect((await call('POST', '/api/ingest/review/rev_missing', { accept: true })).status).toBe(404);
    // Nothing was applied by the refused change: the review is still pending.
    expect(((await call('GET', '/api/ingest/review')).body.items as Json[]).map((r) => r.id)).toContain(id);
  });

  it('links files dropped on a record page to that record for sure (no review), and refuses an unknown one', async () => {
    const note = new TextEncoder().encode(`Site visit notes ${Date.now()}\nThe team liked the demo; budget approval expected in April.`);
    const { status, body } = await upload('visit.txt', note, `?dealId=${older.id}`);
    expect(status).toBe(200);
    const file = body.files[0] as Json;
    expect(file.reviewIds).toBeUndefined();
    expect(file.linked).toEqual({ contacts: [ada.id], companies: [company.id], deals: [older.id] });
    expect((await call('GET', `/api/activities/${file.activityIds[0]}`)).body.data).toMatchObject({ contact_id: ada.id, company_id: company.id, deal_id: older.id });
    // On a contact's page, a vague mail is hers and still asks which deal.
    const onContact = (await upload('on-contact.eml', vagueMail('From her page'), `?contactId=${ada.id}`)).body.files[0] as Json;
    expect(onContact.linked.contacts).toEqual([ada.id]);
    const unknown = await upload('lost.txt', new TextEncoder().encode(`Nothing ${Date.now()}`), '?contactId=co_missing');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/contact co_missing .* does not exist/);
    expect((await upload('two.txt', new TextEncoder().encode(`Two ${Date.now()}`), `?contactId=${ada.id}&dealId=${older.id}`)).status).toBe(400);
  });

  it('applies every link when an admin sets the threshold to 0', async () => {
    expect((await call('PUT', '/api/settings/ingest', { reviewThreshold: 0 })).body).toEqual({ reviewThreshold: 0 });
    const file = (await upload('sure.eml', vagueMail('No review now'))).body.files[0] as Json;
    expect(file.reviewIds).toBeUndefined();
    expect(file.linked.deals).toHaveLength(1);
    expect((await call('PUT', '/api/settings/ingest', { reviewThreshold: 1.5 })).status).toBe(400);
    await call('PUT', '/api/settings/ingest', { reviewThreshold: 0.6 });
  });

  it('watches a mailbox for continuous sync (an admin setting; the password stays in the environment)', async () => {
    const res = await call('POST', '/api/settings/mailboxes', { url: 'imap://sales@mail.example.com/INBOX', passwordEnv: 'CRM_IMAP_PASSWORD', everyMinutes: 15 });
    expect(res.status).toBe(200);
    expect(res.body.mailboxes).toContainEqual({ url: 'imap://sales@mail.example.com:143/INBOX', passwordEnv: 'CRM_IMAP_PASSWORD', everyMinutes: 15, lastUid: null });
    expect((await call('GET', '/api/settings/mailboxes')).body.mailboxes).toHaveLength(1);
    expect((await call('POST', '/api/settings/mailboxes', { url: 'imap://sales:secret@mail.example.com/INBOX', passwordEnv: 'CRM_IMAP_PASSWORD', everyMinutes: 15 })).status).toBe(400);
    expect((await call('POST', '/api/settings/mailboxes', { url: 'imap://sales@mail.example.com/INBOX', passwordEnv: 'not a name', everyMinutes: 15 })).status).toBe(400);
    expect((await call('POST', '/api/settings/mailboxes', { url: 'http://mail.example.com/', passwordEnv: 'CRM_IMAP_PASSWORD', everyMinutes: 15 })).status).toBe(400);
  });
});
