import { describe, expect, it } from 'vitest';
import { interestsIn } from './interests.js';

const ids = (text: string) => interestsIn(text).map((t) => t.id);

describe('interests mentioned in notes', () => {
  it('recognises topics by their usual wording', () => {
    expect(ids('Exploring machine learning to improve claims.')).toEqual(['ai_ml']);
    expect(ids('Worried about SOC 2 and ISO 27001 audits next quarter.')).toEqual(['compliance']);
    expect(ids('Had a phishing incident last year; zero trust is a priority.')).toEqual(['security']);
    expect(ids('Runs A/B experiments and needs faster insights.')).toEqual(['analytics', 'experimentation']);
  });

  it('matches whole words, so "said" is not AI and "constant" is not cost', () => {
    expect(ids('She said it was a constant struggle.')).toEqual([]);
  });

  it('is empty for empty text', () => {
    expect(interestsIn(null)).toEqual([]);
  });
});
