/** What a workspace's members share: saved views, the home screen, the member directory. */
import { z } from 'zod';
import { LIST_PLURALS } from '../../../core/entities.js';
import { dataList, envelope, nullableString } from './common.js';

export const savedView = z
  .strictObject({ id: z.string(), name: z.string(), object: z.enum(LIST_PLURALS), query: z.string(), created_at: z.string() })
  .meta({ id: 'SavedView' });
export const savedViewList = dataList(savedView);
export const savedViewEnvelope = envelope(savedView);

/** A member as everyone in the workspace sees them (owner pickers, owner names in lists): no role, no history. */
export const memberBrief = z.strictObject({ id: z.string(), name: nullableString, email: z.string() }).meta({ id: 'MemberBrief' });
export const memberDirectory = z.strictObject({ data: z.array(memberBrief) });
/** An activity or deal on the home screen, with the names of its related records. */
const homeItem = z
  .looseObject({
    id: z.string(),
    contact_name: nullableString.optional(),
    company_name: nullableString.optional(),
    deal_name: nullableString.optional(),
  })
  .describe('the record as GET /api/{objects}/{id} gives it, plus contact_name, company_name, deal_name');
export const homeBody = z
  .strictObject({
    me: nullableString.describe('the signed-in member whose tasks and deals these are; null without sign-in (AUTH=off): everyone\'s'),
    day_start: z.string().describe('start of the caller\'s today, as used'),
    tasks: z.strictObject({
      overdue: z.array(homeItem).describe('open tasks due before now'),
      today: z.array(homeItem).describe('open tasks due from now to the end of today'),
      this_week: z.array(homeItem).describe('open tasks due in the six days after today'),
    }),
    deals: z.strictObject({
      overdue: z.array(homeItem).describe('open deals whose expected close is before today'),
      closing_soon: z.array(homeItem).describe('open deals expected to close within 14 days'),
    }),
    recent: z.array(homeItem).describe('the workspace\'s ten latest activities (tasks left out), newest first'),
  })
  .meta({ id: 'Home' });
