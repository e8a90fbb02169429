/**
 * The web app's own logic for money and names, without a browser: formatMoney's formatter cache (a currency code the
 * browser does not know is formatted once, not once per amount), the board's sums per currency (never one figure
 * across two), and the Import screen's split of a "Full name" column into first and last name.
 */
import { describe, expect, it } from 'vitest';
// @ts-ignore -- web/ is type-checked by web/tsconfig.json (bundler resolution, no .js endings); vitest resolves it
import { formatMoney, moneyFormatsMade } from '../../web/src/ui/format';
// @ts-ignore -- web/ is type-checked by web/tsconfig.json (bundler resolution, no .js endings); vitest resolves it
import { moneyList, moveBetween, openByCurrency, sumByCurrency } from '../../web/src/screens/pipeline/currency-sums';
// @ts-ignore -- web/ is type-checked by web/tsconfig.json (bundler resolution, no .js endings); vitest resolves it
import { CUSTOM, FULL_NAME, guessMapping, mappingProblems, rewriteCsv, splitFullName } from '../../web/src/screens/import/mapping';
// @ts-ignore -- web/ is type-checked by web/tsconfig.json (bundler resolution, no .js endings); vitest resolves it
import { ENTITIES } from '../../web/src/api/entities';

describe('formatMoney', () => {
  it('formats a code the browser does not know as the code and the number, with one formatter made per code and style', () => {
    const before = moneyFormatsMade();
    expect(formatMoney(1234, false, 'us$')).toBe('US$ 1,234');
    expect(formatMoney(1_250_000, true, 'US$')).toBe('US$ 1.3M');
    const made = moneyFormatsMade();
    expect(made - before).toBe(2);
    for (let i = 0; i < 50; i++) formatMoney(i, i % 2 === 0, 'US$');
    expect(moneyFormatsMade()).toBe(made);
    expect(formatMoney(15900, false, 'EUR')).toBe('€15,900');
  });
});

describe('board sums per currency', () => {
  const stages = (amounts: Record<string, [number, number]>) =>
    Object.entries(amounts).map(([stage, [count, amount]]) => ({ stage, count, amount, open: !stage.startsWith('closed') }));
  const part = {
    workspace_currency: 'USD',
    currencies: [
      { currency: 'GBP', stages: stages({ lead: [1, 800], closed_won: [2, 5000] }), open: { count: 1, amount: 800 } },
      { currency: 'USD', stages: stages({ lead: [2, 3000], proposal: [1, 10000] }), open: { count: 3, amount: 13000 } },
      { currency: 'EUR', stages: stages({ proposal: [1, 42000] }), open: { count: 1, amount: 42000 } },
    ],
  };

  it('keeps each currency apart, the workspace currency first, counts over all of them', () => {
    const sums = sumByCurrency([part]);
    expect(sums.currencies).toEqual(['USD', 'EUR', 'GBP']);
    const lead = sums.stages.find((s: { stage: string }) => s.stage === 'lead')!;
    expect(lead.count).toBe(3);
    expect(lead.amounts).toEqual({ GBP: 800, USD: 3000 });
    expect(moneyList(lead.amounts, sums.currencies)).toBe(`${formatMoney(3000, true, 'USD')} + ${formatMoney(800, true, 'GBP')}`);
    expect(moneyList(openByCurrency(sums), sums.currencies, false)).toBe('$13,000 + €42,000 + £800');
    // Chunks of one board (an industry's companies asked in parts) add up currency by currency.
    const twice = sumByCurrency([part, part]);
    expect(twice.stages.find((s: { stage: string }) => s.stage === 'proposal')!.amounts).toEqual({ USD: 20000, EUR: 84000 });
  });

  it('moves a card’s amount in its own currency; one currency alone keeps a plain amount', () => {
    const sums = moveBetween(sumByCurrency([part]), 'proposal', 'negotiation', 'EUR', 42000);
    expect(sums.stages.find((s: { stage: string }) => s.stage === 'proposal')!.amounts).toEqual({ USD: 10000, EUR: 0 });
    expect(sums.stages.find((s: { stage: string }) => s.stage === 'negotiation')).toMatchObject({ count: 1, amounts: { EUR: 42000 } });
    const one = sumByCurrency([{ workspace_currency: 'USD', currencies: [part.currencies[1]!] }]);
    expect(one.stages.find((s: { stage: string }) => s.stage === 'proposal')!.amount).toBe(10000);
    expect(moneyList({}, ['USD'])).toBe(formatMoney(0, true, 'USD'));
  });
});

