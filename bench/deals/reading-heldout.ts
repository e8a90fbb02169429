/**
 * The readers on the held-out buyer statements (`reading-heldout.jsonl`: statements per signal and neutral ones in
 * everyday wording, written before looking at any world's note templates; never tuned on). Per signal: recall (the
 * statements of that signal read as it) and precision (of the statements read as it, how many are of it), for the
 * lexicon with the concept words (`dealSignalsIn`), the meaning reader alone, and both united (what the server's
 * state reads: `buyerSignalsOf`, no learned reader).
 *
 *   npx tsx bench/deals/reading-heldout.ts [--provider use|hashing] [--json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEmbeddingProvider } from '../../src/intelligence/embeddings/index.js';
import { BuyerMeaning, meaningSignalsOf } from '../../src/intelligence/strategy/buyer-meaning.js';
import { buyerSignalsOf, dealSignalsIn, DEAL_SIGNALS, type DealSignal } from '../../src/intelligence/strategy/deal-state.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export interface HeldoutItem { text: string; signal: DealSignal | null }
export const loadHeldout = (file = path.join(here, 'reading-heldout.jsonl')): HeldoutItem[] =>
  fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as HeldoutItem);

export interface SignalScore { signal: DealSignal; items: number; read: number; raised: number; correct: number; recall: number; precision: number | null }
/** Recall and precision per signal of a reader on the items (a statement may raise several signals). */
export function scoreReader(items: readonly HeldoutItem[], read: (t: string) => DealSignal[]): { perSignal: SignalScore[]; neutralRaised: number; neutral: number } {
  const perSignal = DEAL_SIGNALS.map((signal) => {
    const of = items.filter((i) => i.signal === signal);
    const raisedOn = items.filter((i) => read(i.text).includes(signal));
    const read_ = of.filter((i) => read(i.text).includes(signal)).length;
    const correct = raisedOn.filter((i) => i.signal === signal).length;
    return { signal, items: of.length, read: read_, raised: raisedOn.length, correct, recall: of.length ? read_ / of.length : 0, precision: raisedOn.length ? correct / raisedOn.length : null };
  });
  const neutral = items.filter((i) => i.signal === null);
  return { perSignal, neutralRaised: neutral.filter((i) => read(i.text).length > 0).length, neutral: neutral.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { provider: { type: 'string', default: 'use' }, json: { type: 'boolean', default: false } } });
  const items = loadHeldout();
  const provider = createEmbeddingProvider({ provider: values.provider as 'use' | 'hashing' });
  await new BuyerMeaning(provider).prepare(items.map((i) => `\n${i.text}`));
  const readers: [string, (t: string) => DealSignal[]][] = [
    ['lexicon+concepts', (t) => dealSignalsIn(`\n${t}`)],
    ['meaning', (t) => meaningSignalsOf(`\n${t}`)],
    ['server (both)', (t) => buyerSignalsOf({ subject: null, body: t })],
  ];
  const out: Record<string, unknown> = {};
  console.log(`held-out buyer statements: ${items.length} (${DEAL_SIGNALS.map((s) => `${s} ${items.filter((i) => i.signal === s).length}`).join(', ')}, neutral ${items.filter((i) => !i.signal).length}); embeddings ${provider.model}`);
  for (const [name, read] of readers) {
    const r = scoreReader(items, read);
    out[name] = r;
    const pct = (x: number | null) => (x === null ? '–' : `${Math.round(100 * x)} %`);
    console.log(`  ${name.padEnd(17)} ${r.perSignal.map((s) => `${s.signal} recall ${s.read}/${s.items} precision ${s.correct}/${s.raised} (${pct(s.precision)})`).join('; ')}; neutral statements raising anything ${r.neutralRaised}/${r.neutral}`);
  }
  if (values.json) console.log(JSON.stringify(out));
  await provider.close();
}
