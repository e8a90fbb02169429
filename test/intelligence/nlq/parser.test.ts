import { describe, expect, it } from 'vitest';
import { lexiconOf } from '../../../src/intelligence/nlq/lexicon.js';
import { parseQuery, type NameResolver, type ParsedQuery } from '../../../src/intelligence/nlq/parser.js';
import { familyMatches } from '../../../src/intelligence/nlq/index.js';

// A small workspace of its own (not the shared data set): the parser must work from whatever values exist.
const lexicon = lexiconOf({
  industries: ['Financial Technology', 'Healthcare', 'Software (SaaS)', 'Media & Entertainment', 'Telecommunications', 'Biotechnology', 'E-commerce', 'Cybersecurity'],
  countries: ['United States', 'United Kingdom', 'Germany', 'Netherlands', 'Japan'],
  cities: ['Berlin', 'London', 'New York', 'Amsterdam', 'Tokyo', 'São Paulo'],
  products: ['Payments API', 'Security Suite', 'AI Assistant'],
  sources: ['referral', 'webinar', 'cold outreach', 'linkedin'],
  titles: ['Chief Technology Officer', 'VP of Sales', 'VP of Engineering', 'Sales Director', 'Head of Data Science', 'Chief Financial Officer', 'Finance Manager', 'ML Engineer', 'Director of IT'],
  tags: ['vip', 'decision-maker'],
});
const companies: Record<string, { id: string; name: string }> = { 'nimbus networks': { id: 'co_9', name: 'Nimbus Networks GmbH' } };
const people: Record<string, { id: string; name: string }> = { 'alice chen': { id: 'ct_1', name: 'Alice Chen' } };
const names: NameResolver = {
  async companies(phrases) {
    const out = new Map<string, { id: string; name: string }>();
    for (const p of phrases) {
      const k = p.toLowerCase().replace(/\b(gmbh|inc|ltd)\b/g, '').replace(/[^a-z ]/g, '').trim();
      if (companies[k]) out.set(p, companies[k]);
    }
    return out;
  },
  async record(entity, phrase) {
    return entity === 'contact' ? people[phrase.toLowerCase()] : undefined;
  },
};
const now = new Date('2026-11-24T15:00:00Z');
const parse = (text: string) => parseQuery(text, { lexicon, now, names });
const filters = (p: ParsedQuery) => p.conditions.map((c) => `${c.entity}.${c.field} ${c.op} ${JSON.stringify(c.value)}`);

