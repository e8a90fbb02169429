/** What the parser reads a query as (the planner's input) and what it needs to read it. */
import type { EntityName } from '../../core/entities.js';
import type { FilterOp } from '../../storage/index.js';
import type { RoleFamily } from '../lexicon/role-words.js';
import type { Lexicon } from './lexicon.js';
import type { MeaningReader } from './meaning.js';
import type { MeaningFound } from './passes/meaning.js';


export type Intent = 'filter' | 'top' | 'aggregate' | 'similar' | 'semantic';
export type AggregateFnName = 'count' | 'sum' | 'avg' | 'min' | 'max';

/** A condition on a field of `entity` (the object asked for, or one it refers to: a contact's company). */
export interface Condition {
  entity: EntityName;
  field: string;
  op: FilterOp;
  value: unknown;
  label: string;
  /** Conditions with the same `anyGroup` are or-ed ("CTOs or people in Berlin"). */
  anyGroup?: number;
}

export interface RoleCondition {
  families: RoleFamily[];
  negated: boolean;
  label: string;
}

export interface ParsedQuery {
  text: string;
  intent: Intent;
  entity: EntityName;
  conditions: Condition[];
  roles: RoleCondition[];
  sort: { entity: EntityName; field: string; direction: 'asc' | 'desc'; label: string } | null;
  top: number | null;
  aggregate: { fn: AggregateFnName; field: string | null; groupBy: { entity: EntityName; field: string } | null; label: string } | null;
  similar: { seed: string; id: string | null; name: string | null } | null;
  /** Words ranked by meaning (semantic intent), as typed. */
  topic: string | null;
  /** Whether the topic was asked for ("interested in …") or is what the parser could not read. */
  topicIsFallback: boolean;
  unparsed: string[];
  notes: string[];
  /**
   * Conditions on the learned score: a tier ("hot leads": probability ≥ 0.7, warm ≥ 0.4, cold below), likely
   * ("likely to close": ≥ 0.5) and ranking by it ("highest-scoring", "most likely to win").
   */
  score: { tier: 'hot' | 'warm' | 'cold' | null; likely: boolean; rank: boolean; label: string } | null;
  /** "my deals": records owned by whoever asks (the service turns it into an owner condition). */
  mine: boolean;
  /** Phrases the lexicon does not list, and how each was matched. */
  matches: MeaningFound[];
  /**
   * Nothing in the query was understood and none of its words is a word the dictionary or the lexicon knows
   * ("xkqz vbnm"): the answer says so and returns no records instead of ranking noise.
   */
  abstain: boolean;
}

/** What the parser needs from the data beyond the lexicon: records by name. */
export interface NameResolver {
  /** Companies whose name is one of the phrases (normalised); phrase → {id, name}. */
  companies(phrases: readonly string[]): Promise<Map<string, { id: string; name: string }>>;
  /** A record of `entity` named `phrase` (a person's full name, a company's or deal's name). */
  record(entity: EntityName, phrase: string): Promise<{ id: string; name: string } | undefined>;
}

export interface ParseContext {
  lexicon: Lexicon;
  now: Date;
  names: NameResolver;
  /** Unknown phrases by meaning (the embedding provider); without it only WordNet reads them. */
  meaning?: MeaningReader;
}
