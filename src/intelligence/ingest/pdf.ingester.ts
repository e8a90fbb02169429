/**
 * PDF: a document note with the text of its pages, up to the page limit. A page without a text layer (a scan) is
 * rendered by pdf.js on @napi-rs/canvas (prebuilt from npm, nothing fetched) and read by OCR, up to
 * `limits.maxOcrPages` pages; the file's read time limit bounds the whole.
 */
import { getDocumentProxy, renderPageAsImage } from 'unpdf';
import { documentItem } from './document.js';
import { recogniseImage } from './ocr.js';
import { IngestFileError, type Extraction, type Ingester } from './types.js';

const PDF_MAGIC = '%PDF-';
/** A page with fewer readable characters than this has no usable text layer. */
const MIN_PAGE_TEXT = 16;
/** Rendering scale for OCR: 72 dpi × 2.5 = 180 dpi, enough for body text at a fraction of 300 dpi's time. */
const OCR_SCALE = 2.5;

/** pdf.js's renderer calls ArrayBuffer.prototype.transferToFixedLength, which Node 20 lacks; a copying stand-in. */
function ensureTransferToFixedLength() {
  if ('transferToFixedLength' in ArrayBuffer.prototype) return;
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length = this.byteLength) {
      const out = new ArrayBuffer(length);
      new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return out;
    },
  });
}

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
      const scanned: number[] = [];
      for (let n = 1; n <= pages; n++) {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        const text = content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : ' ') : '')).join('').replace(/[ \t]+/g, ' ').trim();
        texts.push(text);
        if (text.replace(/\W/g, '').length < MIN_PAGE_TEXT) scanned.push(n);
        page.cleanup();
      }
      const ocrPages = scanned.slice(0, ctx.limits.maxOcrPages);
      const left = scanned.length - ocrPages.length;
      if (left > 0) warnings.push(`${left} scanned page${left === 1 ? ' was' : 's were'} not read (OCR reads at most ${ctx.limits.maxOcrPages} pages of a file)`);
      const confidences: number[] = [];
      if (ocrPages.length) ensureTransferToFixedLength();
      for (const n of ocrPages) {
        let image: ArrayBuffer;
        try {
          image = await renderPageAsImage(pdf, n, { canvasImport: () => import('@napi-rs/canvas'), scale: OCR_SCALE });
        } catch (e) {
          warnings.push(`page ${n} could not be rendered for OCR (${(e as Error).message})`);
          continue;
        }
        const { text, confidence } = await recogniseImage(new Uint8Array(image));
        if (text) {
          texts[n - 1] = [texts[n - 1], text].filter(Boolean).join('\n');
          confidences.push(confidence);
        }
      }
      if (ocrPages.length) {
        const mean = confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : 0;
        warnings.push(`${ocrPages.length} page${ocrPages.length === 1 ? '' : 's'} without a text layer read by OCR (confidence ${Math.round(mean * 100)} %)`);
      }
      const text = texts.join('\n\n').trim();
      if (!text) warnings.push('the PDF has no text: neither a text layer nor text OCR could read');
      const meta = await pdf.getMetadata().catch(() => null);
      const info = (meta?.info ?? {}) as Record<string, unknown>;
      const title = typeof info.Title === 'string' ? info.Title : null;
      return { items: [documentItem(text, ctx, { title, occurredAt: pdfDate(info.CreationDate) })], warnings };
    } finally {
      await pdf.destroy();
    }
  },
};
