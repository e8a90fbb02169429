/** The words the world is made of: industries, places, people, job titles, products and lead sources. */

export interface Industry {
  name: string;
  /** Words that end a company name in this industry ("Northwind Freight"). */
  nameEndings: readonly string[];
  /** What such a company works on, for descriptions. */
  focus: readonly string[];
  /** Typical annual revenue per employee, USD. */
  revenuePerEmployee: number;
}

export const INDUSTRIES: readonly Industry[] = [
  { name: 'Software (SaaS)', nameEndings: ['Labs', 'Cloud', 'Stack', 'Works', 'Soft'], focus: ['developer tooling', 'workflow software', 'subscription billing'], revenuePerEmployee: 210_000 },
  { name: 'Financial Technology', nameEndings: ['Pay', 'Capital', 'Ledger', 'Finance', 'Money'], focus: ['card issuing', 'lending', 'treasury tools'], revenuePerEmployee: 320_000 },
  { name: 'Healthcare', nameEndings: ['Health', 'Care', 'Clinics', 'Medical'], focus: ['clinics and hospitals', 'home care', 'patient scheduling'], revenuePerEmployee: 140_000 },
  { name: 'Biotechnology', nameEndings: ['Bio', 'Therapeutics', 'Genomics', 'Biosciences'], focus: ['drug discovery', 'diagnostics', 'clinical trials'], revenuePerEmployee: 260_000 },
  { name: 'Manufacturing', nameEndings: ['Industries', 'Manufacturing', 'Fabrication', 'Components'], focus: ['precision parts', 'industrial machinery', 'packaging'], revenuePerEmployee: 230_000 },
  { name: 'Logistics', nameEndings: ['Freight', 'Logistics', 'Transport', 'Shipping'], focus: ['last-mile delivery', 'freight forwarding', 'warehousing'], revenuePerEmployee: 170_000 },
  { name: 'Retail', nameEndings: ['Retail', 'Stores', 'Outfitters', 'Market'], focus: ['specialty stores', 'grocery', 'home goods'], revenuePerEmployee: 120_000 },
  { name: 'E-commerce', nameEndings: ['Shop', 'Commerce', 'Direct', 'Goods'], focus: ['online marketplaces', 'direct-to-consumer brands', 'subscriptions'], revenuePerEmployee: 280_000 },
  { name: 'Education', nameEndings: ['Learning', 'Academy', 'Campus', 'Education'], focus: ['online courses', 'schools and universities', 'tutoring'], revenuePerEmployee: 90_000 },
  { name: 'Energy', nameEndings: ['Energy', 'Power', 'Renewables', 'Grid'], focus: ['solar farms', 'grid services', 'energy trading'], revenuePerEmployee: 400_000 },
  { name: 'Insurance', nameEndings: ['Insurance', 'Assurance', 'Mutual', 'Underwriters'], focus: ['property insurance', 'life insurance', 'claims handling'], revenuePerEmployee: 350_000 },
  { name: 'Telecommunications', nameEndings: ['Telecom', 'Networks', 'Mobile', 'Connect'], focus: ['fibre networks', 'mobile plans', 'enterprise connectivity'], revenuePerEmployee: 300_000 },
  { name: 'Media & Entertainment', nameEndings: ['Media', 'Studios', 'Pictures', 'Broadcasting'], focus: ['streaming', 'publishing', 'live events'], revenuePerEmployee: 220_000 },
  { name: 'Hospitality', nameEndings: ['Hotels', 'Stays', 'Resorts', 'Hospitality'], focus: ['boutique hotels', 'vacation rentals', 'restaurants'], revenuePerEmployee: 80_000 },
  { name: 'Real Estate', nameEndings: ['Properties', 'Realty', 'Estates', 'Homes'], focus: ['commercial property', 'residential rentals', 'property management'], revenuePerEmployee: 250_000 },
  { name: 'Cybersecurity', nameEndings: ['Security', 'Defense', 'Shield', 'Guard'], focus: ['threat detection', 'identity management', 'penetration testing'], revenuePerEmployee: 240_000 },
  { name: 'Automotive', nameEndings: ['Motors', 'Automotive', 'Mobility', 'Auto'], focus: ['electric vehicles', 'car parts', 'dealership networks'], revenuePerEmployee: 310_000 },
  { name: 'Legal Services', nameEndings: ['Legal', 'Law', 'Partners', 'Counsel'], focus: ['corporate law', 'contract review', 'litigation support'], revenuePerEmployee: 200_000 },
  { name: 'Construction', nameEndings: ['Construction', 'Builders', 'Engineering', 'Projects'], focus: ['commercial building', 'infrastructure', 'renovation'], revenuePerEmployee: 190_000 },
  { name: 'Agriculture', nameEndings: ['Farms', 'Agri', 'Harvest', 'Growers'], focus: ['crop analytics', 'dairy', 'farm equipment'], revenuePerEmployee: 150_000 },
];

