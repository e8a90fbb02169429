/**
 * Reads what a salesperson typed into an interpretation: which object, which conditions, sort and top-N,
 * aggregate, a seed for "like X", and a topic to rank by meaning. Passes (passes/*.ts) share one ParseState and
 * run from the most specific grammar to the most general so each word is claimed once: dates and numbers,
 * superlatives and aggregates, "like X", topic cues, roles, then the workspace lexicon (longest phrase first);
 * names of companies and people are looked up in the data; what is left is ranked by meaning and said so.
 */
import type { ParseContext, ParsedQuery } from './parsed-query.js';
import { ParseState } from './parse-state.js';
import { readActivityObject } from './passes/activities.js';
import { readAggregate, readGroupBy } from './passes/aggregates.js';
import { readAggregateField } from './passes/aggregate-field.js';
import { readConditions } from './passes/conditions.js';
import { readDateFields } from './passes/date-fields.js';
import { readDuties } from './passes/duties.js';
import { readEmptyFields, reserveAbsentFields } from './passes/empty-fields.js';
import { readHead } from './passes/head.js';
import { readLexiconMatches } from './passes/lexicon-matches.js';
import { readByMeaning } from './passes/meaning.js';
import { readMarkers } from './passes/markers.js';
import { readCompanyNames } from './passes/names.js';
import { readNumberFields } from './passes/number-fields.js';
import { readQuantities } from './passes/quantities.js';
import { readRelations } from './passes/relations.js';
import { toParsedQuery } from './passes/result.js';
import { readRoles } from './passes/roles.js';
import { readScoreAndMine } from './passes/score.js';
import { readPersonNamed, readSimilar, resolveSimilarSeed } from './passes/similar.js';
import { readSort } from './passes/sort.js';
import { readStageOrder } from './passes/stage-order.js';
import { readSourceClauses } from './passes/source-clauses.js';
import { readSuperlatives } from './passes/superlatives.js';
import { readTasks } from './passes/tasks.js';
import { readTopicCues } from './passes/topic.js';
import { readTrades } from './passes/trades.js';

export type { AggregateFnName, Condition, Intent, NameResolver, ParseContext, ParsedQuery, RoleCondition } from './parsed-query.js';

export async function parseQuery(input: string, ctx: ParseContext): Promise<ParsedQuery> {
  const st = new ParseState(input, ctx);
  // Grammar that claims its words before any lexicon lookup.
  readActivityObject(st);
  readStageOrder(st);
  readQuantities(st);
  readMarkers(st);
  readSuperlatives(st);
  readAggregate(st);
  readGroupBy(st);
  readSimilar(st);
  readScoreAndMine(st);
  readTrades(st);
  readDuties(st);
  readSourceClauses(st);
  readTopicCues(st);
  readRoles(st);
  readTasks(st);
  // Names in the data, then the workspace lexicon; the object asked for follows from what they found.
  await readCompanyNames(st);
  readLexiconMatches(st);
  reserveAbsentFields(st);
  await readByMeaning(st);
  readHead(st);
  readEmptyFields(st);
  readRelations(st);
  // Everything read so far, in the light of the object: conditions, sort, aggregate, the rest by meaning.
  readConditions(st);
  readDateFields(st);
  readNumberFields(st);
  await resolveSimilarSeed(st);
  // A person's full name left over: people like them, or whose deals and activities (passes/similar.ts).
  await readPersonNamed(st);
  readSort(st);
  readAggregateField(st);
  return toParsedQuery(st);
}
