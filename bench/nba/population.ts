/**
 * The simulated people: the shared data set's contacts with the attributes the CRM holds about them (title,
 * company industry and size, lead source and status, tags, last contacted), reduced to the segments the response
 * model reads. Read from the same CSV files the bench imports, so contact ids are the CRM's ids.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'individual'] as const;
export type Seniority = (typeof SENIORITIES)[number];

export const FAMILIES = ['sales', 'marketing', 'people', 'finance', 'tech', 'data', 'product', 'operations', 'other'] as const;
export type Family = (typeof FAMILIES)[number];

export const INDUSTRY_GROUPS = ['regulated', 'digital', 'traditional', 'unknown'] as const;
export type IndustryGroup = (typeof INDUSTRY_GROUPS)[number];

export const SIZE_BANDS = ['small', 'mid', 'large', 'unknown'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

export interface SimContact {
  id: string;
  /** The contact's company id ('' when none): the family of worlds (family.ts) gives companies effects of their own. */
  companyId: string;
  title: string;
  seniority: Seniority;
  family: Family;
  industry: string;
  industryGroup: IndustryGroup;
  employees: number | null;
  size: SizeBand;
  leadSource: string;
  leadStatus: string;
  tags: string[];
  /** ms since epoch of the CRM's last_contacted_at, or null when never contacted. */
  lastContactedAt: number | null;
  /** The company's country (lower case, '' when unknown) and its region; read by the newer family worlds only. */
  country?: string;
  region?: string;
  /** Distinct words (5+ letters) of the contact's notes: what a world driven by the notes' text reads. */
  noteWords?: string[];
}

const REGIONS: Record<string, string> = {
  'united states': 'americas',
  canada: 'americas',
  brazil: 'americas',
  mexico: 'americas',
  'united kingdom': 'emea',
  germany: 'emea',
  france: 'emea',
  spain: 'emea',
  netherlands: 'emea',
  india: 'apac',
  japan: 'apac',
  singapore: 'apac',
  australia: 'apac',
};

/** A country's region (americas, emea, apac; 'other' for the rest, 'unknown' when there is none). */
export function regionOf(country: string): string {
  const c = country.trim().toLowerCase();
  return c ? (REGIONS[c] ?? 'other') : 'unknown';
}

/** Seniority from the words of a title; the order matters ("Chief" before "Director of …"). */
export function seniorityOf(title: string): Seniority {
  const t = title.toLowerCase();
  if (/\bchief\b|^c[a-z]o\b/.test(t)) return 'c_level';
  if (/\bvp\b|vice president|\bhead of\b/.test(t)) return 'vp';
  if (/\bdirector\b/.test(t)) return 'director';
  if (/\bmanager\b|\blead\b|\bcontroller\b|business partner/.test(t)) return 'manager';
  return 'individual';
}

/** The function a title belongs to (first matching rule wins; "Chief Revenue Officer" is sales). */
export function familyOf(title: string): Family {
  const t = title.toLowerCase();
  const rules: [RegExp, Family][] = [
    [/sales|revenue|account executive/, 'sales'],
    [/marketing|growth|content/, 'marketing'],
    [/people|\bhr\b|talent|recruit/, 'people'],
    [/financ|fp&a|controller|compliance|\bcfo\b/, 'finance'],
    [/machine learning|\bml\b|data/, 'data'],
    [/\bit\b|security|engineer|technology|information/, 'tech'],
    [/product|ux/, 'product'],
    [/operat|process|\bcoo\b/, 'operations'],
  ];
  return rules.find(([re]) => re.test(t))?.[1] ?? 'other';
}

const REGULATED = new Set(['healthcare', 'insurance', 'financial technology', 'biotechnology', 'energy']);
const DIGITAL = new Set(['software (saas)', 'cybersecurity', 'telecommunications', 'e-commerce', 'media & entertainment']);

export function industryGroupOf(industry: string): IndustryGroup {
  const i = industry.trim().toLowerCase();
  if (!i) return 'unknown';
  if (REGULATED.has(i)) return 'regulated';
  if (DIGITAL.has(i)) return 'digital';
  return 'traditional';
}

export function sizeBandOf(employees: number | null): SizeBand {
  if (employees === null || !Number.isFinite(employees)) return 'unknown';
  if (employees < 100) return 'small';
  if (employees < 2000) return 'mid';
  return 'large';
}

type Row = Record<string, string>;

export function buildContact(contact: Row, company: Row | undefined): SimContact {
  const title = contact.title ?? '';
  const employeesRaw = company?.employees?.trim();
  const employees = employeesRaw ? Number(employeesRaw) : null;
  const last = contact.last_contacted_at?.trim();
  return {
    id: contact.id!,
    companyId: (contact.company_id ?? '').trim(),
    title,
    seniority: seniorityOf(title),
    family: familyOf(title),
    industry: company?.industry ?? '',
    industryGroup: industryGroupOf(company?.industry ?? ''),
    employees: employees !== null && Number.isFinite(employees) ? employees : null,
    size: sizeBandOf(employees !== null && Number.isFinite(employees) ? employees : null),
    leadSource: (contact.lead_source ?? '').trim().toLowerCase(),
    leadStatus: (contact.lead_status ?? '').trim().toLowerCase(),
    tags: (contact.tags ?? '').split(';').map((s) => s.trim().toLowerCase()).filter(Boolean),
    lastContactedAt: last ? new Date(last).getTime() : null,
    country: (company?.country ?? '').trim().toLowerCase(),
    region: regionOf(company?.country ?? ''),
    noteWords: [...new Set((contact.notes ?? '').toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 5))].sort(),
  };
}

/** Every contact of a CRM data directory in the shared formats (contacts.csv, companies.csv). */
export function loadPopulation(dir: string): SimContact[] {
  const read = (name: string) => parse(fs.readFileSync(path.join(dir, name), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
  const companies = new Map(read('companies.csv').map((c) => [c.id!, c]));
  const contacts = read('contacts.csv');
  if (contacts.length === 0) throw new Error(`${dir}/contacts.csv holds no contacts`);
  return contacts.map((c, i) => {
    if (!c.id) throw new Error(`${dir}/contacts.csv:${i + 2}: a contact without an id`);
    return buildContact(c, c.company_id ? companies.get(c.company_id) : undefined);
  });
}
