/**
 * The response model's coefficients as Markdown table rows, one per effect: the README shows them and a test
 * checks that every row of the code is in the README, so the documentation cannot drift from the model.
 */
import { BASE, EFFECTS, FATIGUE, type Condition, type OutreachAction } from './response-model.js';

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

export function conditionText(c: Condition): string {
  const [key, value] = Object.entries(c)[0] as [string, string];
  const words: Record<string, string> = { seniority: 'seniority', family: 'function', industryGroup: 'industry group', size: 'company size', leadSource: 'lead source', leadStatus: 'lead status', tag: 'tag' };
  return `${words[key] ?? key} = ${value}`;
}

export function baseRows(): string[] {
  return (Object.keys(BASE) as OutreachAction[]).map((a) => `| \`${a}\` | ${signed(BASE[a])} | ${signed(-FATIGUE[a])} |`);
}

export function effectRows(): string[] {
  return (Object.keys(EFFECTS) as OutreachAction[]).flatMap((a) => EFFECTS[a].map((e) => `| \`${a}\` | ${conditionText(e.when)} | ${signed(e.logit)} |`));
}

if (process.argv[1]?.endsWith('dynamics-doc.ts')) console.log([...baseRows(), '', ...effectRows()].join('\n'));
