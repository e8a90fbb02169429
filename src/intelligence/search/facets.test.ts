import { describe, expect, it } from 'vitest';
import { roleProfile } from '../lexicon/roles.js';
import { extractFacets, matchIndustry, roleMatches } from './facets.js';

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
    expect(roleMatches(f.role!, roleProfile('Chief Technology Officer'))).toBe(true);
    expect(roleMatches(f.role!, roleProfile('Head of Data Science'))).toBe(true);
    expect(roleMatches(f.role!, roleProfile('ML Engineer'))).toBe(false);
    expect(roleMatches(f.role!, roleProfile('VP of Sales'))).toBe(false);
    expect(extractFacets('finance leaders worried about audits', industries).role).toMatchObject({ functions: ['finance'] });
  });
});
