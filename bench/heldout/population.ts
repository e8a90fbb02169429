/** The companies and people of a world: realistic, unique names, domains, e-mails and phones. */
import { Random } from './random.js';
import {
  COUNTRIES, DEPARTMENT_NOTES, FIRST_NAMES, LAST_NAMES, LEAD_SOURCE_WEIGHTS, LEAD_SOURCES, NAME_STARTS,
  SENIORITY_WEIGHTS, TITLES,
  type Country, type Department, type Industry, type LeadSource, type Seniority,
} from './vocabulary.js';

export interface Company {
  id: string;
  name: string;
  domain: string;
  industry: Industry;
  employees: number;
  annualRevenue: number;
  country: Country;
  city: string;
  description: string;
}

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  title: string;
  department: Department;
  seniority: Seniority;
  company: Company;
  source: LeadSource;
  tags: string[];
  notes: string;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Lower-case ASCII letters and digits only, for domains and e-mail local parts. */
const asciiSlug = (text: string): string =>
  text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ø/g, 'o').toLowerCase().replace(/[^a-z0-9]/g, '');

function sizeWord(employees: number): string {
  if (employees < 50) return 'small';
  if (employees < 500) return 'growing';
  if (employees < 5000) return 'mid-sized';
  return 'large';
}

export function makeCompanies(count: number, industries: readonly Industry[], rng: Random): Company[] {
  const takenNames = new Set<string>();
  const takenDomains = new Set<string>();
  const companies: Company[] = [];
  const countryWeights = COUNTRIES.map((c) => c.weight);
  while (companies.length < count) {
    const industry = rng.pick(industries);
    const country = rng.weighted(COUNTRIES, countryWeights);
    const baseName = `${rng.pick(NAME_STARTS)} ${rng.pick(industry.nameEndings)}`;
    if (takenNames.has(baseName)) continue;
    const domain = `${asciiSlug(baseName)}.${rng.chance(0.45) ? country.tld : rng.pick(['com', 'io', 'net', 'co'])}`;
    if (takenDomains.has(domain)) continue;
    takenNames.add(baseName);
    takenDomains.add(domain);
    const employees = Math.round(Math.min(60_000, Math.max(5, Math.exp(rng.normal(Math.log(250), 1.45)))));
    const annualRevenue = Math.round((employees * industry.revenuePerEmployee * Math.exp(rng.normal(0, 0.35))) / 1000) * 1000;
    const name = rng.chance(0.2) ? `${baseName} ${country.legalSuffix}` : baseName;
    const city = rng.pick(country.cities);
    companies.push({
      id: `co_${pad(companies.length + 1, 4)}`,
      name,
      domain,
      industry,
      employees,
      annualRevenue,
      country,
      city,
      description: `${name} is a ${sizeWord(employees)} ${industry.name.toLowerCase()} company in ${city} focused on ${rng.pick(industry.focus)}.`,
    });
  }
  return companies;
}

const DEPARTMENTS = Object.keys(TITLES) as Department[];

function drawRole(rng: Random): { department: Department; seniority: Seniority; title: string } {
  for (;;) {
    const department = rng.pick(DEPARTMENTS);
    const seniority = rng.weightedIndex(SENIORITY_WEIGHTS) as Seniority;
    const titles = TITLES[department][seniority] ?? [];
    if (titles.length > 0) return { department, seniority, title: rng.pick(titles) };
  }
}

function drawTags(seniority: Seniority, rng: Random): string[] {
  const tags: string[] = [];
  // Reps tag decision makers by feel: mostly senior people, never perfectly.
  const decisionMaker = [0.04, 0.12, 0.35, 0.65, 0.8][seniority] ?? 0;
  if (rng.chance(decisionMaker)) tags.push('decision-maker');
  if (rng.chance(0.05)) tags.push('vip');
  if (rng.chance(0.06)) tags.push('newsletter');
  if (rng.chance(0.04)) tags.push('event-attendee');
  return tags;
}

/** Contacts spread over companies, more at bigger ones; every company gets at least one. */
export function makeContacts(count: number, companies: readonly Company[], rng: Random): Contact[] {
  const weights = companies.map((c) => Math.log10(c.employees) + 0.5);
  const owners = rng.shuffled([...companies, ...Array.from({ length: Math.max(0, count - companies.length) }, () => rng.weighted(companies, weights))]);
  const takenEmails = new Set<string>();
  const takenPhones = new Set<string>();
  const takenNamesAtCompany = new Set<string>();
  return owners.map((company, index) => {
    let firstName: string;
    let lastName: string;
    // Two people of the same name at one company would read as a duplicate record, which is not this data set's test.
    do {
      firstName = rng.pick(FIRST_NAMES);
      lastName = rng.pick(LAST_NAMES);
    } while (takenNamesAtCompany.has(`${company.id} ${firstName} ${lastName}`));
    takenNamesAtCompany.add(`${company.id} ${firstName} ${lastName}`);
    const local = [`${asciiSlug(firstName)}.${asciiSlug(lastName)}`, `${asciiSlug(firstName).slice(0, 1)}${asciiSlug(lastName)}`];
    let email = local.map((l) => `${l}@${company.domain}`).find((e) => !takenEmails.has(e));
    for (let n = 2; !email; n++) {
      const candidate = `${local[0]}${n}@${company.domain}`;
      if (!takenEmails.has(candidate)) email = candidate;
    }
    takenEmails.add(email);
    let phone = '';
    do phone = `${company.country.dialCode} ${rng.int(200, 989)} ${rng.int(100, 999)} ${pad(rng.int(0, 9999), 4)}`;
    while (takenPhones.has(phone));
    takenPhones.add(phone);
    const role = drawRole(rng);
    return {
      id: `ct_${pad(index + 1, 5)}`,
      firstName,
      lastName,
      email,
      phone,
      ...role,
      company,
      source: rng.weighted(LEAD_SOURCES, LEAD_SOURCE_WEIGHTS),
      tags: drawTags(role.seniority, rng),
      notes: rng.pick(DEPARTMENT_NOTES[role.department]),
    };
  });
}
