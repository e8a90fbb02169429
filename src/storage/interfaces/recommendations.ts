/** Next-best-action recommendations and their outcomes (migration 0017). */

export type RecommendationOutcome = 'responded' | 'no_response';
export type OutcomeSource = 'api' | 'inferred';

export interface StoredRecommendation {
  seq: number;
  id: string;
  contact_id: string;
  policy: string;
  action: string;
  propensity: number;
  /** JSON: the context as it was (features and the catalog chosen from). */
  context: string;
  model_version: number;
  created_at: string;
  acted_at: string | null;
  outcome: RecommendationOutcome | null;
  outcome_at: string | null;
  outcome_source: OutcomeSource | null;
}

export interface RecommendationQuery {
  contactId?: string;
  policy?: string;
  /** Only those after this seq (a page cursor). */
  afterSeq?: number;
  /** Only those created after this timestamp. */
  createdAfter?: string;
  limit: number;
}

export interface RecommendationRepository {
  insert(ws: string, r: Omit<StoredRecommendation, 'seq'>): Promise<void>;
  get(ws: string, id: string): Promise<StoredRecommendation | undefined>;
  /** Oldest first. */
  list(ws: string, q: RecommendationQuery): Promise<StoredRecommendation[]>;
  /** Sets acted_at unless it is set already; whether it was set now. */
  markActed(ws: string, id: string, at: string): Promise<boolean>;
  /** Sets the outcome unless one is set already (then changes nothing and answers false). */
  recordOutcome(ws: string, id: string, outcome: RecommendationOutcome, at: string, source: OutcomeSource): Promise<boolean>;
  /** How many recommendations a contact got from `since` on (leaving out those of the actions named). */
  countForContact(ws: string, contactId: string, since: string, exceptActions?: readonly string[]): Promise<number>;
  /** The newest recommendation for a contact acted on within [from, to] that has no outcome yet. */
  latestAwaitingOutcome(ws: string, contactId: string, actedFrom: string, actedTo: string): Promise<StoredRecommendation | undefined>;
  /** Removes a contact's recommendations (erasure). */
  deleteForContacts(ws: string, contactIds: readonly string[]): Promise<number>;
}
