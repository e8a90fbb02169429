/**
 * Who the simulated team sells to: the shared data set's contacts that belong to a company (with the segments the
 * nba bench reads from titles and companies), the products of its deals, and deal amounts drawn from its own deals
 * of the same company size. Read from the CSV files the bench imports, so every id is the CRM's id.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Random } from '../heldout/random.js';
import { buildContact, type SimContact, type SizeBand } from '../nba/population.js';

type Row = Record<string, string>;

export interface Prospect {
  contact: SimContact;
  firstName: string;
  companyId: string;
  companyName: string;
}

export interface Market {
  prospects: Prospect[];
  products: string[];
  /** Amounts of the data set's deals by the size band of their company. */
  amounts: Record<SizeBand, number[]>;
}

/** One simulated deal as the team creates it. */
export interface DealSetup {
  /** 0-based order of creation within the run: names the deal's own random stream. */
  index: number;
  prospect: Prospect;
  product: string;
  amount: number;
  /** ms since epoch. */
  createdAt: number;
  /** YYYY-MM-DD. */
  expectedClose: string;
}

const read = (dir: string, name: string) => parse(fs.readFileSync(path.join(dir, name), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];

export function loadMarket(dir: string): Market {
  const companies = new Map(read(dir, 'companies.csv').map((c) => [c.id!, c]));
  const prospects: Prospect[] = [];
  for (const c of read(dir, 'contacts.csv')) {
    const company = c.company_id ? companies.get(c.company_id) : undefined;
    if (!c.id || !company) continue;
    prospects.push({ contact: buildContact(c, company), firstName: c.first_name || 'them', companyId: company.id!, companyName: company.name || company.id! });
  }
  if (prospects.length === 0) throw new Error(`${dir}/contacts.csv holds no contact with a company`);
  const amounts: Record<SizeBand, number[]> = { small: [], mid: [], large: [], unknown: [] };
  const products = new Set<string>();
  for (const d of read(dir, 'deals.csv')) {
    if (d.product) products.add(d.product);
    const amount = Number(d.amount);
    const company = d.company_id ? companies.get(d.company_id) : undefined;
    if (!company || !Number.isFinite(amount) || amount <= 0) continue;
    const employees = Number(company.employees);
    const band: SizeBand = !Number.isFinite(employees) ? 'unknown' : employees < 100 ? 'small' : employees < 2000 ? 'mid' : 'large';
    amounts[band].push(amount);
  }
  const all = [...amounts.small, ...amounts.mid, ...amounts.large, ...amounts.unknown];
  if (all.length === 0) throw new Error(`${dir}/deals.csv holds no amounts`);
  for (const band of Object.keys(amounts) as SizeBand[]) if (amounts[band].length === 0) amounts[band] = all;
  return { prospects, products: products.size ? [...products].sort() : ['Platform'], amounts };
}

const DAY = 86_400_000;

/** A new deal for a random prospect, with the data set's products and amounts; closes in 6–12 weeks by plan. */
export function newDealSetup(market: Market, index: number, createdAt: number, rng: Random): DealSetup {
  const prospect = rng.pick(market.prospects);
  const amounts = market.amounts[prospect.contact.size];
  const expectedClose = new Date(createdAt + rng.int(42, 84) * DAY).toISOString().slice(0, 10);
  return { index, prospect, product: rng.pick(market.products), amount: Math.round(rng.pick(amounts) / 100) * 100, createdAt, expectedClose };
}
