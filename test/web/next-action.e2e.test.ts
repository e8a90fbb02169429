/**
 * Next action (issue 18) in a real browser, at 1440×900 and 390×844: a contact's page shows the suggested action with
 * its expected response rate, interval, confidence and reasons (alternatives behind a disclosure); "Make it a task"
 * makes a task that carries the recommendation, completing it asks "Did they respond?", the answer is the
 * recommendation's outcome and the list of past suggestions shows it. Home suggests next actions for the contacts of
 * my tasks; "Done" there logs the action and asks too. Settings → Outreach edits the catalog.
 */
import { describe, expect, it } from 'vitest';
import { artifactPath, browserAvailable } from './browser.js';
import { browserSuite, PHONE, type Json } from './session.js';

const CONTACT = 'ct_00001';
const HOME_CONTACT = 'ct_00002';
/** The default catalog's actions as the card words them. */
const ACTION_WORDS = /^(Send an e-mail|Call|Send a LinkedIn message|Invite to a meeting|Invite to an event|Share a case study|Wait, and check again in a week)$/;
const fitsWidth = () => document.documentElement.scrollWidth <= window.innerWidth + 1;

(browserAvailable ? describe : describe.skip)('next action in a browser', () => {
  const s = browserSuite();
  /** The contact's recommendations, newest first. */
  const recommendationsOf = async (contactId: string): Promise<Json[]> => {
    const rows: Json[] = [];
    let after: string | null = null;
    do {
      const page = await s.owner.api(`/api/recommendations?contact_id=${contactId}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      rows.push(...(page.data as Json[]));
      after = page.next as string | null;
    } while (after);
    return rows.reverse();
  };

  it('shows the next action on a contact page, makes it a task, asks for the outcome when the task is done and lists it', async () => {
    const started = Date.now();
    await s.goto(`/contacts/${CONTACT}`);
    const card = s.page.getByRole('region', { name: 'Next action' });
    const action = card.locator('.nba-action');
    await action.waitFor();
    console.log(`next action: contact page opened to card shown in ${Date.now() - started} ms`);
    expect((await action.textContent())!.trim()).toMatch(ACTION_WORDS);
    // A new workspace has learned nothing: the card says so instead of showing the prior's guess as a rate.
    await card.locator('.nba-rate').getByText(/^Nothing learned yet/).waitFor();
    expect(await card.locator('.nba-confidence').textContent()).toMatch(/\d+% chance it is the best of 7/);
    // Before any outcome the model has no evidence, and says so.
    await card.getByText('Not enough evidence yet').waitFor();
    expect(await card.getByRole('list', { name: 'Why this action' }).locator('li').count()).toBeGreaterThan(0);
    // The alternatives sit behind a disclosure: the rest of the catalog.
    const catalog = (await s.owner.api('/api/settings/outreach')).actions as Json[];
    await card.getByText(/^Other options \(\d+\)$/).click();
    expect(await card.locator('.nba-alternatives li').count()).toBe(catalog.length - 1);
    await s.page.screenshot({ path: artifactPath('next-action-contact-desktop.png') });

    const [shown] = await recommendationsOf(CONTACT);
    expect(shown).toMatchObject({ contact_id: CONTACT, acted_at: null, outcome: null });
    await card.getByRole('button', { name: 'Make it a task' }).click();
    await s.page.locator('.toast-success').filter({ hasText: /^Task added, due/ }).waitFor();
    await card.getByText(/Planned as a task/).waitFor();

    // The task is the contact's, mine, due at 09:00 local time, and carries the recommendation.
    const tasks = (await s.owner.api(`/api/activities?type=task&contact_id=${CONTACT}&completed_at[empty]=true`)).data as Json[];
    const task = tasks.find((t) => t.custom?.recommendation_id === shown!.id);
    expect(task).toBeTruthy();
    expect(new Date(task!.due_at as string).getHours()).toBe(9);
    expect(task!.owner).toBe(s.owner.session.user.id);
    expect((await recommendationsOf(CONTACT))[0]!.acted_at).not.toBeNull();

    // Completing it on the timeline asks whether they responded.
    const item = s.page.locator('.timeline .tl-item').filter({ hasText: task!.subject as string });
    await item.getByRole('checkbox', { name: `Complete task: ${task!.subject}` }).click();
    const question = item.getByRole('group', { name: 'Did they respond?' });
    await question.waitFor();
    await s.page.screenshot({ path: artifactPath('next-action-outcome-desktop.png') });
    await question.getByRole('button', { name: 'Responded', exact: true }).click();
    await s.page.locator('.toast-success').filter({ hasText: 'Outcome saved: they responded' }).waitFor();
    await question.waitFor({ state: 'detached' });
    const answered = (await recommendationsOf(CONTACT)).find((r) => r.id === shown!.id)!;
    expect(answered).toMatchObject({ outcome: 'responded', outcome_source: 'api' });
    // A second outcome for the same recommendation is refused.
    expect((await s.owner.call(`/api/recommendations/${shown!.id}/outcome`, { json: { outcome: 'no_response' } })).status).toBe(409);

    // The list of past suggestions shows it with its outcome.
    await card.getByText('Past suggestions', { exact: true }).click();
    const row = card.locator(`.nba-history li[data-recommendation-id="${shown!.id}"]`);
    await row.getByText('Responded', { exact: true }).waitFor();
    expect(s.pageErrors).toEqual([]);
  });

  it('says why when there is no suggestion, and asks again with "Try again"', async () => {
    const route = '**/api/contacts/*/next-action*';
    let failing = true;
    await s.page.route(route, (r) =>
      failing ? r.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'unavailable', message: 'the model is being retrained' }) }) : r.continue(),
    );
    await s.goto(`/contacts/${CONTACT}`);
    const card = s.page.getByRole('region', { name: 'Next action' });
    await card.getByRole('alert').filter({ hasText: 'No suggestion: the model is being retrained' }).waitFor();
    failing = false;
    await card.getByRole('button', { name: 'Try again' }).click();
    await card.locator('.nba-action').waitFor();
    await s.page.unroute(route);
    expect(s.pageErrors).toEqual([]);
  });

  it('on a phone: Home suggests next actions for my tasks\' contacts, a task made from one asks for its outcome on completion, Done logs and asks', async () => {
    // A task of mine for a second contact, made from a suggestion through the API, due later today.
    const suggestion = await s.owner.api(`/api/contacts/${HOME_CONTACT}/next-action`);
    const due = new Date();
    due.setHours(23, 50, 0, 0);
    const acted = await s.owner.api(`/api/recommendations/${suggestion.recommendationId}/act`, { json: { as: 'task', due_at: due.toISOString(), subject: 'Reach out (suggested)' } });
    const taskId = acted.activity_id as string;
    const task = (await s.owner.api(`/api/activities/${taskId}`)).data as Json;
    expect(task.custom?.recommendation_id).toBe(suggestion.recommendationId);
    expect(task.owner).toBe(s.owner.session.user.id); // the acting member's: it is among my tasks on Home
    const contactName = `${(await s.owner.api(`/api/contacts/${HOME_CONTACT}`)).data.first_name}`;

    const p = await s.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    // Every GET of a next action logs a recommendation: Home asks once per card, and not again when tasks change.
    const nextActionCalls: string[] = [];
    p.on('request', (r) => void (/\/api\/contacts\/[^/]+\/next-action/.test(r.url()) && nextActionCalls.push(r.url())));
    await p.goto(`${s.server.base}/`);
    const suggested = p.getByRole('region', { name: 'Suggested next actions' });
    const homeCard = suggested.locator(`.nba-card[data-contact-id="${HOME_CONTACT}"]`);
    await homeCard.locator('.nba-action').waitFor();
    expect(await homeCard.locator('h3').textContent()).toContain(contactName);
    expect((await homeCard.locator('.nba-action').textContent())!.trim()).toMatch(ACTION_WORDS);
    // Bounded: one card per contact, at most four.
    expect(await suggested.locator('.nba-card').count()).toBeLessThanOrEqual(4);
    expect(await p.evaluate(fitsWidth)).toBe(true);
    await p.screenshot({ path: artifactPath('next-action-home-phone.png') });

    // Completing the task on Home asks; "No response" is recorded.
    const row = p.locator('.home-task').filter({ hasText: 'Reach out (suggested)' });
    await row.getByRole('checkbox', { name: 'Complete task: Reach out (suggested)' }).click();
    const question = row.getByRole('group', { name: 'Did they respond?' });
    await question.waitFor();
    expect(await p.evaluate(fitsWidth)).toBe(true);
    await p.screenshot({ path: artifactPath('next-action-outcome-phone.png') });
    await question.getByRole('button', { name: 'No response' }).click();
    await p.locator('.toast-success').filter({ hasText: 'Outcome saved: no response' }).waitFor();
    expect((await recommendationsOf(HOME_CONTACT)).find((r) => r.id === suggestion.recommendationId)).toMatchObject({ outcome: 'no_response' });
    expect(nextActionCalls).toHaveLength(await suggested.locator('.nba-card').count());

    // "Done" on the card logs the action on the contact's timeline and asks at once; Skip leaves no outcome.
    const shownOnHome = (await recommendationsOf(HOME_CONTACT)).find((r) => r.acted_at === null)!;
    await homeCard.getByRole('button', { name: /^Done: / }).click();
    await p.locator('.toast-success').filter({ hasText: /^Logged: / }).waitFor();
    const ask = homeCard.getByRole('group', { name: 'Did they respond?' });
    await ask.getByRole('button', { name: 'Skip' }).click();
    await ask.waitFor({ state: 'detached' });
    const done = (await recommendationsOf(HOME_CONTACT)).find((r) => r.id === shownOnHome.id)!;
    expect(done.acted_at).not.toBeNull();
    expect(done.outcome).toBeNull();
    const logged = (await s.owner.api(`/api/activities?contact_id=${HOME_CONTACT}&sort=-occurred_at&limit=5`)).data as Json[];
    expect(logged.some((a) => a.custom?.recommendation_id === shownOnHome.id)).toBe(true);

    // The contact's page on the phone: the card, and the past suggestions with the outcome.
    await p.goto(`${s.server.base}/contacts/${HOME_CONTACT}`);
    const card = p.getByRole('region', { name: 'Next action' });
    await card.locator('.nba-action').waitFor();
    await card.getByText('Past suggestions', { exact: true }).click();
    await card.locator(`.nba-history li[data-recommendation-id="${suggestion.recommendationId}"]`).getByText('No response').waitFor();
    await card.locator(`.nba-history li[data-recommendation-id="${shownOnHome.id}"]`).getByText('No outcome yet').waitFor();
    await card.scrollIntoViewIfNeeded();
    expect(await p.evaluate(fitsWidth)).toBe(true);
    await p.screenshot({ path: artifactPath('next-action-contact-phone.png') });
    await p.context().close();
    expect(s.pageErrors).toEqual([]);
  });

  it('edits the outreach catalog in Settings: a label, a new action, the response window; bad keys are refused in words', async () => {
    const before = await s.owner.api('/api/settings/outreach');
    await s.goto('/settings/outreach');
    const form = s.page.getByRole('form', { name: 'Outreach' });
    await form.getByLabel('Label of case_study').fill('Send the retail case study');
    await form.getByLabel('New action key').fill('Webinar invite');
    await form.getByRole('button', { name: 'Add action' }).click();
    await form.getByLabel('Label of webinar_invite').waitFor();
    await form.getByLabel('New action key').fill('9lives');
    await form.getByText('Letters, digits and _, starting with a letter').waitFor();
    await form.getByLabel('New action key').fill('');
    await form.getByLabel('Response window (days)').fill('0');
    await form.getByText('Response window: a whole number of days from 1 to 365').waitFor();
    expect(await form.getByRole('button', { name: 'Save outreach' }).isDisabled()).toBe(true);
    await form.getByLabel('Response window (days)').fill('10');
    await form.getByRole('button', { name: 'Save outreach' }).click();
    await s.page.locator('.toast-success').filter({ hasText: /^Outreach saved/ }).waitFor();
    const saved = await s.owner.api('/api/settings/outreach');
    expect(saved.responseWindowDays).toBe(10);
    expect(saved.actions).toContainEqual({ key: 'case_study', label: 'Send the retail case study' });
    expect(saved.actions.at(-1)).toEqual({ key: 'webinar_invite', label: 'Webinar invite' });
    await s.page.screenshot({ path: artifactPath('next-action-outreach-settings-desktop.png') });
    await s.phone();
    await form.getByLabel('Label of webinar_invite').waitFor();
    expect(await s.page.evaluate(fitsWidth)).toBe(true);
    await s.page.screenshot({ path: artifactPath('next-action-outreach-settings-phone.png') });
    await s.desktop();
    // The card words actions by the catalog's labels (the new action is among the options too).
    await s.goto(`/contacts/${CONTACT}`);
    const card = s.page.getByRole('region', { name: 'Next action' });
    await card.locator('.nba-action').waitFor();
    await card.getByText(/^Other options \(7\)$/).click();
    await card.getByText('Send the retail case study', { exact: true }).waitFor();
    await card.getByText('Webinar invite', { exact: true }).waitFor();
    // Back as it was, for the other suites' sake.
    await s.owner.api('/api/settings/outreach', { method: 'PUT', json: { actions: before.actions, responseWindowDays: before.responseWindowDays, fatigueDays: before.fatigueDays } });
    expect(s.pageErrors).toEqual([]);
  });
});
