/** Deal strategy (issue 19, migration 0020): a deal's recommended actions and the raw history its state is read from. */

export interface StoredDealRecommendation {
  seq: number;
  id: string;
  deal_id: string;
  policy: string;
  action: string;
  propensity: number;
  /** The action's effort cost when it was recommended (the budget spends it once acted on). */
  cost: number;
  /** JSON: the deal state as of `as_of` (features, signals, budget left). */
  state: string;
  model_version: number;
  /** The moment the state was read as of (a replay's or simulation's clock). */
  as_of: string;
  /** When the server recorded it. */
  created_at: string;
  /** The acting activity's occurred_at (the deal's clock), once an activity carried this recommendation's id. */
  acted_at: string | null;
  activity_id: string | null;
}

/** What a deal's state is computed from: the deal, its contact's title, its company's size, and its history. */
export interface DealHistory {
  deal: { id: string; stage: string; amount: number | null; product: string | null; created_at: string; closed_at: string | null; contact_id: string | null; company_id: string | null; custom: string | null };
  contactTitle: string | null;
  employees: number | null;
  /** The deal's activities up to `until` (occurred_at), oldest first. */
  activities: { id: string; type: string; occurred_at: string; subject: string | null; body: string | null; outcome: string | null; recommendation_id: string | null }[];
  /** Every stage move of the deal (server time `at`), oldest first. */
  moves: { seq: number; from_stage: string | null; to_stage: string; at: string }[];
  /** Every recommendation for the deal, by as_of. */
  recommendations: StoredDealRecommendation[];
  /** Changes of the amount (server time), oldest first. */
  amountChanges: { at: string; before: number | null; after: number | null }[];
}

export interface DealStrategyRepository {
  insert(ws: string, r: Omit<StoredDealRecommendation, 'seq'>): Promise<void>;
  get(ws: string, id: string): Promise<StoredDealRecommendation | undefined>;
  /** Whether a recommendation of this id exists in the workspace: a deal's (0020) or a contact's (0017). */
  recommendationExists(ws: string, id: string): Promise<'deal' | 'contact' | undefined>;
  /** Sets acted_at and the activity unless already set; whether it was set now. */
  markActed(ws: string, id: string, at: string, activityId: string): Promise<boolean>;
  /** One deal's history; activities only up to `until` (none after it are read). Undefined: no such deal. */
  dealHistory(ws: string, dealId: string, until: string): Promise<DealHistory | undefined>;
  /** Every deal's history at once (training, the reflection buffer), in pages of deals. */
  allHistories(ws: string): AsyncIterable<DealHistory[]>;
  /** How many deals of the workspace are closed (won or lost). */
  closedDeals(ws: string): Promise<number>;
}
