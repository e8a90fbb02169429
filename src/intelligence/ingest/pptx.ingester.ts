/** PowerPoint (.pptx, a zip of XML): a document note with each slide's text and speaker notes, in slide order. */
import { documentItem } from './document.js';
import { decodeText, unzipBounded, xmlText } from './sample.js';
import type { Extraction, Ingester } from './types.js';

const SLIDE = /^ppt\/slides\/slide(\d+)\.xml$/;
const NOTES = /^ppt\/notesSlides\/notesSlide(\d+)\.xml$/;

export const pptxIngester: Ingester = {
  kind: 'pptx',
  isolate: { module: import.meta.url, name: 'pptxIngester' },
  detect: (s) => (s.zipEntries?.includes('ppt/presentation.xml') ? 1 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    const files = unzipBounded(bytes, ctx.limits, (n) => SLIDE.test(n) || NOTES.test(n));
    const numbered = (re: RegExp) =>
      Object.entries(files)
        .filter(([n]) => re.test(n))
        .map(([n, b]) => [Number(n.match(re)![1]), xmlText(decodeText(b), /<\/a:p>/g)] as const)
        .sort((a, b) => a[0] - b[0]);
    const notes = new Map(numbered(NOTES));
    const slides = numbered(SLIDE).map(([n, text]) => [text, notes.get(n) ? `Notes: ${notes.get(n)}` : ''].filter(Boolean).join('\n'));
    const text = slides.map((s, i) => `Slide ${i + 1}\n${s}`).join('\n\n');
    const title = slides[0]?.split('\n')[0];
    return { items: [documentItem(text, ctx, { title })], warnings: slides.length === 0 ? ['the presentation has no slides'] : [] };
  },
};
