/**
 * How much of a world's buyer wording the server's readers read: each phrasing of the standard or variant world
 * (filled with a name, a product, a rival), and the fresh-wording fixture of the tests, read by the lexicon with the
 * concept words (`dealSignalsIn`) and by meaning (`BuyerMeaning`, USE lite), counted per category against the
 * concern the category means (or none). Prints counts only, never the phrasings (they are not to be tuned to).
 *
 *   npx tsx bench/deals/reading.ts [--provider use|hashing]
 *
 * The held-out world is not read here.
 */
import { parseArgs } from 'node:util';
import { createEmbeddingProvider } from '../../src/intelligence/embeddings/index.js';
import { BuyerMeaning, meaningSignalsOf } from '../../src/intelligence/strategy/buyer-meaning.js';
import { dealSignalsIn, type DealSignal } from '../../src/intelligence/strategy/deal-state.js';
import { FRESH_WORDING, FRESH_WORDING_ASIDE } from '../../test/intelligence/strategy/buyer-wording.js';
import { STANDARD_PHRASES } from './world-standard.js';
import { VARIANT_PHRASES } from './world-variant.js';
import { say } from './world.js';

/** What each category of a world's phrasings means for the five deal signals (null: no concern raised). */
const MEANS: Record<string, Record<string, DealSignal | null>> = {
  standard: {
    price_concern: 'price_objection', price_objection: 'price_objection', objection_resolved: null, discount_unneeded: null,
    dm_missing: 'missing_decision_maker', dm_engaged: null, pushy: 'negative_sentiment', competitor: 'competition', competitor_handled: null,
    enthusiasm: 'positive_momentum', lukewarm: null, demo_held: null, demo_premature: null, too_early: null, proposal_received: null,
    proposal_again: null, asked_for_proposal: 'positive_momentum', annoyed: 'negative_sentiment', no_reply: null, voicemail: null, no_show: null,
  },
  variant: {
    price_worry: 'price_objection', price_objection: 'price_objection', objection_resolved: null, discount_early: null,
    dm_missing: 'missing_decision_maker', dm_engaged: null, escalate_early: null, escalate_unneeded: null, rival: 'competition',
    rival_settled: null, warm: 'positive_momentum', neutral: null, demo_given: null, proposal_early: null, proposal_in: null,
    proposal_repeat: null, crowded: 'negative_sentiment', silent: null, missed: null, skipped: null,
  },
};
const WORDS = { first: 'Ada', company: 'Norwind', product: 'Ledger Pro', competitor: 'Quillstone', exec: 'their CFO' };
const FOCUS: DealSignal[] = ['price_objection', 'missing_decision_maker', 'competition'];

interface Tally { concern: number; read: number; wrong: number; none: number; raised: number }

function tally(items: { text: string; signal: DealSignal | null; category: string }[], reader: (t: string) => DealSignal[]) {
  const by = new Map<string, Tally>();
  for (const it of items) {
    const t = by.get(it.category) ?? { concern: 0, read: 0, wrong: 0, none: 0, raised: 0 };
    const got = reader(it.text).filter((s) => FOCUS.includes(s) || s === it.signal);
    if (it.signal) {
      t.concern++;
      if (got.includes(it.signal)) t.read++;
      if (got.some((s) => s !== it.signal && FOCUS.includes(s))) t.wrong++;
    } else {
      t.none++;
      if (got.some((s) => FOCUS.includes(s))) t.raised++;
    }
    by.set(it.category, t);
  }
  return by;
}

function print(label: string, items: { text: string; signal: DealSignal | null; category: string }[]) {
  const readers: [string, (t: string) => DealSignal[]][] = [
    ['lexicon+concepts', (t) => dealSignalsIn(t)],
    ['meaning', (t) => meaningSignalsOf(t)],
    ['both', (t) => [...new Set([...dealSignalsIn(t), ...meaningSignalsOf(t)])]],
  ];
  console.log(`\n${label} (${items.length} phrasings)`);
  for (const [name, read] of readers) {
    const by = tally(items, read);
    const sum = (f: (t: Tally) => number, focusOnly = false) => [...by.entries()].filter(([c]) => !focusOnly || FOCUS.includes(items.find((i) => i.category === c)!.signal as DealSignal)).reduce((s, [, t]) => s + f(t), 0);
    const cells = [...by.entries()].map(([c, t]) => (t.concern ? `${c} ${t.read}/${t.concern}${t.wrong ? ` (${t.wrong} misread)` : ''}` : t.raised ? `${c}: ${t.raised}/${t.none} raised` : '')).filter(Boolean);
    console.log(`  ${name.padEnd(17)} concerns read ${sum((t) => t.read)}/${sum((t) => t.concern)} (price, DM, rival: ${sum((t) => t.read, true)}/${sum((t) => t.concern, true)}); a focus concern raised on ${sum((t) => t.raised)}/${sum((t) => t.none)} texts without one — ${cells.join('; ')}`);
  }
}

const { values } = parseArgs({ options: { provider: { type: 'string', default: 'use' } } });
const provider = createEmbeddingProvider({ provider: values.provider as 'use' | 'hashing' });
const meaning = new BuyerMeaning(provider);
const worlds = { standard: STANDARD_PHRASES, variant: VARIANT_PHRASES };
const sets: [string, { text: string; signal: DealSignal | null; category: string }[]][] = Object.entries(worlds).map(([w, table]) => [
  `${w} world`,
  Object.entries(table).flatMap(([category, texts]) => texts.map((t) => ({ text: say(t, WORDS), signal: MEANS[w]![category] ?? null, category }))),
]);
sets.push(['fresh wording (test fixture; the meaning reader\'s threshold was chosen on it)', FRESH_WORDING.map((f) => ({ ...f, category: f.signal ?? 'none' }))]);
sets.push(['fresh wording kept aside (test fixture)', FRESH_WORDING_ASIDE.map((f) => ({ ...f, category: f.signal ?? 'none' }))]);
const t0 = performance.now();
await meaning.prepare(sets.flatMap(([, items]) => items.map((i) => i.text)));
console.log(`embedded with ${provider.model} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
for (const [label, items] of sets) print(label, items);
await provider.close();
