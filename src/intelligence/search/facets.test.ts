import { describe, expect, it } from 'vitest';
import { familyMatches } from '../lexicon/role-words.js';
import { extractFacets, matchIndustry } from './facets.js';

const industries = ['Education', 'Software (SaaS)', 'Biotechnology', 'Financial Technology', 'Media & Entertainment', 'Healthcare', 'Cybersecurity', 'Telecommunications'];

describe('query facets', () => {
  it('maps short forms to the workspace industry names', () => {
    expect(matchIndustry('fintech', industries)).toBe('Financial Technology');
    expect(matchIndustry('SaaS', industries)).toBe('Software (SaaS)');
    expect(matchIndustry('biotech', industries)).toBe('Biotechnology');
    expect(matchIndustry('telecom', industries)).toBe('Telecommunications');
    expect(matchIndustry('media', industries)).toBe('Media & Entertainment');
    expect(matchIndustry('gardening', industries)).toBeUndefined();
    expect(matchIndustry('fintech', ['Retail'])).toBeUndefined();
  });

  it('reads an industry only where grammar puts one, and leaves the topic to rank by', () => {
    expect(extractFacets('education contacts interested in machine learning', industries)).toMatchObject({
      industry: 'Education',
      topic: 'contacts interested in machine learning',
    });
    expect(extractFacets('people in biotech focused on cutting costs', industries)).toMatchObject({ industry: 'Biotechnology', topic: 'people focused on cutting costs' });
    // "security" here is what they worry about, not where they work.
    expect(extractFacets('contacts worried about cybersecurity incidents', industries).industry).toBeUndefined();
  });

  it('reads role families and matches titles with the lexicon', () => {
    const f = extractFacets('technical decision makers interested in AI', industries);
    expect(f.role).toMatchObject({ label: 'technical decision makers', functions: ['engineering', 'data', 'it'] });
    expect(f.topic).toBe('interested in AI');
    expect(familyMatches(f.role!, 'Chief Technology Officer')).toBe(true);
    expect(familyMatches(f.role!, 'Head of Data Science')).toBe(true);
    expect(familyMatches(f.role!, 'ML Engineer')).toBe(false);
    expect(familyMatches(f.role!, 'VP of Sales')).toBe(false);
    expect(extractFacets('finance leaders worried about audits', industries).role).toMatchObject({ functions: ['finance'] });
  });

  it('reads industries and role families with the lexicon natural-language queries use', () => {
    // Industry concepts (lexicon/industries.ts): what people call the trade, in a facet position.
    expect(extractFacets('pharma contacts interested in trials', industries).industry).toBe('Biotechnology');
    expect(extractFacets('people in health care', industries).industry).toBe('Healthcare');
    // Function and rank words (lexicon/role-words.ts), the rank as a group ("leaders", "executives").
    expect(extractFacets('revenue leaders in telecom', industries)).toMatchObject({
      industry: 'Telecommunications',
      role: { label: 'revenue leaders', functions: ['sales'], seniorities: ['c_level', 'vp', 'head', 'director'] },
    });
    // "Executives" are the c-suite, as natural-language queries read them.
    expect(extractFacets('product executives focused on roadmap', industries).explanation).toEqual(['role: product executives (product, C-level)']);
    expect(familyMatches(extractFacets('sales executives', industries).role!, 'Sales Director')).toBe(false);
    // One title's rank needs the words around it ("VPs of Sales"), and a tag is not a rank.
    expect(extractFacets('VPs of Sales in London', industries).role).toBeUndefined();
    expect(extractFacets('contacts tagged decision-maker', industries).role).toBeUndefined();
  });
});