export const NAME_STARTS: readonly string[] = [
  'Northwind', 'Bluepeak', 'Silverline', 'Cedar', 'Granite', 'Harbor', 'Lumen', 'Meridian', 'Nimbus', 'Orchid',
  'Pinnacle', 'Quartz', 'Redwood', 'Summit', 'Tidal', 'Umber', 'Vantage', 'Willow', 'Zenith', 'Aurora',
  'Beacon', 'Cobalt', 'Delta', 'Ember', 'Falcon', 'Glacier', 'Horizon', 'Indigo', 'Juniper', 'Keystone',
  'Lighthouse', 'Maple', 'Nova', 'Oakridge', 'Polaris', 'Quill', 'Riverbend', 'Sequoia', 'Trident', 'Unity',
  'Vector', 'Westbrook', 'Atlas', 'Bright', 'Crescent', 'Driftwood', 'Evergreen', 'Foxglove', 'Golden', 'Highland',
  'Ironwood', 'Jade', 'Kestrel', 'Lakeside', 'Monarch', 'Northstar', 'Onyx', 'Prairie', 'Rosewood', 'Sapphire',
  'Thistle', 'Upland', 'Verdant', 'Whitestone', 'Amber', 'Brookfield', 'Copper', 'Dune', 'Elm', 'Fjord',
];

export interface Country {
  name: string;
  cities: readonly string[];
  dialCode: string;
  tld: string;
  /** Legal form some companies there put after their name. */
  legalSuffix: string;
  weight: number;
}

export const COUNTRIES: readonly Country[] = [
  { name: 'United States', cities: ['New York', 'San Francisco', 'Austin', 'Chicago', 'Boston', 'Seattle', 'Denver', 'Atlanta'], dialCode: '+1', tld: 'com', legalSuffix: 'Inc.', weight: 36 },
  { name: 'United Kingdom', cities: ['London', 'Manchester', 'Edinburgh', 'Bristol'], dialCode: '+44', tld: 'co.uk', legalSuffix: 'Ltd', weight: 9 },
  { name: 'Germany', cities: ['Berlin', 'Munich', 'Hamburg', 'Cologne'], dialCode: '+49', tld: 'de', legalSuffix: 'GmbH', weight: 10 },
  { name: 'France', cities: ['Paris', 'Lyon', 'Toulouse'], dialCode: '+33', tld: 'fr', legalSuffix: 'SAS', weight: 5 },
  { name: 'Netherlands', cities: ['Amsterdam', 'Rotterdam', 'Utrecht'], dialCode: '+31', tld: 'nl', legalSuffix: 'B.V.', weight: 5 },
  { name: 'Spain', cities: ['Madrid', 'Barcelona', 'Valencia'], dialCode: '+34', tld: 'es', legalSuffix: 'S.L.', weight: 4 },
  { name: 'Canada', cities: ['Toronto', 'Vancouver', 'Montreal'], dialCode: '+1', tld: 'ca', legalSuffix: 'Inc.', weight: 6 },
  { name: 'Australia', cities: ['Sydney', 'Melbourne', 'Brisbane'], dialCode: '+61', tld: 'com.au', legalSuffix: 'Pty Ltd', weight: 5 },
  { name: 'India', cities: ['Bengaluru', 'Mumbai', 'Pune', 'Hyderabad'], dialCode: '+91', tld: 'in', legalSuffix: 'Pvt Ltd', weight: 6 },
  { name: 'Japan', cities: ['Tokyo', 'Osaka', 'Fukuoka'], dialCode: '+81', tld: 'jp', legalSuffix: 'K.K.', weight: 4 },
  { name: 'Brazil', cities: ['São Paulo', 'Rio de Janeiro', 'Curitiba'], dialCode: '+55', tld: 'com.br', legalSuffix: 'Ltda', weight: 4 },
  { name: 'Singapore', cities: ['Singapore'], dialCode: '+65', tld: 'sg', legalSuffix: 'Pte Ltd', weight: 3 },
  { name: 'Sweden', cities: ['Stockholm', 'Gothenburg'], dialCode: '+46', tld: 'se', legalSuffix: 'AB', weight: 3 },
];

