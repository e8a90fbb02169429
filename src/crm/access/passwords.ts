/**
 * Password hashing with scrypt from node:crypto (memory-hard; OWASP's minimum is N=2^17, r=8, p=1). The cost is
 * stored in each hash, so raising it later still verifies old hashes, and `needsRehash` upgrades them at sign-in.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parse(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | undefined {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return undefined;
  const cost = { N: Number(N), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0)) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.cost);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** Whether a hash was made with a weaker cost than `cost` (re-hash it at the next successful sign-in). */
export function needsRehash(stored: string, cost: ScryptCost): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.cost.N < cost.N || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's 0–4 scale: 3 is "safely unguessable" (about 10^8 guesses or more). */
export const MIN_PASSWORD_SCORE = 3;

/**
 * zxcvbn-ts with its common-password list (passwords seen in breaches), English words, names and keyboard
 * patterns, all bundled in the packages: nothing is fetched at run time. Built on first use (~0.1 s).
 */
let estimator: ZxcvbnFactory | undefined;
function strength() {
  return (estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  }));
}

/** What the person has told us about themselves: their e-mail (and its parts) and name, which a password must not lean on. */
function userInputs(about: { email?: string | null; name?: string | null }): string[] {
  const out: string[] = [];
  if (about.email) out.push(about.email, ...about.email.split(/[@.+_-]/).filter((w) => w.length >= 3));
  if (about.name) out.push(about.name, ...about.name.split(/\s+/).filter((w) => w.length >= 3));
  return out.map((w) => w.toLowerCase());
}

/**
 * Why a new password is refused, or undefined when it is acceptable: at least 10 characters, not the e-mail,
 * and a zxcvbn score of at least 3 against common and breached passwords, dictionary words, keyboard patterns,
 * repeats, sequences and the person's own e-mail and name. (Reuse of the current password is checked where the
 * current hash is known: AccessService.)
 */
export function passwordProblem(password: string, about: { email?: string | null; name?: string | null } | string = {}): string | undefined {
  const who = typeof about === 'string' ? { email: about } : about;
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return 'the password must have at most 1024 characters';
  if (who.email && password.toLowerCase() === who.email.toLowerCase()) return 'the password must not be the e-mail address';
  const own = userInputs(who);
  // zxcvbn rates "olive.owner2024" for olive.owner@… as strong (its separators break the matches): what is left
  // once the person's own words, digits and punctuation are taken out must still be a word's worth of letters.
  const words = own.filter((w) => !/[@\s]/.test(w) && password.toLowerCase().includes(w));
  const rest = words.reduce((left, w) => left.split(w).join(''), password.toLowerCase()).replace(/[^\p{L}]/gu, '');
  if (words.length > 0 && rest.length < 4) return 'the password is too easy to guess: it is built on your e-mail or name (add words of your own)';
  // zxcvbn's cost grows with length; past 100 characters the first 100 decide (a longer tail only adds strength).
  const result = strength().check(password.slice(0, 100), own);
  if (result.score >= MIN_PASSWORD_SCORE) return undefined;
  const { warning, suggestions } = result.feedback;
  const why = warning ? warning.replace(/\.$/, '').toLowerCase() : 'it is too easy to guess';
  const usesOwn = result.sequence.some((m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs');
  const hint = usesOwn ? 'leave out your e-mail and name' : suggestions.length ? suggestions.map((h) => h.replace(/\.$/, '').toLowerCase()).join('; ') : 'add another word or two';
  return `the password is too easy to guess: ${usesOwn ? 'it is built on your e-mail or name' : why} (${hint})`;
}

/** A random password for a generated account (shown once): 20 characters from 57 unambiguous ones, ~116 bits. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(40);
  let out = '';
  for (const b of bytes) {
    // Rejection sampling keeps every character equally likely.
    if (b >= 256 - (256 % alphabet.length)) continue;
    out += alphabet[b % alphabet.length];
    if (out.length === 20) break;
  }
  return out.length === 20 ? out : generatePassword();
}
