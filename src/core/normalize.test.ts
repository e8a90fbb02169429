import { describe, expect, it } from 'vitest';
import { companyNameKey, domainKey, emailKey, personNameKey, phoneKey } from './normalize.js';

describe('normalised matching keys', () => {
  it('lower-cases and trims emails', () => {
    expect(emailKey('  Alice.Chen@Example.COM ')).toBe('alice.chen@example.com');
    expect(emailKey('   ')).toBeNull();
  });

  it('reduces a domain to its host without scheme, www or path', () => {
    expect(domainKey('https://www.Acme.com/')).toBe('acme.com');
    expect(domainKey('http://acme.com:8080/pricing?x=1')).toBe('acme.com');
    expect(domainKey('WWW.acme.co.uk.')).toBe('acme.co.uk');
    expect(domainKey('sales@acme.com')).toBe('acme.com');
    expect(domainKey('')).toBeNull();
  });

  it('formats parseable phone numbers as E.164 and keeps the digits of others', () => {
    expect(phoneKey('+1 (415) 555-0132')).toBe('+14155550132');
    expect(phoneKey('+44 20 7946 0958')).toBe('+442079460958');
    expect(phoneKey('0049-30-1234567')).toBe('00493012345' + '67');
    expect(phoneKey('12')).toBeNull();
  });

  it('gives accent- and punctuation-free name keys', () => {
    expect(personNameKey('  Zoë  Ångström ')).toBe('zoe angstrom');
    expect(companyNameKey('Acme, Inc.')).toBe('acme');
    expect(companyNameKey('ACME Corporation')).toBe('acme');
    expect(companyNameKey('The Group')).toBe('the group');
  });
});
