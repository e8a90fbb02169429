/** PDF (text layer): a document note with the text of its pages, up to the page limit. Scanned PDFs need OCR (not here). */
import { getDocumentProxy } from 'unpdf';
import { documentItem } from './document.js';
import { IngestFileError, type Extraction, type Ingester } from './types.js';

const PDF_MAGIC = '%PDF-';

/** "D:20260302101500Z" / "D:20260302101500+01'00'" → ISO 8601. */
export function pdfDate(value: unknown): string | null {
  const m = typeof value === 'string' ? value.match(/^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/) : null;
  if (!m) return null;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].slice(3).replace(/'/g, '') || '00'}`;
  const d = new Date(`${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export const pdfIngester: Ingester = {
  kind: 'pdf',
  isolate: { module: import.meta.url, name: 'pdfIngester' },
  detect: (s) => (s.head.slice(0, 1024).includes(PDF_MAGIC) && s.head.indexOf(PDF_MAGIC) < 1024 ? 1 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    let pdf;
    try {
      // pdf.js takes ownership of the buffer it is given: hand it a copy.
      pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false, verbosity: 0 });
    } catch (e) {
      throw new IngestFileError(`not a readable PDF (${(e as Error).message})`);
    }
    try {
      const warnings: string[] = [];
      const pages = Math.min(pdf.numPages, ctx.limits.maxPages);
      if (pdf.numPages > pages) warnings.push(`only the first ${pages} of ${pdf.numPages} pages were read`);
      const texts: string[] = [];
      for (let n = 1; n <= pages; n++) {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        texts.push(content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : ' ') : '')).join('').replace(/[ \t]+/g, ' ').trim());
        page.cleanup();
      }
      const text = texts.join('\n\n').trim();
      if (!text) warnings.push('the PDF has no text layer (a scan): its text could not be read');
      const meta = await pdf.getMetadata().catch(() => null);
      const info = (meta?.info ?? {}) as Record<string, unknown>;
      const title = typeof info.Title === 'string' ? info.Title : null;
      return { items: [documentItem(text, ctx, { title, occurredAt: pdfDate(info.CreationDate) })], warnings };
    } finally {
      await pdf.destroy();
    }
  },
};
