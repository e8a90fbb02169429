/**
 * Runs a world: companies and people, then every deal from its creation through the as-of date (recorded) and on
 * until it closes (hidden), plus the rollouts that give each open deal its true win probability.
 */
import { activityText, closingNote, drawTone } from './activity-text.js';
import { isOpen, liveOneDay, newDealState, trueWinProbability, type ActivityType, type DealState } from './deal-process.js';
import { makeCompanies, makeContacts, type Company, type Contact } from './population.js';
import { Random, mixSeed, sigmoid } from './random.js';
import {
  drawWorld, scaleVisibleEffects, usualAmount, visibleQuality, type DealFacts, type OpenStage, type Stage, type WorldVariant,
} from './world.js';
import type { Product } from './vocabulary.js';

/** Days are counted from two years before the as-of date; day HISTORY_DAYS is the as-of instant. */
export const AS_OF = '2026-11-01T00:00:00Z';
export const HISTORY_DAYS = 730;

export interface StageMove { from: Stage | null; to: Stage; day: number }

export interface Deal {
  id: string;
  name: string;
  company: Company;
  contact: Contact;
  product: Product;
  amount: number;
  createdDay: number;
  expectedCloseDay: number;
  /** Recorded moves (up to the as-of date). */
  history: StageMove[];
  /** Stage at the as-of date and, when closed by then, the day it closed. */
  stage: Stage;
  closedDay: number | null;
  visibleQuality: number;
  quality: number;
  /** The eventual outcome (known in the data only for deals closed by the as-of date). */
  won: boolean;
  /** For deals open at the as-of date: their state then and their true win probability. */
  snapshot: DealState | null;
  trueProbability: number | null;
}

export interface Activity {
  id: string;
  type: ActivityType;
  contact: Contact;
  dealId: string | null;
  day: number;
  subject: string;
  body: string;
}

export interface SimulatedWorld {
  world: WorldVariant;
  companies: Company[];
  contacts: Contact[];
  deals: Deal[];
  activities: Activity[];
  /** Day each contact entered the CRM. */
  contactCreatedDay: Map<string, number>;
}

export interface SimulationOptions {
  seed: number;
  deals: number;
  rollouts: number;
}

/** A creation day with density growing linearly by `growth` over the window (inverse of its CDF). */
function creationDay(u: number, growth: number): number {
  const a = growth - 1;
  return a === 0 ? u * HISTORY_DAYS : (HISTORY_DAYS * (-1 + Math.sqrt(1 + 2 * a * u * (1 + a / 2)))) / a;
}

/** A time of day in working hours, as a fraction of a day. */
const workingTime = (rng: Random): number => (8 + 10 * rng.float()) / 24;

interface DealDraft {
  company: Company;
  contact: Contact;
  product: Product;
  amount: number;
  createdDay: number;
}

function draftDeals(world: WorldVariant, companies: Company[], contactsByCompany: Map<string, Contact[]>, count: number, rng: Random): DealDraft[] {
  const companyWeights = companies.map((c) => c.employees ** 0.3);
  const drafts: DealDraft[] = [];
  for (let i = 0; i < count; i++) {
    const company = rng.weighted(companies, companyWeights);
    // Reps lean (a little) towards products that suit the industry, and towards buyers of the product.
    const productWeights = world.products.map((p, k) => (world.productPopularity[k] ?? 1) * Math.exp(0.4 * (world.fit.get(company.industry.name)?.get(p.name) ?? 0)));
    const product = rng.weighted(world.products, productWeights);
    const people = contactsByCompany.get(company.id) ?? [];
    const contact = rng.weighted(people, people.map((p) => (product.buyerDepartments.includes(p.department) ? 3 : 1) * (1 + 0.25 * p.seniority)));
    const amount = Math.max(1000, Math.round((usualAmount(product, company.employees) * Math.exp(rng.normal(0, 0.5))) / 100) * 100);
    drafts.push({ company, contact, product, amount, createdDay: Math.floor(creationDay(rng.float(), world.growth)) + workingTime(rng) });
  }
  return drafts.sort((a, b) => a.createdDay - b.createdDay);
}