describe('a full name column on import', () => {
  it('splits whole names into first and last name', () => {
    expect(splitFullName('  Grace   Hopper ')).toEqual({ first: 'Grace', last: 'Hopper' });
    expect(splitFullName('Hopper, Grace Brewster')).toEqual({ first: 'Grace Brewster', last: 'Hopper' });
    expect(splitFullName('Dr. Mae Jemison')).toEqual({ first: 'Mae', last: 'Jemison' });
    expect(splitFullName('Johannes van der Waals')).toEqual({ first: 'Johannes', last: 'van der Waals' });
    expect(splitFullName('Sammy Davis Jr.')).toEqual({ first: 'Sammy', last: 'Davis Jr.' });
    expect(splitFullName('Sammy Davis, Jr.')).toEqual({ first: 'Sammy', last: 'Davis Jr.' });
    expect(splitFullName('Zendaya')).toEqual({ first: 'Zendaya', last: '' });
    expect(splitFullName('')).toEqual({ first: '', last: '' });
  });

  it('maps a contacts file’s one name column to the split, and writes first_name and last_name', async () => {
    const header = ['Name', 'Work e-mail', 'Favourite tea'];
    const mapping = guessMapping(ENTITIES.contact, header);
    expect(mapping[0]).toBe(FULL_NAME);
    expect(mapping[2]).toBe(CUSTOM);
    expect(mappingProblems(ENTITIES.contact, header, mapping).errors).toEqual([]);
    // Not when the file has first or last names of its own, and not for companies.
    expect(guessMapping(ENTITIES.contact, ['Full name', 'Last name'])[0]).not.toBe(FULL_NAME);
    expect(guessMapping(ENTITIES.company, ['Name'])[0]).not.toBe(FULL_NAME);
    // Split and also mapped to first_name elsewhere: two columns for one field.
    expect(mappingProblems(ENTITIES.contact, ['Name', 'Given'], [FULL_NAME, 'first_name']).errors).toEqual(['more than one column goes to "first_name"']);
    const file = new File(['Name,Work e-mail,Favourite tea\n"Hopper, Grace",grace@navy.example,Earl Grey\nZendaya,z@example.test,\n'], 'people.csv');
    expect(await rewriteCsv(file, mapping)).toBe('first_name,last_name,email,Favourite tea\nGrace,Hopper,grace@navy.example,Earl Grey\nZendaya,,z@example.test,');
  });
});

describe("a company page's deals", () => {
  it("drop the company's name in front, so deals of one company can be told apart", async () => {
    // @ts-ignore -- as above
    const { withoutCompany } = (await import('../../web/src/ui/format')) as { withoutCompany: (name: string, company: string | undefined) => string };
    expect(withoutCompany('Harbour Lights – Fog Horns', 'Harbour Lights')).toBe('Fog Horns');
    expect(withoutCompany('harbour lights: Fog Horns', 'Harbour Lights')).toBe('Fog Horns');
    expect(withoutCompany('Harbour Lights - Fog Horns', 'Harbour Lights')).toBe('Fog Horns');
    // Not a prefix followed by a separator: kept whole.
    expect(withoutCompany('Harbour Lightship refit', 'Harbour Lights')).toBe('Harbour Lightship refit');
    expect(withoutCompany('Harbour Lights', 'Harbour Lights')).toBe('Harbour Lights');
    expect(withoutCompany('Fog Horns', undefined)).toBe('Fog Horns');
  });
});
