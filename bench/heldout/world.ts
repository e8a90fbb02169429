/**
 * A world variant: the coefficients and interactions that decide how good a deal is and how deals move, drawn
 * from the seed. Each seed is a different world, so no single set of weights or thresholds fits them all.
 */
import { Random, mixSeed } from './random.js';
import {
  COUNTRIES, INDUSTRIES, LEAD_SOURCES, PRODUCTS,
  type Department, type Industry, type LeadSource, type Product, type Seniority,
} from './vocabulary.js';

export const OPEN_STAGES = ['lead', 'qualified', 'proposal', 'negotiation'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];
export type Stage = OpenStage | 'closed_won' | 'closed_lost';

export interface WorldVariant {
  seed: number;
  industries: Industry[];
  products: Product[];
  /** How often each product is sold, in the order of `products`. */
  productPopularity: number[];
  intercept: number;
  productEffect: Map<string, number>;
  industryEffect: Map<string, number>;
  /** Industry × product fit: the interaction that matters most and that no main effect can stand in for. */
  fit: Map<string, Map<string, number>>;
  /** Per product: effect of each tenfold of employees above 300 (enterprise products like big buyers, others don't). */
  sizeSlope: Map<string, number>;
  /** Effect of the contact's seniority, 0 (individual contributor) … 4 (C-level); its peak differs per world. */
  seniorityEffect: number[];
  /** Bonus when the deal's contact works in a department that buys the product. */
  departmentFit: number;
  sourceEffect: Map<LeadSource, number>;
  /** Penalty per unit of log over-pricing (amount above what the company's size makes usual for the product). */
  overpricePenalty: number;
  /** Extra penalty for asks far above the usual (more than e^0.6 ≈ 1.8×). */
  farOverpricePenalty: number;
  /** Bonus when the company already bought (a won deal closed before this one was created). */
  repeatCustomer: number;
  /** One regional team is stronger or weaker than the rest. */
  regionalTeam: { country: string; effect: number };
  /** Sd of the part of deal quality that nothing in the CRM shows (champion, politics, budget). */
  latentSd: number;
  /** Sd the visible part of quality is scaled to over the world's deals, so every variant is about as hard. */
  visibleSd: number;
  /** Typical days a healthy deal spends in each open stage. */
  stageDays: Record<OpenStage, number>;
  /** How much faster deals lose once they sit past their stage's typical time. */
  stalePenalty: number;
  /** How readily deals go dark (stop answering). */
  darkRate: number;
  /** Lift of the advance rate per unit of recent-meeting momentum. */
  meetingLift: number;
  /** Multiplier on the meeting rate: in some worlds meetings are rare and each one means more. */
  meetingRate: number;
  /** Deal creation grows over the two years by this factor from first to last month. */
  growth: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function drawWorld(seed: number): WorldVariant {
  const rng = new Random(mixSeed(seed, 1));
  const industries = rng.shuffled(INDUSTRIES).slice(0, rng.int(14, 18));
  const products = rng.shuffled(PRODUCTS).slice(0, rng.int(5, 7));

  const productEffect = new Map(products.map((p) => [p.name, round2(rng.normal(0, 0.35))]));
  const industryEffect = new Map(industries.map((i) => [i.name, round2(rng.normal(0, 0.25))]));
  const fit = new Map(industries.map((i) => [i.name, new Map(products.map((p) => [p.name, round2(rng.normal(0, 0.5))]))]));
  const sizeSlope = new Map(products.map((p) => [p.name, round2(rng.normal(0, 0.4))]));

  // Seniority: a curve peaking at director, VP or C-level depending on the world, plus a little jitter per level.
  const peak = rng.weighted([2, 3, 4], [0.35, 0.4, 0.25]);
  const curvature = rng.uniform(0.08, 0.22);
  const seniorityEffect = [0, 1, 2, 3, 4].map((level) => round2(-curvature * (level - peak) ** 2 + rng.normal(0, 0.08)));

  const sourceMeans: Record<LeadSource, [number, number]> = {
    referral: [0.5, 0.25], partner: [0.25, 0.25], website: [0.05, 0.2], webinar: [0, 0.25],
    conference: [0.1, 0.3], linkedin: [-0.1, 0.25], 'cold outreach': [-0.45, 0.2],
  };
  const sourceEffect = new Map(LEAD_SOURCES.map((s) => [s, round2(rng.normal(...sourceMeans[s]))]));

  const cycleScale = rng.uniform(1.2, 1.6);
  const stageDays: Record<OpenStage, number> = {
    lead: Math.round(45 * cycleScale * rng.uniform(0.8, 1.25)),
    qualified: Math.round(60 * cycleScale * rng.uniform(0.8, 1.25)),
    proposal: Math.round(55 * cycleScale * rng.uniform(0.8, 1.25)),
    negotiation: Math.round(45 * cycleScale * rng.uniform(0.8, 1.25)),
  };

  return {
    seed,
    industries,
    products,
    productPopularity: products.map(() => rng.uniform(0.5, 1.5)),
    intercept: round2(rng.uniform(0.4, 0.8)),
    productEffect,
    industryEffect,
    fit,
    sizeSlope,
    seniorityEffect,
    departmentFit: round2(rng.uniform(0.3, 0.8)),
    sourceEffect,
    overpricePenalty: round2(rng.uniform(0.3, 0.9)),
    farOverpricePenalty: round2(rng.uniform(0.5, 1.5)),
    repeatCustomer: round2(rng.uniform(0.3, 0.9)),
    regionalTeam: { country: rng.pick(COUNTRIES).name, effect: round2(rng.chance(0.5) ? 0.35 : -0.35) },
    latentSd: round2(rng.uniform(0.5, 0.7)),
    visibleSd: round2(rng.uniform(0.8, 0.95)),
    stageDays,
    stalePenalty: round2(rng.uniform(0.6, 1.6)),
    darkRate: round2(rng.uniform(0.18, 0.32)),
    meetingLift: round2(rng.uniform(0.15, 0.45)),
    meetingRate: round2(rng.uniform(0.7, 1.4)),
    growth: round2(rng.uniform(4, 5.5)),
  };
}

/** What the CRM shows about a deal when it is created, and whether its company bought before. */
export interface DealFacts {
  industry: string;
  product: string;
  employees: number;
  seniority: Seniority;
  department: Department;
  source: LeadSource;
  /** log(amount / usual amount for this product at this company size). */
  overpricing: number;
  repeatCustomer: boolean;
  country: string;
}

/** The visible part of a deal's quality (log-odds scale); the simulation adds the latent part. */
export function visibleQuality(world: WorldVariant, facts: DealFacts): number {
  const product = world.products.find((p) => p.name === facts.product);
  if (!product) throw new Error(`unknown product ${facts.product}`);
  let z = world.intercept;
  z += world.productEffect.get(facts.product) ?? 0;
  z += world.industryEffect.get(facts.industry) ?? 0;
  z += world.fit.get(facts.industry)?.get(facts.product) ?? 0;
  z += (world.sizeSlope.get(facts.product) ?? 0) * (Math.log10(facts.employees) - Math.log10(300));
  z += world.seniorityEffect[facts.seniority] ?? 0;
  if (product.buyerDepartments.includes(facts.department)) z += world.departmentFit;
  z += world.sourceEffect.get(facts.source) ?? 0;
  z -= world.overpricePenalty * facts.overpricing + world.farOverpricePenalty * Math.max(0, facts.overpricing - 0.6);
  if (facts.repeatCustomer) z += world.repeatCustomer;
  if (facts.country === world.regionalTeam.country) z += world.regionalTeam.effect;
  return z;
}

/** The usual amount of a product for a company of this size (list price grows with the square root-ish of headcount). */
export function usualAmount(product: Product, employees: number): number {
  return product.basePrice * (employees / 200) ** 0.45;
}

const scaleMap = <K>(map: Map<K, number>, factor: number): Map<K, number> => new Map([...map].map(([k, v]) => [k, round2(v * factor)]));

/** The same world with every visible effect (not the intercept) multiplied by `factor`. */
export function scaleVisibleEffects(world: WorldVariant, factor: number): WorldVariant {
  return {
    ...world,
    productEffect: scaleMap(world.productEffect, factor),
    industryEffect: scaleMap(world.industryEffect, factor),
    fit: new Map([...world.fit].map(([industry, byProduct]) => [industry, scaleMap(byProduct, factor)])),
    sizeSlope: scaleMap(world.sizeSlope, factor),
    seniorityEffect: world.seniorityEffect.map((e) => round2(e * factor)),
    departmentFit: round2(world.departmentFit * factor),
    sourceEffect: scaleMap(world.sourceEffect, factor),
    overpricePenalty: round2(world.overpricePenalty * factor),
    farOverpricePenalty: round2(world.farOverpricePenalty * factor),
    repeatCustomer: round2(world.repeatCustomer * factor),
    regionalTeam: { ...world.regionalTeam, effect: round2(world.regionalTeam.effect * factor) },
  };
}
