/**
 * A scanned PDF, made here: each page's lines are drawn on a canvas (@napi-rs/canvas), and the page holds only
 * that picture (a grey-scale Flate image, 150 dpi) — no text layer, as a scanner or a phone's "scan to PDF" makes.
 */
import { deflateSync } from 'node:zlib';
import { createCanvas } from '@napi-rs/canvas';

const DPI = 150;
const WIDTH = Math.round(8.5 * DPI);
const HEIGHT = Math.round(11 * DPI);

function pageImage(lines: readonly string[]): Buffer {
  const canvas = createCanvas(WIDTH, HEIGHT);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, WIDTH, HEIGHT);
  g.fillStyle = '#111';
  g.font = '30px sans-serif';
  lines.forEach((line, i) => g.fillText(line, 150, 200 + i * 48));
  const rgba = g.getImageData(0, 0, WIDTH, HEIGHT).data;
  const grey = Buffer.alloc(WIDTH * HEIGHT);
  for (let p = 0; p < grey.length; p++) grey[p] = Math.round(0.299 * rgba[p * 4]! + 0.587 * rgba[p * 4 + 1]! + 0.114 * rgba[p * 4 + 2]!);
  return deflateSync(grey);
}

export function scannedPdf(pages: readonly (readonly string[])[]): Uint8Array {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    length += buf.length;
  };
  const object = (id: number, body: string, stream?: Buffer) => {
    offsets[id] = length;
    push(`${id} 0 obj\n${body}\n`);
    if (stream) {
      push('stream\n');
      push(stream);
      push('\nendstream\n');
    }
    push('endobj\n');
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const pageIds = pages.map((_, i) => 3 + i * 3);
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  pages.forEach((lines, i) => {
    const id = pageIds[i]!;
    const image = pageImage(lines);
    const draw = Buffer.from('q 612 0 0 792 0 0 cm /Im0 Do Q', 'latin1');
    object(id, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im0 ${id + 2} 0 R >> >> /Contents ${id + 1} 0 R >>`);
    object(id + 1, `<< /Length ${draw.length} >>`, draw);
    object(id + 2, `<< /Type /XObject /Subtype /Image /Width ${WIDTH} /Height ${HEIGHT} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${image.length} >>`, image);
  });
  const size = 3 + pages.length * 3;
  const xref = length;
  push(`xref\n0 ${size}\n0000000000 65535 f \n`);
  for (let id = 1; id < size; id++) push(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts));
}
