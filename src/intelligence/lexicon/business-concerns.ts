/**
 * Everyday ways of saying the concerns B2B buyers voice to a salesperson: each group holds phrases that mean one
 * concern ("split tests" and "A/B experiments", "rebrand" and "brand refresh", "people quitting" and "attrition").
 * General knowledge of how such concerns are put, not read off a data set's notes. The notes' ranking
 * (nlq/concern-words.ts) counts a query and a sentence that name the same group as sharing a word: the embedding
 * (USE lite) places many of these pairs no nearer than unrelated sentences.
 *
 * Phrases are matched on word lemmas, whole words in order ("tests" matches "test", "planned" matches "plan").
 * Keep a phrase specific: a single common word ("cost", "team") would join unrelated sentences.
 */
export const BUSINESS_CONCERNS: Readonly<Record<string, readonly string[]>> = {
  experiments: ['a/b test', 'ab test', 'a/b testing', 'split test', 'split testing', 'multivariate test', 'a/b experiment', 'test variants', 'experimentation'],
  rebrand: ['rebrand', 'rebranding', 'brand refresh', 'refresh the brand', 'brand facelift', 'brand overhaul', 'new brand identity'],
  sales_cycle: ['sales cycle', 'close deals faster', 'speed up deals', 'win rate', 'win more deals', 'deal velocity'],
  generative_ai: ['generative ai', 'genai', 'gen ai', 'large language model', 'llm', 'chatbot', 'copilot', 'gpt', 'ai assistant', 'ai agent', 'ai platform'],
  hiring: ['time to hire', 'time-to-hire', 'open role', 'open position', 'vacancy', 'recruiting', 'recruit', 'talent acquisition', 'headcount growth'],
  attrition: ['attrition', 'staff turnover', 'employee turnover', 'retention of staff', 'employee retention'],
  burnout: ['burnout', 'burning out', 'burnt out', 'burned out', 'overworked', 'overwork', 'worn out', 'worn-out', 'stretched thin'],
  breach: ['phishing', 'hacked', 'data breach', 'breach', 'cyber attack', 'cyberattack', 'hacker', 'intrusion', 'zero trust', 'ransomware'],
  security_audit: ['soc 2', 'soc2', 'iso 27001', 'security audit', 'compliance audit', 'security review', 'penetration test', 'pen test', 'certification audit'],
  privacy: ['gdpr', 'data retention', 'data privacy', 'personal data', 'data residency', 'privacy law', 'privacy regulation'],
  spreadsheets: ['spreadsheet', 'excel', 'google sheets'],
  manual_work: ['by hand', 'manual handoff', 'manual work', 'copy-paste', 'copy paste', 'busywork', 'repetitive task', 'repetitive workflow', 'manual process'],
  tool_sprawl: ['overlapping tools', 'duplicate tools', 'redundant tools', 'redundant software', 'redundant subscriptions', 'tool sprawl', 'consolidate tools', 'too many tools', 'software bill', 'software spend', 'software costs'],
  forecasting: ['forecast', 'forecasting', 'pipeline visibility', 'visibility into pipeline', 'predict revenue'],
  attribution: ['attribution', 'marketing roi', 'which channel', 'campaign roi'],
  seo: ['seo', 'google ranking', 'search ranking', 'organic traffic', 'organic search'],
  activation: ['drop off', 'onboarding', 'activation'],
  product_analytics: ['product analytics', 'user behaviour', 'user behavior', 'funnel', 'track click', 'product usage', 'feature adoption'],
  embedded_analytics: ['embed analytics', 'embedded analytics'],
  feature_flags: ['feature flag', 'feature toggle', 'toggle', 'gradual rollout', 'ship weekly', 'continuous delivery'],
  model_governance: ['model governance', 'guardrails', 'responsible ai', 'ai governance', 'evaluate predictions', 'model risk', 'model accuracy'],
  erp_integration: ['erp', 'sap', 'netsuite', 'back-office system', 'back office system', 'integrate with', 'integration'],
  expansion: ['new region', 'new market', 'new geography', 'new geographies', 'new country', 'expand abroad', 'international expansion'],
  supply_chain: ['supply chain', 'late deliveries', 'late shipment', 'delayed shipment', 'supplier delay', 'supplier'],
  upskilling: ['upskilling', 'upskill', 'reskilling', 'training programme', 'training program', 'learning and development', 'l&d'],
  engagement: ['employee engagement', 'engagement survey', 'happy at work', 'morale', 'employee satisfaction', 'pulse survey'],
  sso: ['single sign-on', 'single sign on', 'sso', 'scim', 'user provisioning', 'saml'],
  discount: ['discount', 'haggle', 'haggling', 'price sensitive', 'sensitive to price', 'cheaper', 'prepay', 'better price', 'price cut'],
  tco: ['total cost of ownership', 'tco', 'long-term cost', 'lifetime cost'],
  lead_routing: ['lead routing', 'lead assignment', 'territory planning', 'assign leads', 'route leads', 'territories'],
  data_entry: ['data entry', 'logging calls', 'update the crm', 'crm hygiene'],
  conversation_intelligence: ['conversation intelligence', 'call recording', 'analyse sales calls', 'analyze sales calls', 'call transcripts'],
  accessibility: ['accessibility', 'accessible', 'a11y', 'wcag', 'design system'],
  paid_ads: ['paid ads', 'paid campaign', 'ad spend', 'ad budget', 'ppc', 'paid search', 'lead quality'],
  abm: ['account-based', 'account based', 'named accounts', 'target accounts', 'named target accounts'],
  personalisation: ['personalise outreach', 'personalize outreach', 'personalisation', 'personalization', 'segmentation', 'lifecycle email', 'email journey', 'drip campaign'],
  month_end: ['month end', 'month-end', 'closing the books', 'close the books', 'financial close', 'reconciliation'],
  reporting: ['poor reporting', 'consolidated reporting'],
  gpu_costs: ['gpu cost', 'gpu', 'inference cost', 'efficient inference', 'compute cost', 'cloud bill'],
  invoicing: ['invoice', 'invoices in eur', 'payment terms', 'net-60', 'net 60', 'billing currency'],
  real_time_dashboards: ['real-time dashboard', 'real time dashboard', 'live dashboard', 'operational dashboard'],
};
