import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from './ids.js';

describe('newId', () => {
  it('gives prefixed, valid, unique ids in creation order', () => {
    const ids = Array.from({ length: 5000 }, () => newId('ct'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) {
      expect(id).toMatch(/^ct_[0-9a-hjkmnp-tv-z]{26}$/);
      expect(id).toMatch(ID_PATTERN);
    }
    expect([...ids].sort()).toEqual(ids);
  });

  it('spreads the random part evenly over the 32 symbols (every symbol, none far off its share)', () => {
    // The first id of each millisecond carries fresh randomness; ids within one millisecond count up from it.
    const counts = new Map<string, number>();
    let n = 0;
    for (let i = 0; i < 300; i++) {
      const ms = Date.now();
      while (Date.now() === ms); // a new millisecond: fresh randomness
      const random = newId('x').slice(2 + 10, 2 + 24); // 14 of the 16 random characters (the last ones are counted up)
      for (const ch of random) counts.set(ch, (counts.get(ch) ?? 0) + 1), n++;
    }
    expect(counts.size).toBe(32);
    for (const c of counts.values()) expect(Math.abs(c / n - 1 / 32)).toBeLessThan(0.4 / 32);
  });
});
