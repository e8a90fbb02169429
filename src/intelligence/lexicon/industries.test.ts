import { describe, expect, it } from 'vitest';
import { industriesCalled } from './industries.js';

describe('industries as people name them', () => {
  it('finds the workspace\'s own name for what people call an industry, in its order', () => {
    const industries = ['Payments & Banking', 'Software (SaaS)', 'Financial Services', 'Hospitality'];
    expect(industriesCalled('fintech', industries)).toEqual(['Payments & Banking', 'Financial Services']);
    expect(industriesCalled('Hotels', industries)).toEqual(['Hospitality']);
    expect(industriesCalled('B2B software', industries)).toEqual(['Software (SaaS)']);
    expect(industriesCalled('gardening', industries)).toEqual([]);
  });
});

describe('finance as a sector', () => {
  it('is every industry that deals in money, while fintech and banking stay the financial-technology one', () => {
    const industries = ['Financial Technology', 'Insurance', 'Real Estate', 'Energy'];
    expect(industriesCalled('finance', industries)).toEqual(['Financial Technology', 'Insurance']);
    expect(industriesCalled('financial services', industries)).toEqual(['Financial Technology', 'Insurance']);
    expect(industriesCalled('banking', industries)).toEqual(['Financial Technology']);
    expect(industriesCalled('fintech', industries)).toEqual(['Financial Technology']);
  });
});
