import { describe, expect, it } from 'vitest';
import { familyMatches, FUNCTION_WORDS, LEADERSHIP, SENIORITY_WORDS, senioritiesInWords } from './role-words.js';

describe('role families as people name them', () => {
  it('matches titles it has never seen listed by function and seniority', () => {
    const financeLeaders = { label: 'finance leaders', functions: FUNCTION_WORDS.finance!, seniorities: SENIORITY_WORDS.leader! };
    expect(['Chief Financial Officer', 'VP of Finance', 'Financial Controller', 'Head of Sales'].map((t) => familyMatches(financeLeaders, t))).toEqual([true, true, false, false]);
    expect(familyMatches({ label: 'anyone', functions: null, seniorities: null }, '')).toBe(true);
  });

  it('says seniorities in words: a run from the top as "… level or above", otherwise each one', () => {
    expect(senioritiesInWords(LEADERSHIP)).toBe('director level or above');
    expect(senioritiesInWords(SENIORITY_WORDS.executive!)).toBe('C-level');
    expect(senioritiesInWords(SENIORITY_WORDS['senior leadership']!)).toBe('VP level or above');
    expect(senioritiesInWords(['individual', 'manager'])).toBe('manager or individual contributor');
  });
});
