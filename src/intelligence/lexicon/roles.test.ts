import { describe, expect, it } from 'vitest';
import { roleProfile } from './roles.js';

describe('role profile of a job title', () => {
  it.each([
    ['Chief Technology Officer', 'engineering', 'c_level'],
    ['CTO', 'engineering', 'c_level'],
    ['Chief People Officer', 'people', 'c_level'],
    ['Chief Product Officer', 'product', 'c_level'],
    ['SVP, Sales', 'sales', 'vp'],
    ['Vice President of Finance', 'finance', 'vp'],
    ['Head of Data Science', 'data', 'head'],
    ['Director of Machine Learning', 'data', 'director'],
    ['HR Business Partner', 'people', 'individual'],
    ['Account Executive', 'sales', 'individual'],
    ['Financial Controller', 'finance', 'manager'],
    ['FP&A Analyst', 'finance', 'individual'],
    ['UX Researcher', 'product', 'individual'],
    ['Security Engineer', 'security', 'individual'],
    ['Head of Compliance', 'compliance', 'head'],
    ['Content Strategist', 'marketing', 'individual'],
    ['Director of IT', 'it', 'director'],
    ['Process Analyst', 'operations', 'individual'],
    ['Regional Sales Lead', 'sales', 'manager'],
    ['Co-founder & CEO', 'executive', 'c_level'],
  ])('%s → %s, %s', (title, fn, seniority) => {
    expect(roleProfile(title)).toEqual({ function: fn, seniority });
  });

  it('knows nothing about an empty title', () => {
    expect(roleProfile('')).toEqual({ function: null, seniority: 'individual' });
  });
});
