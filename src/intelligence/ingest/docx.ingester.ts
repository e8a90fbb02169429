/** Word documents (.docx): a document note with the text, read by mammoth. */
import mammoth from 'mammoth';
import { documentItem } from './document.js';
import { unzipBounded, xmlText } from './sample.js';
import { IngestFileError, type Extraction, type Ingester } from './types.js';

export const docxIngester: Ingester = {
  kind: 'docx',
  isolate: { module: import.meta.url, name: 'docxIngester' },
  detect: (s) => (s.zipEntries?.includes('word/document.xml') ? 1 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    const parts = unzipBounded(bytes, ctx.limits, (n) => n === 'docProps/core.xml');
    let text: string;
    try {
      text = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
    } catch (e) {
      throw new IngestFileError(`not a readable Word document (${(e as Error).message})`);
    }
    const core = parts['docProps/core.xml'] ? new TextDecoder().decode(parts['docProps/core.xml']) : '';
    const title = xmlText(core.match(/<dc:title>([\s\S]*?)<\/dc:title>/)?.[1] ?? '', /$^/);
    const created = core.match(/<dcterms:created[^>]*>([^<]+)</)?.[1] ?? null;
    return { items: [documentItem(text.replace(/\n{3,}/g, '\n\n').trim(), ctx, { title: title || null, occurredAt: created && !Number.isNaN(Date.parse(created)) ? new Date(created).toISOString() : null })], warnings: [] };
  },
};