function dealFacts(draft: DealDraft, repeatCustomer: boolean): DealFacts {
  return {
    industry: draft.company.industry.name, product: draft.product.name, employees: draft.company.employees,
    seniority: draft.contact.seniority, department: draft.contact.department, source: draft.contact.source,
    overpricing: Math.log(draft.amount / usualAmount(draft.product, draft.company.employees)),
    repeatCustomer, country: draft.company.country.name,
  };
}

/** Scales the drawn effects so that visible quality has the world's target spread over its own deals. */
function calibrate(world: WorldVariant, drafts: readonly DealDraft[]): WorldVariant {
  const qualities = drafts.map((d) => visibleQuality(world, dealFacts(d, false)));
  const mean = qualities.reduce((s, q) => s + q, 0) / qualities.length;
  const sd = Math.sqrt(qualities.reduce((s, q) => s + (q - mean) ** 2, 0) / qualities.length);
  return scaleVisibleEffects(world, world.visibleSd / sd);
}

export function simulateWorld(options: SimulationOptions): SimulatedWorld {
  const { seed } = options;
  const drawnWorld = drawWorld(seed);
  const peopleRng = new Random(mixSeed(seed, 2));
  const companies = makeCompanies(Math.round(options.deals * peopleRng.uniform(0.2, 0.3)), drawnWorld.industries, peopleRng);
  const contacts = makeContacts(Math.round(options.deals * peopleRng.uniform(1.05, 1.45)), companies, peopleRng);
  const contactsByCompany = new Map<string, Contact[]>();
  for (const c of contacts) contactsByCompany.set(c.company.id, [...(contactsByCompany.get(c.company.id) ?? []), c]);

  const drafts = draftDeals(drawnWorld, companies, contactsByCompany, options.deals, new Random(mixSeed(seed, 3)));
  const world = calibrate(drawnWorld, drafts);
  // Ids are handed out in a shuffled order so that an id says nothing about when a deal was created.
  const dealIds = new Random(mixSeed(seed, 4)).shuffled(drafts.map((_, i) => `dl_${String(i + 1).padStart(5, '0')}`));
  const activities: Omit<Activity, 'id'>[] = [];
  const wonDaysByCompany = new Map<string, number[]>();
  const deals = drafts.map((draft, index) => {
    const rng = new Random(mixSeed(seed, 5, index));
    const repeatCustomer = (wonDaysByCompany.get(draft.company.id) ?? []).some((day) => day < draft.createdDay);
    const visible = visibleQuality(world, dealFacts(draft, repeatCustomer));
    const deal = liveDeal(world, draft, dealIds[index] as string, visible, repeatCustomer, contactsByCompany, activities, rng);
    if (deal.won) {
      const closed = deal.closedDay ?? Number.POSITIVE_INFINITY;
      wonDaysByCompany.set(draft.company.id, [...(wonDaysByCompany.get(draft.company.id) ?? []), closed]);
    }
    if (deal.snapshot) deal.trueProbability = trueWinProbability(deal.snapshot, deal.quality, world, new Random(mixSeed(seed, 6, index)), options.rollouts);
    return deal;
  });

  const contactCreatedDay = addContactLives(contacts, activities, deals, new Random(mixSeed(seed, 7)));
  const activityIds = new Random(mixSeed(seed, 8)).shuffled(activities.map((_, i) => `ac_${String(i + 1).padStart(6, '0')}`));
  return {
    world, companies, contacts,
    deals: deals.sort((a, b) => a.id.localeCompare(b.id)),
    activities: activities.map((a, i) => ({ ...a, id: activityIds[i] as string })).sort((a, b) => a.day - b.day),
    contactCreatedDay,
  };
}

