import { describe, expect, it } from 'vitest';
import { regionOf, sizeBand } from './firmographics.js';

describe('firmographics', () => {
  it('places countries in regions, whatever their case', () => {
    expect(regionOf('Germany')).toBe('Europe');
    expect(regionOf(' united states ')).toBe('North America');
    expect(regionOf('Brazil')).toBe('Latin America');
    expect(regionOf('Atlantis')).toBeNull();
  });

  it('puts head counts in size bands', () => {
    expect([5, 11, 200, 201, 4999, 20010].map(sizeBand)).toEqual(['micro', 'small', 'small', 'mid-market', 'large', 'enterprise']);
    expect(sizeBand(null)).toBeNull();
  });
});
