/** The left navigation, also offered by the command bar. `key` is the g-then-key shortcut. */
export const NAV_ITEMS = [
  { to: '/', label: 'Home', key: 't' }, // today: my tasks and deals (issue 15)
  { to: '/tasks', label: 'Tasks', key: 'a' }, // every open task, anyone's, any date
  { to: '/contacts', label: 'Contacts', key: 'c' },
  { to: '/companies', label: 'Companies', key: 'o' },
  { to: '/deals', label: 'Deals', key: 'd' },
  { to: '/pipeline', label: 'Pipeline', key: 'p' },
  { to: '/dashboard', label: 'Dashboard', key: 'h' },
  { to: '/import', label: 'Import', key: 'i' },
  { to: '/inbox', label: 'Inbox', key: 'n' }, // ingestion: drop any files (issue 20)
  { to: '/duplicates', label: 'Duplicates', key: 'u' },
  { to: '/settings', label: 'Settings', key: 's' },
] as const;

/** Screens that only change data: not offered to a read-only role. */
export const WRITE_ONLY_SCREENS: ReadonlySet<string> = new Set(['/import', '/inbox']);

/** Shortcuts to screens that are not in the navigation (g then the key): Models lives under Settings. */
export const MORE_SHORTCUTS = [{ to: '/settings/models', label: 'Models', key: 'm' }] as const;
