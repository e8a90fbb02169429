/** Coarse company facts a salesperson compares and names: region of the world, size band, other names of places. */

export type Region = 'North America' | 'Latin America' | 'Europe' | 'Middle East & Africa' | 'Asia-Pacific';

const REGION_OF: Record<string, Region> = {};
const add = (region: Region, countries: string[]) => countries.forEach((c) => (REGION_OF[c.toLowerCase()] = region));
add('North America', ['United States', 'USA', 'US', 'Canada', 'Mexico']);
add('Latin America', ['Brazil', 'Argentina', 'Chile', 'Colombia', 'Peru', 'Uruguay', 'Costa Rica']);
add('Europe', [
  'United Kingdom', 'UK', 'Great Britain', 'Ireland', 'Germany', 'France', 'Spain', 'Portugal', 'Italy', 'Netherlands',
  'Belgium', 'Luxembourg', 'Switzerland', 'Austria', 'Sweden', 'Norway', 'Denmark', 'Finland', 'Iceland', 'Poland',
  'Czech Republic', 'Czechia', 'Hungary', 'Romania', 'Bulgaria', 'Greece', 'Estonia', 'Latvia', 'Lithuania', 'Ukraine',
  'Croatia', 'Serbia', 'Slovakia', 'Slovenia',
]);
add('Middle East & Africa', ['Israel', 'United Arab Emirates', 'UAE', 'Saudi Arabia', 'Qatar', 'Turkey', 'Egypt', 'South Africa', 'Nigeria', 'Kenya', 'Morocco']);
add('Asia-Pacific', [
  'Japan', 'China', 'South Korea', 'Korea', 'India', 'Singapore', 'Australia', 'New Zealand', 'Indonesia', 'Vietnam',
  'Thailand', 'Malaysia', 'Philippines', 'Hong Kong', 'Taiwan',
]);

export function regionOf(country: string | null | undefined): Region | null {
  return country ? (REGION_OF[country.trim().toLowerCase()] ?? null) : null;
}

export type SizeBand = 'micro' | 'small' | 'mid-market' | 'large' | 'enterprise';

export const SIZE_BAND_LABEL: Record<SizeBand, string> = {
  micro: '1–10 employees',
  small: '11–200 employees',
  'mid-market': '201–1,000 employees',
  large: '1,001–5,000 employees',
  enterprise: 'over 5,000 employees',
};

export function sizeBand(employees: number | null | undefined): SizeBand | null {
  if (employees === null || employees === undefined || !Number.isFinite(employees) || employees <= 0) return null;
  if (employees <= 10) return 'micro';
  if (employees <= 200) return 'small';
  if (employees <= 1000) return 'mid-market';
  if (employees <= 5000) return 'large';
  return 'enterprise';
}

/** Country aliases and demonyms → the usual English name. */
export const COUNTRY_ALIASES: Record<string, string> = {
  us: 'United States', usa: 'United States', 'u s': 'United States', 'u s a': 'United States', america: 'United States',
  'united states of america': 'United States', states: 'United States', 'the states': 'United States', american: 'United States',
  uk: 'United Kingdom', 'u k': 'United Kingdom', britain: 'United Kingdom', 'great britain': 'United Kingdom', england: 'United Kingdom',
  british: 'United Kingdom', english: 'United Kingdom', scotland: 'United Kingdom', wales: 'United Kingdom', gb: 'United Kingdom',
  holland: 'Netherlands', 'the netherlands': 'Netherlands', dutch: 'Netherlands', nl: 'Netherlands',
  deutschland: 'Germany', german: 'Germany', de: 'Germany', french: 'France', spanish: 'Spain', espana: 'Spain',
  japanese: 'Japan', indian: 'India', brazilian: 'Brazil', brasil: 'Brazil', canadian: 'Canada', australian: 'Australia', aussie: 'Australia',
  singaporean: 'Singapore', italian: 'Italy', irish: 'Ireland', swiss: 'Switzerland', swedish: 'Sweden', norwegian: 'Norway',
  danish: 'Denmark', finnish: 'Finland', polish: 'Poland', portuguese: 'Portugal', mexican: 'Mexico', chinese: 'China',
  korean: 'South Korea', korea: 'South Korea', israeli: 'Israel', emirati: 'United Arab Emirates', uae: 'United Arab Emirates',
  'south african': 'South Africa', belgian: 'Belgium', austrian: 'Austria', 'new zealander': 'New Zealand', kiwi: 'New Zealand',
  argentinian: 'Argentina', argentine: 'Argentina', chilean: 'Chile', colombian: 'Colombia',
};

/** Other names of cities. */
export const CITY_ALIASES: Record<string, string> = {
  nyc: 'New York', 'new york city': 'New York', manhattan: 'New York', sf: 'San Francisco', 'san fran': 'San Francisco',
  'bay area': 'San Francisco', bengaluru: 'Bangalore', bombay: 'Mumbai', 'sao paulo': 'São Paulo', 'washington dc': 'Washington',
  dc: 'Washington', la: 'Los Angeles', muenchen: 'Munich', munchen: 'Munich', koln: 'Cologne', 'frankfurt am main': 'Frankfurt',
};

/** Regions of the world, in the words people use, → the region names of lexicon/firmographics. */
export const REGION_ALIASES: Record<string, Region> = {
  europe: 'Europe', european: 'Europe', eu: 'Europe', emea: 'Europe', 'north america': 'North America', 'north american': 'North America',
  namer: 'North America', 'latin america': 'Latin America', latam: 'Latin America', 'south america': 'Latin America',
  apac: 'Asia-Pacific', asia: 'Asia-Pacific', 'asia pacific': 'Asia-Pacific', asian: 'Asia-Pacific', 'middle east': 'Middle East & Africa',
  africa: 'Middle East & Africa', mea: 'Middle East & Africa',
};
