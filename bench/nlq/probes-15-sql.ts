/**
 * SQL fragments the fifteenth probe set (bench/nlq/probes-15.ts) needs beyond bench/nlq/heldout/sql.ts. Same
 * aliases (ct contacts, co companies, d deals) and the same time tokens ('{ago:N}', '{monthsAgo:N}') and
 * threshold marks, so `evaluate` checks every reading of them.
 */
import { NOW, inList } from './heldout/sql.js';

/** Not contacted since the cutoff, or never: `last_contacted_at` before it or empty. */
export const noContactSince = (token: string) => `(ct.last_contacted_at IS NULL OR ct.last_contacted_at < '{${token}}')`;
/** Not contacted on or after a fixed date (or never). */
export const noContactAfterDate = (isoDate: string) => `(ct.last_contacted_at IS NULL OR ct.last_contacted_at < '${isoDate}')`;
/** The company has no activity of any kind in the window ending at NOW. */
export const noCompanyActivitySince = (token: string) =>
  `NOT EXISTS (SELECT 1 FROM activities a WHERE a.company_id = co.id AND a.occurred_at >= '{${token}}' AND a.occurred_at <= '${NOW}')`;
/** The contact has no activity of this type at all. */
export const noContactActivityOfType = (type: string) => `NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = ct.id AND a.type = '${type}')`;
/** The deal has no activity of this type at all. */
export const noDealActivityOfType = (type: string) => `NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.type = '${type}')`;
/** The company has no deal matching `where` (over deals d2). */
export const noCompanyDeal = (where = '1 = 1') => `NOT EXISTS (SELECT 1 FROM deals d2 WHERE d2.company_id = co.id AND ${where})`;
/** The company has no contact on file. */
export const NO_COMPANY_CONTACTS = `NOT EXISTS (SELECT 1 FROM contacts c2 WHERE c2.company_id = co.id)`;
/** The contact is the contact of no deal. */
export const NO_CONTACT_DEALS = `NOT EXISTS (SELECT 1 FROM deals d2 WHERE d2.contact_id = ct.id)`;
/** Tags are `;`-separated; a tag is one whole item of the list. */
export const tagged = (tag: string) => `(';' || ct.tags || ';') LIKE '%;${tag};%'`;
export const notTagged = (tag: string) => `(ct.tags IS NULL OR (';' || ct.tags || ';') NOT LIKE '%;${tag};%')`;
/** The data's European countries. */
export const EUROPE = ['France', 'Germany', 'Netherlands', 'Spain', 'United Kingdom'];
export const notIn = (column: string, values: string[]) => `${column} NOT ${inList(column, values).slice(column.length + 1)}`;
