/**
 * The held-out model's coefficient tables as Markdown rows: README.md shows them and a test checks that every
 * row is there, so the documentation cannot drift from the model.
 *
 *   npx tsx bench/nba/heldout/dynamics-doc.ts
 */
import { BASE, INDUSTRY_EFFECTS, ROLE_EFFECTS, type OutreachAction, type Role } from './response-model.js';

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

export function baseRows(): string[] {
  return (Object.keys(BASE) as OutreachAction[]).map((a) => `| \`${a}\` | ${signed(BASE[a])} |`);
}

export function industryRows(): string[] {
  return Object.entries(INDUSTRY_EFFECTS).map(([industry, effects]) => `| ${industry} | ${Object.entries(effects).map(([a, x]) => `\`${a}\` ${signed(x)}`).join(', ')} |`);
}

export function roleRows(): string[] {
  return (Object.entries(ROLE_EFFECTS) as [Role, Partial<Record<OutreachAction, number>>][])
    .filter(([, effects]) => Object.keys(effects).length > 0)
    .map(([role, effects]) => `| ${role} | ${Object.entries(effects).map(([a, x]) => `\`${a}\` ${signed(x)}`).join(', ')} |`);
}

if (process.argv[1]?.endsWith('dynamics-doc.ts')) console.log([...baseRows(), '', ...industryRows(), '', ...roleRows()].join('\n'));
