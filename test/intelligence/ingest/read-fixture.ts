/** Reads a fixture of test/fixtures/ingest through detection and its ingester, as the service does. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_INGEST_LIMITS, defaultIngesters, detectSample, extractFacts, type Extraction, type IngestFacts, type IngestKind } from '../../../src/intelligence/ingest/index.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/ingest');
export const NOW = '2026-03-10T12:00:00Z';

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
}

/** Detects a file's kind from its bytes under a neutral name (so the extension cannot help) and extracts it. */
export async function readFixture(name: string, bytes = fixtureBytes(name)): Promise<{ kind: IngestKind | undefined; extraction: Extraction; facts: IngestFacts[] }> {
  const ingester = defaultIngesters().detect(detectSample('upload', bytes));
  if (!ingester) return { kind: undefined, extraction: { items: [], warnings: [] }, facts: [] };
  const extraction = await ingester.extract(bytes, { limits: DEFAULT_INGEST_LIMITS, now: NOW });
  const facts = extraction.items.map((i) => extractFacts(i.activity ? `${i.activity.subject}\n${i.activity.body}` : '', new Date(i.activity?.occurredAt ?? NOW)));
  return { kind: ingester.kind, extraction, facts };
}
