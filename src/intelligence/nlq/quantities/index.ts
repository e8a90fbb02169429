/** Numbers, money and dates read out of a query's text as character spans (the parser ties them to fields). */
export { findDateConditions, type DateCondition } from './dates.js';
export { findQuantities, parseAmount, type CompareOp, type QuantityCondition } from './numbers.js';
export type { Span } from './spans.js';