export const FIRST_NAMES: readonly string[] = [
  'Aisha', 'Alejandro', 'Amara', 'Anders', 'Ana', 'Arjun', 'Beatriz', 'Ben', 'Camille', 'Carlos', 'Chen', 'Chloe',
  'Daniel', 'Dara', 'David', 'Elena', 'Emeka', 'Emma', 'Farah', 'Felix', 'Fatima', 'Gabriel', 'Grace', 'Hana',
  'Hassan', 'Ingrid', 'Isaac', 'Isabel', 'Jamal', 'James', 'Jin', 'Julia', 'Kai', 'Karin', 'Kenji', 'Laila',
  'Liam', 'Lucas', 'Lucia', 'Maya', 'Mateo', 'Mei', 'Mohammed', 'Nadia', 'Nikhil', 'Noah', 'Nora', 'Olga',
  'Omar', 'Priya', 'Rafael', 'Ravi', 'Rosa', 'Sam', 'Sara', 'Sebastian', 'Sofia', 'Tariq', 'Thomas', 'Tomás',
  'Uma', 'Valentina', 'Victor', 'Wei', 'Yara', 'Yusuf', 'Zoe', 'Hiroshi', 'Leila', 'Marta', 'Patrick', 'Magnus',
  'Oskar', 'Chiara', 'Diego', 'Ayesha', 'Jonas', 'Kwame', 'Linnea', 'Mariana',
];

export const LAST_NAMES: readonly string[] = [
  'Adeyemi', 'Andersson', 'Bauer', 'Becker', 'Bianchi', 'Brown', 'Castillo', 'Chen', 'Costa', 'Dubois', 'Eriksson',
  'Fernandes', 'Fischer', 'García', 'Gupta', 'Hansen', 'Hernández', 'Ito', 'Jansen', 'Johnson', 'Kim', 'Kowalski',
  'Kumar', 'Larsen', 'Lee', 'Lopez', 'Martin', 'Meyer', 'Miller', 'Moreau', 'Müller', 'Nakamura', 'Nguyen',
  'Novak', 'Okafor', 'Oliveira', 'Park', 'Patel', 'Petrov', 'Rahman', 'Reyes', 'Rossi', 'Santos', 'Sato',
  'Schmidt', 'Shah', 'Silva', 'Singh', 'Smith', 'Sørensen', 'Tanaka', 'Taylor', 'Thompson', 'Van Dijk', 'Wagner',
  'Walker', 'Wang', 'Weber', 'Williams', 'Wilson', 'Yamamoto', 'Zhang', 'Ziegler', 'O’Brien', 'Murphy', 'Haddad',
  'Mensah', 'Ivanova', 'Lindqvist', 'Cohen', 'Romano', 'Dimitrov', 'Herrera', 'Suzuki', 'Achterberg', 'Kaur',
];

