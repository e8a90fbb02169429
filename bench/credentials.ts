/**
 * Benchmarks talk to the API as a script would: with an API token (what `crm token create` prints), so the
 * figures include authentication. The API-wide rate limit is off for them: they send thousands of requests.
 */
import type { AuthOptions } from '../src/delivery/api/auth.js';
import { generatePassword } from '../src/crm/access/passwords.js';
import { DEFAULT_WORKSPACE, type Crm } from '../src/crm/index.js';

export const BENCH_AUTH: AuthOptions = { mode: 'on', apiRateLimit: false };

export async function benchHeaders(crm: Crm, ws = DEFAULT_WORKSPACE): Promise<Record<string, string>> {
  const email = 'bench@localhost';
  let user = await crm.access.userByEmail(email);
  if (!user || !(await crm.storage.users.membership(ws, user.id))) {
    await crm.access.addUser(ws, { email, role: 'owner', password: generatePassword() }, { actor: 'bench' });
    user = (await crm.access.userByEmail(email))!;
  }
  const { token } = await crm.access.createToken(ws, user.id, { name: 'bench', scope: 'read' }, 'bench');
  return { authorization: `Bearer ${token}` };
}
