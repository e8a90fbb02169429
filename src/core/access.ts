/**
 * Who may do what, as plain data: the roles of a workspace and the scopes of API tokens. Storage keeps them, the
 * access rules (crm/access/roles.ts) rank them, the API documents them and the web app lists them.
 */

/** Roles in a workspace, weakest first (see crm/access/roles.ts for what each may do). */
export const ROLES = ['read-only', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Each role as people read it. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = { 'read-only': 'Read-only', member: 'Member', admin: 'Admin', owner: 'Owner' };

/** What an API token may do: read only, or whatever its owner's role allows. */
export const TOKEN_SCOPES = ['read', 'read-write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
