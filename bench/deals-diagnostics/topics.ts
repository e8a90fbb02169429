/**
 * Do the learned topics (src/intelligence/strategy/buyer-topics.ts) keep apart what a visible world's buyers say?
 * For the standard and the variant world: every phrasing of every category (filled with one name, product, rival),
 * embedded as the server does (USE lite), clustered into topics as a training would (16, seed 1), then per category
 * how many of its phrasings share their topic only with phrasings of the same category ("pure"), and how many
 * categories end up sharing one topic. Counts only, never the phrasings. A proxy: a training clusters the clauses of
 * its logged notes, which also hold our own action subjects and filler.
 *
 *   npx tsx bench/deals-diagnostics/topics.ts [--provider use|hashing] [--seed 1]
 *
 * The held-out world is not read here.
 */
import { parseArgs } from 'node:util';
import { createEmbeddingProvider } from '../../src/intelligence/embeddings/index.js';
import { BuyerMeaning, clausesOf } from '../../src/intelligence/strategy/buyer-meaning.js';
import { learnTopics } from '../../src/intelligence/strategy/buyer-topics.js';
import { STANDARD_PHRASES } from '../deals/world-standard.js';
import { VARIANT_PHRASES } from '../deals/world-variant.js';
import { say } from '../deals/world.js';

const WORDS = { first: 'Ada', company: 'Norwind', product: 'Ledger Pro', competitor: 'Quillstone', exec: 'their CFO' };
const { values } = parseArgs({ options: { provider: { type: 'string', default: 'use' }, seed: { type: 'string', default: '1' } } });
const provider = createEmbeddingProvider({ provider: values.provider as 'use' | 'hashing' });
const meaning = new BuyerMeaning(provider);

for (const [world, table] of Object.entries({ standard: STANDARD_PHRASES, variant: VARIANT_PHRASES })) {
  const items = Object.entries(table).flatMap(([category, texts]) => texts.map((t) => ({ category, text: say(t, WORDS) })));
  await meaning.prepare(items.map((i) => i.text));
  const topics = learnTopics(items.map((i) => i.text), Number(values.seed));
  // A phrasing's topic: the set its clauses read as (a phrasing of two clauses may read two).
  const topicOf = items.map((i) => topics.topicsOf(i.text).join('+') || 'none');
  const categoriesOf = new Map<string, Set<string>>();
  items.forEach((i, n) => categoriesOf.set(topicOf[n]!, (categoriesOf.get(topicOf[n]!) ?? new Set()).add(i.category)));
  const pure = items.filter((i, n) => topicOf[n] !== 'none' && categoriesOf.get(topicOf[n]!)!.size === 1).length;
  const none = topicOf.filter((t) => t === 'none').length;
  const categories = new Set(items.map((i) => i.category)).size;
  const shared = [...categoriesOf.entries()].filter(([t, c]) => t !== 'none' && c.size > 1).map(([, c]) => c.size);
  const clauses = new Set(items.flatMap((i) => clausesOf(i.text))).size;
  console.log(
    `${world} world: ${items.length} phrasings (${clauses} clauses) in ${categories} categories → ${topics.centroids.length} topics; ` +
      `${pure}/${items.length} phrasings in a topic of their category alone, ${none} in none; ${shared.length} topic sets shared by several categories (sizes ${shared.sort((a, b) => b - a).join(', ') || '–'})`,
  );
}
await provider.close();
