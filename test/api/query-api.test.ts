/**
 * POST /api/query over real HTTP on SQLite and PostgreSQL, on the shared data set: the answers are checked
 * against the CSV files read directly here, so the storage plan (sub-queries on the company, role titles,
 * aggregates) is checked end to end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { HashingProvider } from '../../src/intelligence/embeddings/index.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence/index.js';
import { subscribeMemory } from '../../src/intelligence/memory/embedding-queue.js';
import { describeEachBackend, SHARED_AVAILABLE, SHARED_CRM_DIR } from '../support/backends.js';
import { serveForTest, type TestServer } from '../support/serve.js';

type Row = Record<string, string>;
type Json = Record<string, any>;
const csv = (name: string) => (SHARED_AVAILABLE ? (parse(fs.readFileSync(path.join(SHARED_CRM_DIR, `${name}.csv`)), { columns: true }) as Row[]) : []);
const companies = new Map(csv('companies').map((c) => [c.id!, c]));
const contacts = csv('contacts');
const deals = csv('deals');
const open = (d: Row) => !d.stage!.startsWith('closed');
const ids = (rows: Row[]) => rows.map((r) => r.id!).sort();

describeEachBackend('natural-language queries over HTTP', (ctx) => {
  let server: TestServer;
  let intelligence: Intelligence;
  const ask = async (text: unknown, limit: unknown = 10_000) => {
    const res = await server.fetch(`/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, limit }) });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    const { crm } = ctx();
    subscribeMemory(crm);
    await crm.importer.importFiles('default', ['company', 'contact', 'deal'].map((e) => ({ entity: e as 'company', file: path.join(SHARED_CRM_DIR, `${e === 'company' ? 'companies' : `${e}s`}.csv`) })));
    intelligence = createIntelligence(crm, { provider: new HashingProvider(128), worker: false });
    await intelligence.worker.drain();
    await intelligence.memory.load();
    server = await serveForTest({ crm, intelligence });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await intelligence?.stop();
  });

  it('answers filters on the record and on its company with the exact set', async () => {
    const r = await ask('open deals over $50k in telecom');
    expect(r.status).toBe(200);
    const expected = deals.filter((d) => open(d) && Number(d.amount) > 50_000 && companies.get(d.company_id!)?.industry === 'Telecommunications');
    expect(r.body).toMatchObject({ intent: 'filter', entity: 'deal', total: expected.length });
    expect(r.body.results.map((x: Json) => x.id).sort()).toEqual(ids(expected));
    expect(r.body.interpretation.explanation).toMatch(/^open deals · .*Telecommunications.*amount > 50,000/);

    const uk = await ask('customers in Britain');
    expect(uk.body.results.map((x: Json) => x.id).sort()).toEqual(ids(contacts.filter((c) => c.lead_status === 'customer' && companies.get(c.company_id!)?.country === 'United Kingdom')));
    const notUs = await ask('companies not in the US with more than 1000 employees');
    expect(notUs.body.results.map((x: Json) => x.id).sort()).toEqual(ids([...companies.values()].filter((c) => c.country !== 'United States' && Number(c.employees) > 1000)));
  });

  it('finds a deal named with its separator left out, and an article and noun around a seed (fifteenth pass)', async () => {
    const seed = deals.find((d) => /^[A-Za-z ]+ – [A-Za-z ]+$/.test(d.name ?? '') && deals.filter((x) => x.company_id === d.company_id).length > 1)!;
    const r = await ask(`deals like the ${seed.name!.replace(' – ', ' ')} deal`);
    expect(r.body).toMatchObject({ intent: 'similar', entity: 'deal' });
    expect(r.body.interpretation.explanation).toContain(`like ${seed.name}`);
    const company = [...companies.values()].find((c) => /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(c.name ?? ''))!;
    const firms = await ask(`lookalikes of the ${company.name} account`);
    expect(firms.body).toMatchObject({ intent: 'similar', entity: 'company' });
    expect(firms.body.interpretation.explanation).toContain(`like ${company.name}`);
  });

  it('reads the workspace\'s own tag before a rank, and a negated tag as every record without it', async () => {
    const spanish = contacts.filter((c) => companies.get(c.company_id!)?.country === 'Spain');
    const tagged = (c: (typeof contacts)[number]) => (c.tags ?? '').split(/[;,|]/).map((t) => t.trim()).includes('decision-maker');
    const not = await ask('Spanish contacts who are not decision-makers');
    expect(not.body.interpretation.explanation).toContain('not tagged decision-maker');
    expect(not.body.results.map((x: Json) => x.id).sort()).toEqual(ids(spanish.filter((c) => !tagged(c))));
    const yes = await ask('decision makers at Spanish companies');
    expect(yes.body.entity).toBe('contact');
    expect(yes.body.results.map((x: Json) => x.id).sort()).toEqual(ids(spanish.filter(tagged)));
  });

  it('reads "my" as the records the signed-in caller owns (owner holds their user id)', async () => {
    const { crm } = ctx();
    const { user } = await crm.access.addUser('default', { email: 'sam.owner@test.example', name: 'Sam Owner', role: 'member', password: 'correct horse battery' }, { actor: null });
    const { token } = await crm.access.createToken('default', user.id, { name: 'q', scope: 'read' }, null);
    const mine = deals.filter(open).slice(0, 3).map((d) => d.id!);
    for (const id of mine) await crm.records.update('default', 'deal', id, { owner: user.id });
    await crm.records.update('default', 'deal', deals.find((d) => !open(d))!.id!, { owner: user.id });
    const res = await fetch(`${server.base}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ text: 'my open deals' }) });
    const body = (await res.json()) as Json;
    expect(body.results.map((r: Json) => r.id).sort()).toEqual([...mine].sort());
    expect(body.interpretation.explanation).toContain('owner: you (Sam Owner or sam.owner@test.example)');
    // The suite's owner owns nothing.
    expect((await ask('my open deals')).body.total).toBe(0);
  });

  it('answers role families through the workspace titles', async () => {
    const r = await ask('CFOs at energy companies');
    const expected = contacts.filter((c) => c.title === 'Chief Financial Officer' && companies.get(c.company_id!)?.industry === 'Energy');
    expect(r.body.results.map((x: Json) => x.id).sort()).toEqual(ids(expected));
    const vps = await ask('VPs in Amsterdam');
    expect(vps.body.total).toBe(contacts.filter((c) => /^VP /.test(c.title!) && companies.get(c.company_id!)?.city === 'Amsterdam').length);
  });

  it('answers top-N, aggregates and groups', async () => {
    const top = await ask('top 5 biggest open deals in software');
    const software = deals.filter((d) => open(d) && companies.get(d.company_id!)?.industry === 'Software (SaaS)').sort((a, b) => Number(b.amount) - Number(a.amount));
    expect(top.body).toMatchObject({ intent: 'top', total: software.length });
    expect(top.body.results.map((x: Json) => Number(x.amount))).toEqual(software.slice(0, 5).map((d) => Number(d.amount)));

    const count = await ask('how many deals are in negotiation?');
    expect(count.body).toMatchObject({ intent: 'aggregate', value: deals.filter((d) => d.stage === 'negotiation').length });
    const avg = await ask('average size of won Payments API deals');
    const won = deals.filter((d) => d.stage === 'closed_won' && d.product === 'Payments API');
    expect(avg.body.value).toBeCloseTo(won.reduce((s, d) => s + Number(d.amount), 0) / won.length, 2);
    const byStage = await ask('pipeline value by stage');
    const negotiation = byStage.body.groups.find((g: Json) => g.key === 'negotiation');
    expect(negotiation.value).toBe(deals.filter((d) => d.stage === 'negotiation').reduce((s, d) => s + Number(d.amount), 0));
    const byIndustry = await ask('number of contacts per industry');
    const health = byIndustry.body.groups.find((g: Json) => g.key === 'Healthcare');
    expect(health.count).toBe(contacts.filter((c) => companies.get(c.company_id!)?.industry === 'Healthcare').length);
  });

  it('answers "like X" and semantic queries narrowed by filters', async () => {
    const seed = contacts.find((c) => c.id === 'ct_00521')!;
    const like = await ask(`find contacts like ${seed.first_name} ${seed.last_name}`, 5);
    expect(like.body).toMatchObject({ intent: 'similar', entity: 'contact' });
    expect(like.body.results).toHaveLength(5);
    expect(like.body.results.every((x: Json) => x.id !== seed.id && x.reasons.length > 0)).toBe(true);

    // One memory search serves the notes' ranking and the fill after it.
    const searches = vi.spyOn(intelligence.search, 'search');
    const sem = await ask('healthcare contacts worried about compliance audits', 10);
    expect(searches).toHaveBeenCalledTimes(1);
    // Notes that say nothing near the query: the memory search ranks alone, still searched once.
    const far = await ask('contacts interested in zebra xylophones', 10);
    expect(far.body).toMatchObject({ intent: 'semantic', entity: 'contact' });
    expect(searches).toHaveBeenCalledTimes(2);
    searches.mockRestore();
    expect(sem.body).toMatchObject({ intent: 'semantic', entity: 'contact' });
    expect(sem.body.results.length).toBeGreaterThan(0);
    for (const hit of sem.body.results) expect(companies.get(hit.company_id)?.industry).toBe('Healthcare');
    expect(sem.body.interpretation.semantic).toEqual({ topic: 'worried about compliance audits', fallback: false });
  });

  it('rejects bad requests with a message and survives hostile text', async () => {
    expect((await ask('')).status).toBe(400);
    expect((await ask('   ')).status).toBe(400);
    expect((await ask(42)).status).toBe(400);
    expect((await ask('contacts', 0)).status).toBe(400);
    expect((await ask('contacts', 10_001)).status).toBe(400);
    const bad = await ask('');
    expect(bad.body.message).toMatch(/text/);
    const hostile = await ask("contacts in '; DROP TABLE contacts; -- fintech", 5);
    expect(hostile.status).toBe(200);
    expect((await ask('how many contacts?')).body.value).toBe(contacts.length);
    const long = await ask(`contacts in fintech ${'🤖 '.repeat(3000)}`, 5);
    expect(long.status).toBe(200);
    expect(long.body.interpretation.notes.join()).toMatch(/first 500 characters/);
  });

  it('answers with learned-score words: tiers split the matches, likelihood ranks open deals', async () => {
    const fintech = contacts.filter((c) => companies.get(c.company_id!)?.industry === 'Financial Technology' && !['customer', 'unqualified'].includes(c.lead_status!));
    const tiers = await Promise.all(['hot', 'warm', 'cold'].map((t) => ask(`${t} leads in fintech`)));
    // Every unresolved fintech lead is in exactly one tier.
    expect(tiers.reduce((n, t) => n + t.body.total, 0)).toBe(fintech.length);
    const seen = tiers.flatMap((t) => t.body.results.map((r: Json) => r.id)).sort();
    expect(seen).toEqual(ids(fintech));
    for (const [i, t] of tiers.entries()) {
      expect(t.body.entity).toBe('contact');
      for (const r of t.body.results) expect(r.tier).toBe(['hot', 'warm', 'cold'][i]);
      // How many of the tier are a guess is said, and matches the rows' own confidence.
      const unsure = t.body.results.filter((r: Json) => r.confident === false).length;
      if (unsure > 0) expect(t.body.interpretation.notes.join()).toContain(`${unsure} of ${t.body.total} are`);
      else expect(t.body.interpretation.notes.join()).not.toMatch(/without enough evidence/);
    }
    expect(tiers[0]!.body.interpretation.explanation).toMatch(/hot \(score ≥ 70\)/);

    const likely = await ask('top 5 deals most likely to win');
    expect(likely.body.results).toHaveLength(5);
    const p = likely.body.results.map((r: Json) => r.probability as number);
    expect([...p].sort((a, b) => b - a)).toEqual(p);
    for (const r of likely.body.results) {
      expect(r.probability).toBeGreaterThanOrEqual(0.5);
      expect(open(deals.find((d) => d.id === r.id)!)).toBe(true);
    }
    const count = await ask('how many hot leads are there');
    expect(count.body.value).toBe((await ask('hot leads')).body.total);
    // A lead source named "cold outreach" is not a tier.
    expect((await ask('qualified leads from cold outreach')).body.interpretation.explanation).not.toMatch(/score/);
  });
  /* ── issue 22: answers that generalise ── */
  it('jumps to the record a name, a domain or an e-mail names on its own', async () => {
    const nameCount = new Map<string, number>();
    for (const c of companies.values()) nameCount.set(c.name!.toLowerCase(), (nameCount.get(c.name!.toLowerCase()) ?? 0) + 1);
    const company = [...companies.values()].find((c) => nameCount.get(c.name!.toLowerCase()) === 1 && c.domain)!;
    const byName = await ask(company.name);
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ intent: 'record', entity: 'company', total: 1, record: { entity: 'company', id: company.id, by: 'name' } });
    expect(byName.body.results[0].id).toBe(company.id);
    expect(byName.body.interpretation.explanation).toMatch(/opens the record/);
    expect((await ask(company.domain)).body.record).toMatchObject({ id: company.id, by: 'domain' });
    const personCount = new Map<string, number>();
    for (const c of contacts) personCount.set(`${c.first_name} ${c.last_name}`.toLowerCase(), (personCount.get(`${c.first_name} ${c.last_name}`.toLowerCase()) ?? 0) + 1);
    const person = contacts.find((c) => personCount.get(`${c.first_name} ${c.last_name}`.toLowerCase()) === 1 && !companies.has(c.id!))!;
    expect((await ask(`${person.first_name} ${person.last_name}`)).body.record).toMatchObject({ entity: 'contact', id: person.id, by: 'name' });
    expect((await ask(person.email)).body.record).toMatchObject({ entity: 'contact', id: person.id, by: 'email' });
    // A word that names no record is a query, not a jump.
    expect((await ask('fintech')).body.intent).not.toBe('record');
  });

  it('says how an unlisted word was matched, and the rows follow the chips', async () => {
    const r = await ask('hotelkeepers in Germany');
    expect(r.body.interpretation.matches[0]).toMatchObject({ phrase: 'hotelkeepers', meaning: 'industry Hospitality' });
    expect(r.body.interpretation.matches[0].how).toMatch(/WordNet/);
    // People of a trade said as the whole object are its firms (fifteenth pass).
    const expected = [...companies.values()].filter((c) => c.industry === 'Hospitality' && c.country === 'Germany');
    expect(r.body.results.map((x: Json) => x.id).sort()).toEqual(ids(expected));
    // "pipeline" is open deals only; a top-N's rows follow the sort its chip names.
    const pipeline = await ask('pipeline in hospitality');
    expect(pipeline.body.results.every((d: Json) => !String(d.stage).startsWith('closed'))).toBe(true);
    const top = await ask('top 5 deals by deal size');
    expect(top.body.interpretation.sort).toEqual({ field: 'amount', direction: 'desc' });
    const amounts = top.body.results.map((d: Json) => Number(d.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  });

  it('reads "no activity in N days" over the activities and "overdue tasks" over tasks', async () => {
    const post = async (body: Json) => {
      const res = await server.fetch('/api/activities', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(201);
      return ((await res.json()) as Json).data as Json;
    };
    const openDeals = deals.filter(open);
    const busy = openDeals[0]!;
    await post({ type: 'call', subject: 'Pricing call', deal_id: busy.id, occurred_at: '2026-10-25T10:00:00Z' });
    const task = await post({ type: 'task', subject: 'Send the contract', deal_id: busy.id, occurred_at: '2026-10-20T10:00:00Z', due_at: '2026-10-28T17:00:00Z' });
    await post({ type: 'task', subject: 'Done already', deal_id: busy.id, occurred_at: '2026-10-20T10:00:00Z', due_at: '2026-10-27T17:00:00Z', completed_at: '2026-10-26T17:00:00Z' });
    const idle = await ask('stalled deals with no activity in the last 30 days');
    expect(idle.body.entity).toBe('deal');
    expect(idle.body.total).toBe(openDeals.length - 1);
    expect(idle.body.results.some((d: Json) => d.id === busy.id)).toBe(false);
    const active = await ask('deals with activity in the last 30 days');
    expect(active.body.results.map((d: Json) => d.id)).toEqual([busy.id]);
    const overdue = await ask('overdue tasks');
    expect(overdue.body).toMatchObject({ entity: 'activity', total: 1 });
    expect(overdue.body.results[0].id).toBe(task.id);
  });

  it('lists activities asked for by kind: their dates, their contact\'s role, their company', async () => {
    const post = async (body: Json) => {
      const res = await server.fetch('/api/activities', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(201);
      return ((await res.json()) as Json).data as Json;
    };
    const cfo = contacts.find((c) => c.title === 'Chief Financial Officer')!;
    const other = contacts.find((c) => c.title === 'Data Scientist')!;
    const meetCfo = await post({ type: 'meeting', subject: 'Budget review', contact_id: cfo.id, company_id: cfo.company_id, occurred_at: '2025-03-12T10:00:00Z' });
    await post({ type: 'meeting', subject: 'Model review', contact_id: other.id, company_id: other.company_id, occurred_at: '2025-03-13T10:00:00Z' });
    const call = await post({ type: 'call', subject: 'Intro call', contact_id: other.id, company_id: other.company_id, occurred_at: '2025-03-14T10:00:00Z' });
    const meetings = await ask('meetings with CFOs in March 2025');
    expect(meetings.body).toMatchObject({ entity: 'activity', total: 1 });
    expect(meetings.body.results[0].id).toBe(meetCfo.id);
    const calls = await ask('calls logged in March 2025');
    expect(calls.body.results.map((a: Json) => a.id)).toEqual([call.id]);
    const company = companies.get(other.company_id!)!;
    const counted = await ask(`how many meetings did we have with ${company.name} in March 2025`);
    expect(counted.body).toMatchObject({ entity: 'activity', intent: 'aggregate', value: 1 });
    // Said as what contacts lack, a kind of activity is still a relation of the contacts.
    const lacking = await ask('contacts with no meetings in March 2025');
    expect(lacking.body.entity).toBe('contact');
  });
}, { shared: true });
