import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, needsRehash, passwordProblem, verifyPassword } from '../../src/crm/access/passwords.js';
import { accessProblem, defaultAccess } from '../../src/crm/access/roles.js';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('passwords', () => {
  it('hashes with a random salt and the cost inside the hash, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery', CHEAP);
    const b = await hashPassword('correct horse battery', CHEAP);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plain-text')).toBe(false);
    expect(await verifyPassword('correct horse battery', 'scrypt$x$8$1$abc$def')).toBe(false);
  });

  it('treats compatibility-equivalent Unicode as the same password', async () => {
    const h = await hashPassword('ﬁnance-secret-2026', CHEAP); // "ﬁ" ligature
    expect(await verifyPassword('finance-secret-2026', h)).toBe(true);
  });

  it('asks for a re-hash when the stored cost is below the configured one', async () => {
    const h = await hashPassword('correct horse battery', CHEAP);
    expect(needsRehash(h, CHEAP)).toBe(false);
    expect(needsRehash(h, { N: 2 ** 17, r: 8, p: 1 })).toBe(true);
    expect(needsRehash('garbage', CHEAP)).toBe(true);
  });

  it('refuses short passwords and the e-mail address as password', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most 1024/);
    expect(passwordProblem('Me@Example.com', 'me@example.com')).toMatch(/e-mail/);
    expect(passwordProblem('a long enough one')).toBeUndefined();
  });

  it('refuses common, breached and patterned passwords however long, with zxcvbn feedback, and passwords built on the e-mail or name', () => {
    for (const weak of ['1234567890', 'aaaaaaaaaa', 'qwertyuiop', 'password123!', 'Password2024', 'iloveyou12']) {
      expect(passwordProblem(weak), weak).toMatch(/^the password is too easy to guess: /);
    }
    expect(passwordProblem('1234567890')).toMatch(/frequently used password/);
    expect(passwordProblem('aaaaaaaaaa')).toMatch(/repeated/);
    const olive = { email: 'olive.owner@example.test', name: 'Olive Owner' };
    expect(passwordProblem('olive.owner2024', olive)).toMatch(/built on your e-mail or name/);
    expect(passwordProblem('OliveOwner!!!', olive)).toMatch(/e-mail or name/);
    for (const good of ['correct horse battery', 'a much longer secret', 'reading only, please', 'olive branch quietly hums']) expect(passwordProblem(good, olive), good).toBeUndefined();
  });

  it('accepts every generated password', () => {
    for (let i = 0; i < 30; i++) {
      const p = generatePassword();
      expect(passwordProblem(p, { email: 'someone@example.test' }), p).toBeUndefined();
    }
  });

  it('generates 20-character passwords without look-alike characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});

describe('roles', () => {
  it('lets each role reach its own level and no higher; read tokens only read', () => {
    expect(accessProblem('read', 'read-only', 'session')).toBeUndefined();
    expect(accessProblem('write', 'read-only', 'session')).toMatch(/needs the member role or higher; yours is read-only/);
    expect(accessProblem('write', 'member', 'read-write')).toBeUndefined();
    expect(accessProblem('write', 'owner', 'read')).toMatch(/read-only/);
    expect(accessProblem('read', 'owner', 'read')).toBeUndefined();
    expect(accessProblem('admin', 'member', 'session')).toMatch(/admin/);
    expect(accessProblem('admin', 'admin', 'session')).toBeUndefined();
    expect(accessProblem('owner', 'admin', 'session')).toMatch(/owner/);
    expect(accessProblem('signed-in', 'read-only', 'read')).toBeUndefined();
    expect(defaultAccess('GET')).toBe('read');
    expect(defaultAccess('PATCH')).toBe('write');
  });
});