/** Seniority from individual contributor (0) to the C-suite and founders (4). */
export type Seniority = 0 | 1 | 2 | 3 | 4;
export const SENIORITY_NAMES = ['individual contributor', 'manager / lead', 'director / head of', 'vice president', 'C-level / founder'] as const;

export type Department =
  | 'executive' | 'sales' | 'marketing' | 'people' | 'finance' | 'it' | 'security' | 'data' | 'product' | 'engineering' | 'operations' | 'legal';

/** Job titles by department and seniority, with the variety real CRMs hold ("VP Sales", "Vice President, Sales", "SVP Sales"). */
export const TITLES: Record<Department, readonly (readonly string[])[]> = {
  executive: [[], ['Chief of Staff'], ['General Manager', 'Managing Director'], ['President', 'Executive Vice President'], ['CEO', 'Chief Executive Officer', 'Founder & CEO', 'Co-Founder', 'Owner']],
  sales: [['Account Executive', 'Sr. Account Executive', 'Sales Development Representative', 'Sales Operations Analyst'], ['Sales Manager', 'Regional Sales Manager', 'Sales Team Lead'], ['Sales Director', 'Director of Sales', 'Head of Sales', 'Head of Revenue Operations'], ['VP of Sales', 'Vice President, Sales', 'SVP Sales', 'VP Revenue Operations'], ['Chief Revenue Officer', 'Chief Sales Officer', 'CRO']],
  marketing: [['Marketing Specialist', 'Content Strategist', 'Growth Marketer', 'Marketing Analyst'], ['Marketing Manager', 'Demand Generation Manager', 'Brand Manager'], ['Director of Marketing', 'Head of Growth', 'Head of Marketing'], ['VP of Marketing', 'Vice President, Marketing'], ['Chief Marketing Officer', 'CMO']],
  people: [['HR Generalist', 'Recruiter', 'People Operations Specialist'], ['HR Manager', 'Talent Acquisition Lead', 'HR Business Partner'], ['HR Director', 'Head of People', 'Director of Talent'], ['VP of People', 'VP Human Resources'], ['Chief People Officer', 'Chief Human Resources Officer', 'CHRO']],
  finance: [['Financial Analyst', 'FP&A Analyst', 'Accountant'], ['Finance Manager', 'Controller', 'Financial Controller'], ['Director of Finance', 'Head of Finance', 'Treasurer'], ['VP of Finance', 'Vice President, Finance'], ['Chief Financial Officer', 'CFO']],
  it: [['IT Administrator', 'Systems Engineer', 'IT Support Specialist'], ['IT Manager', 'Infrastructure Lead'], ['Director of IT', 'Head of IT', 'IT Director'], ['VP of IT', 'VP Infrastructure'], ['Chief Information Officer', 'CIO']],
  security: [['Security Engineer', 'Security Analyst', 'SOC Analyst'], ['Security Manager', 'Security Team Lead'], ['Head of Security', 'Director of Security', 'Head of Compliance'], ['VP of Security', 'Vice President, Information Security'], ['Chief Information Security Officer', 'CISO']],
  data: [['Data Scientist', 'Data Analyst', 'ML Engineer', 'Analytics Engineer'], ['Data Science Manager', 'Analytics Lead'], ['Head of Data Science', 'Director of Analytics', 'Director of Machine Learning'], ['VP of Data', 'VP Analytics'], ['Chief Data Officer', 'CDO']],
  product: [['Product Manager', 'UX Researcher', 'Product Designer', 'Product Analyst'], ['Senior Product Manager', 'Group Product Manager', 'Design Lead'], ['Head of Product', 'Director of Product'], ['VP of Product', 'Vice President, Product'], ['Chief Product Officer', 'CPO']],
  engineering: [['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Platform Engineer'], ['Engineering Manager', 'Tech Lead'], ['Director of Engineering', 'Head of Engineering', 'Head of Platform'], ['VP of Engineering', 'SVP Engineering'], ['Chief Technology Officer', 'CTO', 'Co-Founder & CTO']],
  operations: [['Operations Analyst', 'Process Analyst', 'Operations Coordinator'], ['Operations Manager', 'Business Operations Lead'], ['Operations Director', 'Head of Operations', 'Director of Business Operations'], ['VP of Operations', 'Vice President, Operations'], ['Chief Operating Officer', 'COO']],
  legal: [['Paralegal', 'Legal Counsel', 'Compliance Analyst'], ['Senior Counsel', 'Compliance Manager'], ['Head of Legal', 'Director of Compliance'], ['Deputy General Counsel', 'VP Legal'], ['General Counsel', 'Chief Legal Officer']],
};

