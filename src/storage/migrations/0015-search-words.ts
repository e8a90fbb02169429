import type { Kysely } from 'kysely';
import type { DialectName } from '../index.js';

/**
 * Search documents now hold e-mails, domains and phone numbers as words (PostgreSQL kept "ada@kestrel.io" as one
 * token no query matched, and phones were not searchable at all). The documents are made from the object
 * declarations, which live above storage, so this migration only marks the change: `prepareStorage` rebuilds every
 * workspace's documents when it sees it applied (crm/search-reindex.ts).
 */
export async function up(_db: Kysely<any>, _dialect: DialectName): Promise<void> {}
