/**
 * The one typo reader (src/intelligence/lexicon/typos.ts) both the parser's lexicon pass and the persona ranking's
 * notes speller use. Words written here (none comes from a benchmark file).
 */
import { describe, expect, it } from 'vitest';
import { editDistance, editLimit, isDictionaryWord, nearestWord, readTypo } from '../../../src/intelligence/lexicon/typos.js';

describe('typos', () => {
  it('counts edits, a swap of neighbours as one even beside another edit, and stops above the limit', () => {
    expect(editDistance('platfrom', 'platform', 2)).toBe(1);
    expect(editDistance('lerning', 'learning', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    // Two swaps: two edits (plain Levenshtein says four).
    expect(editDistance('helathcrae', 'healthcare', 2)).toBe(2);
    // A swap and a missing letter.
    expect(editDistance('logsitcs', 'logistics', 2)).toBe(2);
    // Lengths too far apart stop at once.
    expect(editDistance('abc', 'abcdef', 1)).toBe(2);
  });

  it('allows one edit, two from eight letters', () => {
    expect(editLimit('retail')).toBe(1);
    expect(editLimit('hospitality')).toBe(2);
  });

  it('knows dictionary words in any form', () => {
    expect(isDictionaryWord('automate')).toBe(true);
    expect(isDictionaryWord('hoteliers')).toBe(true);
    expect(isDictionaryWord('fintehc')).toBe(false);
  });

  it('takes the nearest word, then the commonest, and no word when the tie stays', () => {
    expect(nearestWord('retial', ['retail', 'rental'])).toEqual({ word: 'retail', edits: 1 });
    // "bansk" is one edit from both "banks" (swap) and "bank" (deletion): without counts, no reading.
    expect(nearestWord('bansk', ['banks', 'bank'])).toBeUndefined();
    // With counts, the commonest wins, in either order.
    expect(nearestWord('bansk', new Map([['banks', 3], ['bank', 9]]))).toEqual({ word: 'bank', edits: 1 });
    expect(nearestWord('bansk', new Map([['bank', 9], ['banks', 3]]))).toEqual({ word: 'bank', edits: 1 });
    // Equal counts are still a tie.
    expect(nearestWord('bansk', new Map([['banks', 4], ['bank', 4]]))).toBeUndefined();
    // A nearer word after a tie settles it.
    expect(nearestWord('shiping', ['shaping', 'shipping'])).toBeUndefined();
    expect(nearestWord('hospitaliyt', ['hospitalise', 'hospitalize', 'hospitality'])).toEqual({ word: 'hospitality', edits: 1 });
    // A word listed twice is not a tie with itself.
    expect(nearestWord('retial', ['retail', 'retail'])).toEqual({ word: 'retail', edits: 1 });
  });

  it('reads a typo only for unknown words of five letters or more', () => {
    expect(readTypo('fintehc', ['fintech', 'biotech'])).toBe('fintech');
    expect(readTypo('helathcrae', ['healthcare', 'hospitality'])).toBe('healthcare');
    // Dictionary words are words ("automate" is not "automaker").
    expect(readTypo('automate', ['automaker'])).toBeUndefined();
    // Too short to tell.
    expect(readTypo('bnak', ['bank'])).toBeUndefined();
    // Already a candidate.
    expect(readTypo('kubernetes', new Map([['kubernetes', 2]]))).toBeUndefined();
    // Too far.
    expect(readTypo('zzzzzz', ['fintech'])).toBeUndefined();
  });
});
