/**
 * What the next-action model knows of a contact, from what the CRM already has: the title's role family and
 * seniority (lexicon/roles.ts), the company's industry and size band, the lead source and status, recent touches
 * (fatigue: recommendations and e-mails/calls/meetings in the last days), how long since the last contact, and
 * interests named in the contact's notes (lexicon/interests.ts). The context is stored as it was with every
 * recommendation (plain JSON), and `featuresOf` turns it into the model's binary features, so the log replays.
 */
import { foldText } from '../../core/normalize.js';
import { interestsIn } from '../lexicon/interests.js';
import { roleProfile } from '../lexicon/roles.js';
import { sizeBand } from '../lexicon/firmographics.js';

export interface ContactContext {
  family: string | null;
  seniority: string;
  industry: string | null;
  size: string | null;
  source: string | null;
  status: string | null;
  /** Recommendations made and e-mails, calls and meetings logged in the fatigue window. */
  touches: number;
  /** Days since the contact was last in touch (last_contacted_at); null: never. */
  daysSinceContact: number | null;
  interests: string[];
}

const norm = (s: unknown): string | null => {
  if (typeof s !== 'string') return null;
  const t = foldText(s).trim().replace(/\s+/g, '_');
  return t === '' ? null : t.slice(0, 60);
};

export function contextOf(contact: Record<string, unknown>, company: Record<string, unknown> | undefined, touches: number, now: Date): ContactContext {
  const role = roleProfile(typeof contact.title === 'string' ? contact.title : null);
  const last = typeof contact.last_contacted_at === 'string' ? Date.parse(contact.last_contacted_at) : NaN;
  const employees = typeof company?.employees === 'number' ? company.employees : null;
  const text = [contact.notes, Array.isArray(contact.tags) ? contact.tags.join(' ') : null].filter((x) => typeof x === 'string').join('\n');
  return {
    family: role.function,
    seniority: role.seniority,
    industry: norm(company?.industry),
    size: sizeBand(employees),
    source: norm(contact.lead_source),
    status: norm(contact.lead_status),
    touches,
    daysSinceContact: Number.isNaN(last) ? null : Math.max(0, Math.floor((now.getTime() - last) / 86_400_000)),
    interests: interestsIn(text).map((t) => t.id).slice(0, 4),
  };
}

const touchBucket = (n: number) => (n <= 0 ? '0' : n === 1 ? '1' : n <= 3 ? '2-3' : '4+');
const recencyBucket = (d: number | null) => (d === null ? 'never' : d < 3 ? '<3d' : d < 14 ? '<14d' : d < 60 ? '<60d' : 'older');

/** The binary features of a context (each present feature has value 1). */
export function featuresOf(c: ContactContext): string[] {
  const fam = c.family ?? 'none';
  const out = [
    'bias',
    `family=${fam}`,
    `seniority=${c.seniority}`,
    `industry=${c.industry ?? 'none'}`,
    `size=${c.size ?? 'none'}`,
    `source=${c.source ?? 'none'}`,
    `status=${c.status ?? 'none'}`,
    `touches=${touchBucket(c.touches)}`,
    `recency=${recencyBucket(c.daysSinceContact)}`,
    // Crossed features: who a person is (function at a level) and where (industry at a size) act together.
    `family=${fam}&seniority=${c.seniority}`,
    `industry=${c.industry ?? 'none'}&size=${c.size ?? 'none'}`,
  ];
  for (const i of c.interests) out.push(`interest=${i}`);
  return out;
}

const FEATURE_WORDS: Record<string, (v: string) => string> = {
  family: (v) => (v === 'none' ? 'no known role family' : `${v.replace(/_/g, ' ')} roles`),
  seniority: (v) => `${v.replace(/_/g, '-')} seniority`,
  industry: (v) => (v === 'none' ? 'no known industry' : `the ${v.replace(/_/g, ' ')} industry`),
  size: (v) => (v === 'none' ? 'unknown company size' : `${v} companies`),
  source: (v) => (v === 'none' ? 'no lead source' : `leads from ${v.replace(/_/g, ' ')}`),
  status: (v) => `${v} leads`,
  touches: (v) => `${v} recent touches`,
  recency: (v) => (v === 'never' ? 'never contacted' : `last contacted ${v} ago`),
  interest: (v) => `interest in ${v.replace(/_/g, ' ')}`,
};

/** A feature in words: "family=engineering&seniority=vp" → "engineering roles at vp seniority". */
export function featureInWords(feature: string): string {
  return feature
    .split('&')
    .map((part) => {
      const [k, v = ''] = part.split('=');
      return FEATURE_WORDS[k!]?.(v) ?? part;
    })
    .join(' at ');
}
