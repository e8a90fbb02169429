/** Query files for bench:nlq: entries of their own, or other phrasings of development-set entries. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEntries } from '../../bench/nlq.js';
import { SHARED_AVAILABLE } from '../support/backends.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlq-entries-'));
const write = (name: string, lines: unknown[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  return file;
};
const dev = write('dev.jsonl', [{ id: 7, category: 'filter.industry', text: 'fintech contacts', expected: { kind: 'set', entity: 'contact', ids: ['ct_1'] } }]);

describe('readEntries', () => {
  it('takes a paraphrase\'s expected answer from the development entry it names', () => {
    const file = write('para.jsonl', [{ same_as: 7, text: 'people at payments and lending firms' }]);
    expect(readEntries(file, dev)).toEqual([
      { id: '7~1', category: 'filter.industry', text: 'people at payments and lending firms', expected: { kind: 'set', entity: 'contact', ids: ['ct_1'] } },
    ]);
  });

  it('names the line of an entry it cannot use', () => {
    expect(() => readEntries(write('bad.jsonl', [{ same_as: 99, text: 'x' }]), dev)).toThrow(/bad\.jsonl:1: same_as 99 is not an id/);
    expect(() => readEntries(write('bad2.jsonl', [{ text: 'x' }]), dev)).toThrow(/bad2\.jsonl:1: not a query entry/);
  });

  it.skipIf(!SHARED_AVAILABLE)('reads the repository\'s paraphrase file against the shared development set', () => {
    const entries = readEntries(path.resolve(import.meta.dirname, '../../bench/nlq/paraphrases.jsonl'));
    expect(entries.length).toBeGreaterThan(40);
    for (const e of entries) expect(e.expected.kind).toMatch(/^(set|topn|value|ranked|similar)$/);
  });
});