describe('natural-language query parser', () => {
  it('finds the object from its synonyms and reads industries through paraphrases', async () => {
    for (const [text, entity] of [
      ['contacts in fintech', 'contact'], ['people at fintech companies', 'contact'], ['fintech leads', 'contact'], ['accounts in fintech', 'company'],
      ['firms in financial technology', 'company'], ['opportunities in payments and lending', 'deal'],
    ] as const) {
      const p = await parse(text);
      expect(p.entity, text).toBe(entity);
      expect(filters(p), text).toEqual(['company.industry in ["Financial Technology"]']);
      expect(p.intent, text).toBe('filter');
    }
    expect(filters(await parse('show me people at biotech companies'))).toEqual(['company.industry in ["Biotechnology"]']);
    // "pipeline" is what is still open (issue 22).
    expect(filters(await parse('pipeline in fintech'))).toEqual(['company.industry in ["Financial Technology"]', 'deal.stage in ["lead","qualified","proposal","negotiation"]']);
    expect(filters(await parse('contacts in the saas space'))).toEqual(['company.industry in ["Software (SaaS)"]']);
    expect(filters(await parse('entertainment companies'))).toEqual(['company.industry in ["Media & Entertainment"]']);
  });

  it('reads places with aliases, regions and negation', async () => {
    expect(filters(await parse('customers in Britain'))).toEqual(['contact.lead_status in ["customer"]', 'company.country in ["United Kingdom"]']);
    expect(filters(await parse('companies in the UK'))).toEqual(['company.country in ["United Kingdom"]']);
    expect(filters(await parse('contacts not in the US'))).toEqual(['company.country nin ["United States"]']);
    expect(filters(await parse('accounts in Europe'))).toEqual(['company.country in ["United Kingdom","Germany","Netherlands"]']);
    expect(filters(await parse('people in Berlin or Amsterdam'))).toEqual(['company.city in ["Berlin","Amsterdam"]']);
    expect(filters(await parse('contacts in sao paulo'))).toEqual(['company.city in ["São Paulo"]']);
    expect(filters(await parse('Dutch companies'))).toEqual(['company.country in ["Netherlands"]']);
    // A country the workspace has none of is still a condition (and matches nothing), not ignored.
    expect(filters(await parse('companies in France'))).toEqual(['company.country in ["France"]']);
  });

  it('reads role families from titles it has never seen listed', async () => {
    const titles = (text: string) => parse(text).then((p) => lexicon.titles.filter((t) => p.roles.some((r) => r.families.some((f) => familyMatches(f, t)))));
    expect(await titles('CTOs in Berlin')).toEqual(['Chief Technology Officer']);
    expect(await titles('VPs of Sales in London')).toEqual(['VP of Sales']);
    expect(await titles('VPs')).toEqual(['VP of Sales', 'VP of Engineering']);
    expect(await titles('C-level executives')).toEqual(['Chief Technology Officer', 'Chief Financial Officer']);
    expect(await titles('c-suite')).toEqual(['Chief Technology Officer', 'Chief Financial Officer']);
    expect(await titles('finance leaders')).toEqual(['Chief Financial Officer']);
    expect(await titles('directors at fintech companies')).toEqual(['Sales Director', 'Director of IT']);
    expect(await titles('technical decision makers')).toEqual(['Chief Technology Officer', 'VP of Engineering', 'Head of Data Science', 'Director of IT']);
    expect(await titles('CTOs or VPs')).toEqual(['Chief Technology Officer', 'VP of Sales', 'VP of Engineering']);
    expect(await titles('ML engineers')).toEqual(['ML Engineer']);
    const p = await parse('CFOs at energy companies');
    expect(p.entity).toBe('contact');
  });

  it('reads lead sources, statuses, stages and products in the light of the object', async () => {
    expect(filters(await parse('qualified leads from webinars'))).toEqual(['contact.lead_status in ["qualified"]', 'contact.lead_source in ["webinar"]']);
    expect(filters(await parse('customers from referrals'))).toEqual(['contact.lead_status in ["customer"]', 'contact.lead_source in ["referral"]']);
    expect(filters(await parse('contacts sourced via cold outreach'))).toEqual(['contact.lead_source in ["cold outreach"]']);
    expect(filters(await parse('deals in qualified'))).toEqual(['deal.stage in ["qualified"]']);
    expect(filters(await parse('deals in lead'))).toEqual(['deal.stage in ["lead"]']);
    expect(filters(await parse('opportunities in negotiation'))).toEqual(['deal.stage in ["negotiation"]']);
    expect(filters(await parse('won deals for AI Assistant'))).toEqual(['deal.stage in ["closed_won"]', 'deal.product in ["AI Assistant"]']);
    expect(filters(await parse('lost Security Suite opportunities'))).toEqual(['deal.stage in ["closed_lost"]', 'deal.product in ["Security Suite"]']);
    expect(filters(await parse('vip contacts'))).toEqual(['contact.tags has "vip"']);
  });

  it('reads amounts, headcounts and dates against the clock', async () => {
    expect(filters(await parse('open deals over $50k in fintech'))).toEqual([
      'deal.stage in ["lead","qualified","proposal","negotiation"]', 'company.industry in ["Financial Technology"]', 'deal.amount gt 50000',
    ]);
    expect(filters(await parse('deals between 20k and 80k'))).toEqual(['deal.amount gte 20000', 'deal.amount lte 80000']);
    expect(filters(await parse('companies with more than 500 employees in Germany'))).toEqual(['company.country in ["Germany"]', 'company.employees gt 500']);
    expect(filters(await parse('open deals expected to close before March 2027'))).toEqual([
      'deal.stage in ["lead","qualified","proposal","negotiation"]', 'deal.expected_close lt "2027-03-01"',
    ]);
    expect(filters(await parse('contacts last contacted before October 2026'))).toEqual(['contact.last_contacted_at lt "2026-10-01T00:00:00Z"']);
    expect(filters(await parse('contacts created in the last 30 days'))).toEqual(['contact.created_at gte "2026-10-25T15:00:00Z"', 'contact.created_at lt "2026-11-24T15:00:00Z"']);
    const stale = await parse('contacts not contacted in the last 30 days');
    expect(stale.conditions.every((c) => c.anyGroup !== undefined)).toBe(true);
    expect(filters(stale)).toContain('contact.last_contacted_at empty true');
  });

  it('reads top-N, sort, aggregates and grouping', async () => {
    const top = await parse('top 10 biggest open deals in healthcare');
    expect([top.intent, top.top, top.sort?.field, top.sort?.direction]).toEqual(['top', 10, 'amount', 'desc']);
    const rev = await parse('top 5 software companies by revenue');
    expect([rev.intent, rev.entity, rev.top, rev.sort?.field]).toEqual(['top', 'company', 5, 'annual_revenue']);
    expect((await parse('10 highest-revenue software companies')).sort?.field).toBe('annual_revenue');
    const count = await parse('how many deals are in negotiation?');
    expect([count.intent, count.aggregate?.fn, filters(count)]).toEqual(['aggregate', 'count', ['deal.stage in ["negotiation"]']]);
    const sum = await parse('total value of open deals in fintech');
    expect([sum.aggregate?.fn, sum.aggregate?.field]).toEqual(['sum', 'amount']);
    const avg = await parse('average size of won Payments API deals');
    expect([avg.aggregate?.fn, avg.aggregate?.field, filters(avg)]).toEqual(['avg', 'amount', ['deal.stage in ["closed_won"]', 'deal.product in ["Payments API"]']]);
    const grouped = await parse('pipeline value by stage');
    expect([grouped.entity, grouped.aggregate?.fn, grouped.aggregate?.groupBy?.field]).toEqual(['deal', 'sum', 'stage']);
    const perIndustry = await parse('number of contacts per industry');
    expect(perIndustry.aggregate?.groupBy).toEqual({ entity: 'company', field: 'industry' });
    // A field's declared synonyms name it ("Role" for a contact's title, entities.ts).
    expect((await parse('number of contacts by role')).aggregate?.groupBy).toEqual({ entity: 'contact', field: 'title' });
    const atCompany = await parse('how many contacts do we have at Nimbus Networks GmbH?');
    expect([atCompany.intent, filters(atCompany)]).toEqual(['aggregate', ['contact.company_id in ["co_9"]']]);
  });

  it('reads "like X" and semantic topics mixed with filters', async () => {
    const like = await parse('find contacts like Alice Chen');
    expect([like.intent, like.similar?.id]).toEqual(['similar', 'ct_1']);
    expect((await parse('lookalikes of alice chen')).similar?.id).toBe('ct_1');
    const unknown = await parse('contacts like Nobody Known');
    expect(unknown.intent).toBe('semantic');
    expect(unknown.notes.join()).toMatch(/no contact named "Nobody Known"/);
    const sem = await parse('healthcare contacts worried about compliance audits');
    expect([sem.intent, sem.topic, filters(sem)]).toEqual(['semantic', 'worried about compliance audits', ['company.industry in ["Healthcare"]']]);
    const tech = await parse('technical decision makers interested in AI');
    expect([tech.intent, tech.topic, tech.roles.length]).toEqual(['semantic', 'interested in AI', 1]);
    // "security" after a topic cue is what they care about, not the industry
    const topicOnly = await parse('contacts worried about security');
    expect([topicOnly.conditions.length, topicOnly.topic]).toEqual([0, 'worried about security']);
  });

  it('reads learned-score words: tiers, likelihood and ranking, without taking "cold outreach" for a tier', async () => {
    const hot = await parse('hot leads in fintech');
    expect([hot.entity, hot.intent, filters(hot), hot.score]).toEqual(['contact', 'filter', ['company.industry in ["Financial Technology"]'], { tier: 'hot', likely: false, rank: false, label: 'hot (score ≥ 70)' }]);
    const likely = await parse('deals likely to close this month');
    expect([likely.entity, likely.score?.likely, likely.score?.rank]).toEqual(['deal', true, false]);
    expect(likely.conditions.map((c) => c.field)).toContain('expected_close');
    const most = await parse('top 5 deals most likely to win');
    expect([most.top, most.score?.likely, most.score?.rank, most.unparsed]).toEqual([5, true, true, []]);
    const ranked = await parse('contacts in Germany by lead score');
    expect([ranked.score?.rank, filters(ranked), ranked.unparsed]).toEqual([true, ['company.country in ["Germany"]'], []]);
    const outreach = await parse('qualified leads from cold outreach');
    expect(outreach.score).toBeNull();
  });

  it('marks "my" for the caller to resolve, and reads tags as tags rather than roles', async () => {
    const mine = await parse('my open deals');
    expect([mine.mine, filters(mine)]).toEqual([true, ['deal.stage in ["lead","qualified","proposal","negotiation"]']]);
    const tagged = await parse('contacts tagged decision-maker in Germany');
    expect([tagged.roles.length, filters(tagged)]).toEqual([0, ['contact.tags has "decision-maker"', 'company.country in ["Germany"]']]);
    expect((await parse('show me everything')).intent).toBe('filter');
  });

  it('never fails on bad input and falls back to meaning, saying so', async () => {
    for (const text of ['🤖🔥💼', "'; DROP TABLE contacts; --", 'x'.repeat(10_000), 'contacts in fintech '.repeat(500), '$$$ > < >= 10k k m', '   ?']) {
      const p = await parse(text);
      expect(['filter', 'semantic', 'top', 'aggregate']).toContain(p.intent);
    }
    const sql = await parse("contacts named '; DROP TABLE contacts; --");
    expect(sql.intent).toBe('semantic');
    expect(sql.topicIsFallback).toBe(true);
    const long = await parse(`contacts in fintech ${'blah '.repeat(3000)}`);
    expect(long.notes.join()).toMatch(/only the first 500 characters/);
    const typo = await parse('contacts in fintehc');
    expect(filters(typo)).toEqual(['company.industry in ["Financial Technology"]']);
    const gibberish = await parse('contacts zorblax quuxen');
    expect([gibberish.intent, gibberish.topicIsFallback, gibberish.unparsed]).toEqual(['semantic', true, ['zorblax', 'quuxen']]);
  });
});
