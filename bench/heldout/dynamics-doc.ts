/** hidden/DYNAMICS.md: the world's law in the open, with this seed's coefficients. */
import type { WorldSummary } from './summary.js';
import { OPEN_STAGES, type WorldVariant } from './world.js';
import { SENIORITY_NAMES } from './vocabulary.js';

const signed = (x: number): string => (x >= 0 ? `+${x.toFixed(2)}` : x.toFixed(2));

export function dynamicsDocument(world: WorldVariant, summary: WorldSummary): string {
  const fitRows = world.industries.map((i) => `| ${i.name} | ${signed(world.industryEffect.get(i.name) ?? 0)} | ${world.products.map((p) => signed(world.fit.get(i.name)?.get(p.name) ?? 0)).join(' | ')} |`);
  return `# Pipeline world, seed ${world.seed} — dynamics (hidden: never import, never tune against)

As of 2026-11-01T00:00:00Z. ${summary.deals} deals, ${summary.openDeals} still open (${(summary.openShare * 100).toFixed(1)} %).
Oracle AUC on open deals (true_probability vs the sampled outcome): **${summary.oracleAuc}**.
Baselines on the same deals — stage reached: ${summary.baselineAuc.stage}, recency of the last deal activity:
${summary.baselineAuc.recency}, visible deal quality (this document's coefficients, no process state): ${summary.baselineAuc.visibleQuality}.

## Deal quality
Each deal has a quality *q* on the log-odds scale, fixed at creation: the sum of the visible effects below plus a
latent part ~ N(0, ${world.latentSd}) that nothing in the CRM records (champion, politics, budget). *q* does not set
the outcome directly; it drives the daily process (next section), whose chance also adds noise.

- intercept ${signed(world.intercept)}
- product: ${world.products.map((p) => `${p.name} ${signed(world.productEffect.get(p.name) ?? 0)}`).join(', ')}
- company size, per tenfold of employees above 300, by product: ${world.products.map((p) => `${p.name} ${signed(world.sizeSlope.get(p.name) ?? 0)}`).join(', ')}
- contact seniority: ${world.seniorityEffect.map((e, level) => `${SENIORITY_NAMES[level]} ${signed(e)}`).join(', ')} (read from the job title)
- contact in a department that buys the product: ${signed(world.departmentFit)} (${world.products.map((p) => `${p.name}: ${p.buyerDepartments.join('/')}`).join('; ')})
- lead source of the contact: ${[...world.sourceEffect].map(([s, e]) => `${s} ${signed(e)}`).join(', ')}
- amount vs the usual for the product at the company's size (usual = list price × (employees/200)^0.45; prices: ${world.products.map((p) => `${p.name} ${p.basePrice}`).join(', ')}):
  −${world.overpricePenalty} per unit of log(amount/usual), and −${world.farOverpricePenalty} more per unit above log 1.8×
- company had a won deal closed before this deal was created: ${signed(world.repeatCustomer)} (such deals are named "… expansion")
- companies in ${world.regionalTeam.country}: ${signed(world.regionalTeam.effect)} (a stronger or weaker regional team)
- industry main effect and industry × product fit:

| industry | main | ${world.products.map((p) => p.name).join(' | ')} |
|---|---|${world.products.map(() => '---').join('|')}|
${fitRows.join('\n')}

Country otherwise, city, phone, e-mail, tags (decision-maker is tagged by feel, mostly on senior people), notes and
description carry no effect of their own.

## Stages and time
Every deal enters \`lead\` at creation. Typical days in stage for a healthy deal: ${OPEN_STAGES.map((s) => `${s} ${world.stageDays[s]}`).join(', ')}.
Each day an open deal that is not dark faces competing hazards (all per day, divided by the stage's typical days):
- advance ∝ e^(0.3 q) × (1 + ${world.meetingLift} × meeting momentum); from lead 5–15 % of advances skip to proposal
  (more for better deals), from qualified 8 % skip to negotiation, from proposal 7 % are won directly; an advance
  from negotiation is a win;
- loss ∝ e^(−0.35 q) × (1 + ${world.stalePenalty} × max(0, days in stage / typical − 1)^1.5): **stale deals lose**;
- going dark ∝ ${world.darkRate} × e^(−0.4 q) × (0.5 + days in stage / typical);
- slipping back one stage (proposal → qualified, negotiation → proposal) ∝ 0.06 × e^(−0.3 q).
A dark deal stops advancing and gets almost no activity except unanswered chasing e-mails and calls; it comes back
at 1 % a day, and once dark for two weeks its owner closes it lost at about 1/120 a day. Deals still open 900 days
after the as-of date count as not won. The last row of a closed deal's stage history is its close.

## Activities
At creation one intro e-mail, call or meeting. Then per day, scaled by stage (lead 0.6, qualified 1, proposal 1.3,
negotiation 1.5): meetings 0.013 × ${world.meetingRate} × e^(0.55 q) — each meeting adds 1 to the deal's momentum
(which decays 4 % a day) and so raises its advance rate: meetings matter; calls 0.015 × e^(0.25 q); e-mails
0.018 × (1 + 0.4 × staleness) — reps e-mail more when a deal stalls, so e-mail volume alone misleads; notes 0.008.
Activities are with the deal's contact, or with a colleague at the same company with chance 0.08 + 0.25 × σ(q)
(multi-threading goes with good deals). Text tone: positive with chance 0.45 σ(q − 0.6), negative 0.4 σ(−q − 0.6),
else neutral — a weak, noisy hint. About 70 % of closed deals get a "Closed won/lost" note at their close (only
closed deals have it: a leak for anyone who trains on it). Contacts also get ~0.5 activities outside any deal.

## Outcomes
\`hidden/open_outcomes.csv\`: for every deal open at the as-of date, \`won\` is what happened when the same process
ran on past that date, and \`true_probability\` the share of independent futures (rollouts from the deal's exact
state then, latent quality, dark state and momentum included) that were won. Deal creation grows ${world.growth}×
over the two years.
`;
}