/** One deal's life: recorded up to the as-of date, lived on (hidden) until it closes. */
function liveDeal(
  world: WorldVariant, draft: DealDraft, id: string, visible: number, repeatCustomer: boolean,
  contactsByCompany: Map<string, Contact[]>, activities: Omit<Activity, 'id'>[], rng: Random,
): Deal {
  const quality = visible + rng.normal(0, world.latentSd);
  const typicalCycle = Object.values(world.stageDays).reduce((sum, d) => sum + d, 0);
  const deal: Deal = {
    id, name: `${draft.company.name} – ${draft.product.name}${repeatCustomer ? ' expansion' : ''}`,
    company: draft.company, contact: draft.contact, product: draft.product, amount: draft.amount,
    createdDay: draft.createdDay,
    // Owners' guesses at the close date are optimistic and rough.
    expectedCloseDay: draft.createdDay + typicalCycle * rng.uniform(0.5, 1.1),
    history: [{ from: null, to: 'lead', day: draft.createdDay }],
    stage: 'lead', closedDay: null, visibleQuality: visible, quality, won: false, snapshot: null, trueProbability: null,
  };
  const colleagues = (contactsByCompany.get(draft.company.id) ?? []).filter((c) => c !== draft.contact);
  const multiThreading = 0.08 + 0.25 * sigmoid(quality);
  const record = (type: ActivityType, day: number, unanswered: boolean, stage: OpenStage): void => {
    const contact = colleagues.length > 0 && rng.chance(multiThreading) ? rng.pick(colleagues) : draft.contact;
    const text = activityText({
      type, unanswered, tone: drawTone(quality, rng), stage, product: draft.product.name,
      companyName: draft.company.name, contactFirstName: contact.firstName,
    }, rng);
    activities.push({ type, contact, dealId: id, day, ...text });
  };
  record(rng.weighted(['email', 'call', 'meeting'] as const, [0.55, 0.3, 0.15]), Math.min(draft.createdDay + rng.uniform(0.01, 0.2), HISTORY_DAYS - 1e-4), false, 'lead');

  const state = newDealState();
  for (let day = Math.floor(draft.createdDay) + 1; isOpen(state.stage); day++) {
    if (day === HISTORY_DAYS) deal.snapshot = { ...state };
    if (day >= HISTORY_DAYS + 900) break; // never closed: counts as not won
    const from = state.stage;
    const { activities: today, movedTo } = liveOneDay(state, quality, world, rng);
    if (day >= HISTORY_DAYS) continue;
    for (const a of today) record(a.type, day + workingTime(rng), a.unanswered, from);
    if (movedTo) {
      const moveDay = day + workingTime(rng);
      deal.history.push({ from, to: movedTo, day: moveDay });
      deal.stage = movedTo;
      if (!isOpen(movedTo)) deal.closedDay = moveDay;
    }
  }
  deal.won = state.stage === 'closed_won';
  if (deal.closedDay !== null && rng.chance(0.7)) {
    activities.push({ type: 'note', contact: draft.contact, dealId: id, day: Math.min(deal.closedDay + 0.01, HISTORY_DAYS - 1e-4), ...closingNote(deal.won, draft.product.name, rng) });
  }
  return deal;
}

/**
 * Gives contacts their creation day (before anything happened with them) and the odd activity outside any deal
 * (newsletters, check-ins, event follow-ups).
 */
function addContactLives(contacts: Contact[], activities: Omit<Activity, 'id'>[], deals: Deal[], rng: Random): Map<string, number> {
  const firstSeen = new Map<string, number>();
  const seen = (contact: Contact, day: number): void => {
    firstSeen.set(contact.id, Math.min(firstSeen.get(contact.id) ?? Number.POSITIVE_INFINITY, day));
  };
  for (const d of deals) seen(d.contact, d.createdDay);
  for (const a of activities) seen(a.contact, a.day);
  const createdDay = new Map<string, number>();
  for (const contact of contacts) {
    const first = firstSeen.get(contact.id);
    const created = first === undefined ? rng.uniform(-365, HISTORY_DAYS - 1) : first - rng.uniform(0.05, 120);
    createdDay.set(contact.id, created);
    for (let n = rng.poisson(0.5); n > 0; n--) {
      const type = rng.weighted(['email', 'call', 'note', 'meeting'] as const, [0.55, 0.2, 0.17, 0.08]);
      const day = rng.uniform(Math.max(created, 0), HISTORY_DAYS - 0.01);
      const text = activityText({ type, unanswered: false, tone: 'neutral', stage: null, product: null, companyName: contact.company.name, contactFirstName: contact.firstName }, rng);
      activities.push({ type, contact, dealId: null, day, ...text });
    }
  }
  return createdDay;
}
