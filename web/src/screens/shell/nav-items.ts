/** The left navigation, also offered by the command bar. `key` is the g-then-key shortcut. */
export const NAV_ITEMS = [
  { to: '/contacts', label: 'Contacts', key: 'c' },
  { to: '/companies', label: 'Companies', key: 'o' },
  { to: '/deals', label: 'Deals', key: 'd' },
  { to: '/pipeline', label: 'Pipeline', key: 'p' },
  { to: '/dashboard', label: 'Dashboard', key: 'h' },
  { to: '/models', label: 'Models', key: 'm' },
  { to: '/import', label: 'Import', key: 'i' },
  { to: '/duplicates', label: 'Duplicates', key: 'u' },
  { to: '/settings', label: 'Settings', key: 's' },
] as const;

/** Screens that only change data: not offered to a read-only role. */
export const WRITE_ONLY_SCREENS: ReadonlySet<string> = new Set(['/import']);
