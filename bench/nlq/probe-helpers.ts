/**
 * What the blind-written probe scripts (probes-17, probes-18) share: the item shape, the category names they weight,
 * and small SQL fragments over the shared CSVs' tables (sql.ts's aliases: ct contacts, d deals). Each script keeps its
 * own sentences and conventions; these are only the words both spell the same way.
 */
import { between, OPEN, type Spec } from './heldout/sql.js';

/** `alternatives`: other fair readings of the words, each of which must answer like the reading of record. */
export const q = (category: string, text: string, expected: Spec, alternatives: readonly Spec[] = []) => ({ category, text, expected, alternatives });

/** "Heads of department": the "Head of …" titles (Compliance, Data Science, Growth, Product). */
export const HEAD_OF = `ct.title LIKE 'Head of %'`;
/** "Engineers": titles ending in Engineer (ML Engineer, Security Engineer). */
export const ENGINEER = `ct.title LIKE '% Engineer'`;
export const and = (...parts: string[]) => parts.join(' AND ');
export const source = (s: string) => `ct.lead_source = '${s}'`;
export const status = (s: string) => `ct.lead_status = '${s}'`;
/** Open deals whose expected close falls in [from, toInclusive] (dates). */
export const closeIn = (from: string, toInclusive: string) => and(OPEN, `d.expected_close >= '${from}'`, `d.expected_close <= '${toInclusive}'`);
export const closed = (from: string, toExclusive: string) => between('d.closed_at', from, toExclusive);
export const Q3 = closed('2026-07-01', '2026-10-01');
export const OCTOBER = closed('2026-10-01', '2026-11-01');
/** The data set's "now" (sql.ts). */
export const NOW = '2026-11-01T12:00:00Z';

export const P = 'semantic.persona';
export const PI = 'semantic.persona+industry';
export const PR = 'semantic.persona+role';
export const SS = 'filter.source+status';
export const II = 'filter.informal-industry';
export const RR = 'filter.role-responsibility';
export const RI = 'filter.role+industry';
export const NEG = 'filter.negation';
