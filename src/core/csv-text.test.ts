import { describe, expect, it } from 'vitest';
import { neutralizeFormulaText, restoreFormulaText } from './csv-text.js';

describe('CSV formula neutralisation', () => {
  it('puts a quote before text a spreadsheet would run, and nothing before other text', () => {
    for (const t of ['=1+1', '+1 555 0100', '-2', '@SUM(A1)', '\tx', '\rx', "'=x", "''+x"]) expect(neutralizeFormulaText(t)).toBe(`'${t}`);
    for (const t of ['Ada', "'quoted", "O'Brien", ' =not first', '', '2026-01-01', 'a=b']) expect(neutralizeFormulaText(t)).toBe(t);
  });

  it('is undone exactly by the importer, so an export imports back unchanged', () => {
    for (const t of ['=1+1', '+1 555 0100', "'=x", "''@y", "'plain", 'plain', "'", "''", '-']) expect(restoreFormulaText(neutralizeFormulaText(t))).toBe(t);
    // A cell typed by hand as '+44… (the usual way to keep a spreadsheet from reading it) comes in as +44…
    expect(restoreFormulaText("'+44 20 7946 0000")).toBe('+44 20 7946 0000');
    expect(restoreFormulaText("'hello")).toBe("'hello");
  });
});
