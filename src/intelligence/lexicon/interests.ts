/**
 * Buying interests a salesperson recognises in notes ("worried about SOC 2", "exploring deep learning"), from
 * general B2B vocabulary. Used to say in words why two people are alike, never as the ranking itself.
 */
import { foldText } from '../../core/normalize.js';

export interface InterestTopic {
  id: string;
  /** How a reason names it: "both interested in <label>". */
  label: string;
  /** Lower-case phrases; a phrase ending in * matches as a word prefix. */
  phrases: readonly string[];
}

export const INTEREST_TOPICS: readonly InterestTopic[] = [
  { id: 'ai_ml', label: 'AI and machine learning', phrases: ['machine learning', 'deep learning', 'natural language processing', 'nlp', 'artificial intelligence', 'ai', 'llm*', 'genai', 'model accuracy', 'feature store', 'inference', 'gpu*', 'predictive model*', 'data scien*'] },
  { id: 'compliance', label: 'compliance and audits', phrases: ['compliance', 'audit*', 'soc 2', 'soc2', 'iso 27001', 'gdpr', 'hipaa', 'data retention', 'data residency', 'regulat*', 'sign off on any vendor'] },
  { id: 'security', label: 'security', phrases: ['security', 'phishing', 'zero trust', 'encryption', 'penetration test*', 'access control', 'sso', 'scim', 'threat*', 'alert fatigue', 'incident*'] },
  { id: 'analytics', label: 'analytics and reporting', phrases: ['analytics', 'dashboard*', 'reporting', 'insight*', 'funnel*', 'behaviour tracking', 'behavior tracking', 'visibility'] },
  { id: 'forecasting', label: 'pipeline forecasting', phrases: ['forecast*', 'pipeline visibility', 'win rate*', 'sales cycle', 'quota', 'territory planning', 'lead routing'] },
  { id: 'automation', label: 'workflow automation', phrases: ['automat*', 'workflow*', 'manual handoff*', 'manual data entry', 'process mining', 'spreadsheet*', 'repetitive'] },
  { id: 'cost', label: 'cutting costs and ROI', phrases: ['cost*', 'roi', 'spend', 'budget*', 'price', 'pricing', 'discount*', 'total cost of ownership', 'tco', 'cheaper'] },
  { id: 'hiring', label: 'hiring and people', phrases: ['hiring', 'hire', 'recruit*', 'time-to-hire', 'hris', 'onboarding', 'retention', 'engagement survey*', 'workforce planning', 'burnout', 'learning and development'] },
  { id: 'marketing', label: 'marketing and campaigns', phrases: ['campaign*', 'attribution', 'marketing', 'lead quality', 'seo', 'content', 'segmentation', 'email journey*', 'account-based', 'webinar*', 'brand', 'martech', 'personalis*', 'personaliz*'] },
  { id: 'experimentation', label: 'A/B testing and product analytics', phrases: ['a/b', 'ab test*', 'experiment*', 'feature flag*', 'product analytics', 'roadmap', 'customer feedback'] },
  { id: 'integration', label: 'integrations', phrases: ['integration*', 'erp', 'api*', 'embed analytics'] },
  { id: 'operations', label: 'operations and supply chain', phrases: ['supply chain', 'operations', 'new regions', 'scaling operations', 'real-time', 'month-end close', 'consolidated reporting'] },
];

function phrasePattern(phrase: string): RegExp {
  const prefix = phrase.endsWith('*');
  const body = foldText(prefix ? phrase.slice(0, -1) : phrase).replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${body}${prefix ? '' : '(?![\\p{L}\\p{N}])'}`, 'u');
}

const COMPILED = INTEREST_TOPICS.map((t) => ({ topic: t, patterns: t.phrases.map(phrasePattern) }));

/** Topics mentioned in a text, in taxonomy order. */
export function interestsIn(text: string | null | undefined): InterestTopic[] {
  if (!text) return [];
  const folded = foldText(text);
  return COMPILED.filter(({ patterns }) => patterns.some((p) => p.test(folded))).map(({ topic }) => topic);
}