/** Share of people at each seniority in a company (most are individual contributors). */
export const SENIORITY_WEIGHTS: readonly number[] = [0.34, 0.27, 0.2, 0.11, 0.08];

/** What each department talks about in contact notes. */
export const DEPARTMENT_NOTES: Record<Department, readonly string[]> = {
  executive: ['Wants fewer tools and one view of the business.', 'Board is asking for efficiency gains this year.', 'Looking at consolidation after an acquisition.'],
  sales: ['Pipeline reviews take too long.', 'Wants better forecasting for the sales team.', 'Reps complain about data entry.'],
  marketing: ['Attribution across channels is a mess.', 'Wants to personalise campaigns at scale.', 'Struggling to prove marketing ROI.'],
  people: ['Hiring fast; onboarding is manual.', 'Wants to cut time-to-hire.', 'Employee data lives in spreadsheets.'],
  finance: ['Month-end close takes two weeks.', 'Worried about payment reconciliation errors.', 'Needs better spend visibility.'],
  it: ['Too many point solutions to maintain.', 'Needs single sign-on across tools.', 'Legacy systems slow every integration.'],
  security: ['Preparing for a compliance audit.', 'Worried about third-party vendor risk.', 'Wants faster incident response.'],
  data: ['Data is scattered across warehouses.', 'Models never make it to production.', 'Wants self-serve dashboards for the business.'],
  product: ['Wants to understand feature adoption.', 'Customer feedback is hard to collect.', 'Roadmap decisions lack data.'],
  engineering: ['Team spends too long on internal tooling.', 'Evaluating APIs to buy rather than build.', 'Reliability is the top priority this quarter.'],
  operations: ['Manual handoffs between teams cause delays.', 'Wants to automate approvals.', 'Scaling operations without adding headcount.'],
  legal: ['Contract review is a bottleneck.', 'Needs an audit trail for regulators.', 'Tracking policy changes across regions.'],
};

export interface Product {
  name: string;
  /** Annual list price for a company of about 200 employees. */
  basePrice: number;
  /** Departments whose people buy it; a deal whose contact sits in one of them fits. */
  buyerDepartments: readonly Department[];
}

export const PRODUCTS: readonly Product[] = [
  { name: 'Automation Cloud', basePrice: 36_000, buyerDepartments: ['operations', 'it'] },
  { name: 'Analytics Platform', basePrice: 48_000, buyerDepartments: ['data', 'finance', 'product'] },
  { name: 'Customer Data Hub', basePrice: 42_000, buyerDepartments: ['marketing', 'sales', 'data'] },
  { name: 'Security Suite', basePrice: 55_000, buyerDepartments: ['security', 'it'] },
  { name: 'AI Assistant', basePrice: 30_000, buyerDepartments: ['product', 'engineering', 'sales'] },
  { name: 'Payments API', basePrice: 25_000, buyerDepartments: ['finance', 'engineering'] },
  { name: 'People Suite', basePrice: 28_000, buyerDepartments: ['people'] },
  { name: 'Compliance Manager', basePrice: 40_000, buyerDepartments: ['legal', 'security', 'finance'] },
  { name: 'Field Service Hub', basePrice: 33_000, buyerDepartments: ['operations'] },
];

export const LEAD_SOURCES = ['referral', 'partner', 'website', 'webinar', 'conference', 'linkedin', 'cold outreach'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];
/** How often each source brings a contact in. */
export const LEAD_SOURCE_WEIGHTS: readonly number[] = [10, 9, 18, 13, 12, 17, 21];
