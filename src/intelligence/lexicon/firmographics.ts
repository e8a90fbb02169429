/** Coarse company facts a salesperson compares: region of the world and size band. */

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
