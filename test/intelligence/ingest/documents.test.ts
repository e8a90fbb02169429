import { describe, expect, it } from 'vitest';
import { IngestFileError } from '../../../src/intelligence/ingest/index.js';
import { fixtureBytes, readFixture } from './read-fixture.js';

describe('document ingestion (PDF, Word, PowerPoint, HTML, text)', () => {
  it('reads a PDF text layer over its pages, with its title and creation date', async () => {
    const { kind, extraction, facts } = await readFixture('proposal.pdf');
    expect(kind).toBe('pdf');
    expect(extraction.items[0]!.activity).toMatchObject({ type: 'note', subject: 'Fleet Cloud proposal', occurredAt: '2026-03-02T10:00:00.000Z' });
    expect(extraction.items[0]!.activity!.body).toContain('Implementation services: EUR 12,500.');
    expect(facts[0]).toMatchObject({ amounts: [48000, 12500], emails: ['grace@northwind-robotics.com'] });
    expect(facts[0]!.tasks[0]!.due).toBe('2026-03-20');
  });

  it('refuses a truncated PDF with a clear error', async () => {
    await expect(readFixture('corrupt.pdf')).rejects.toThrow(IngestFileError);
  });

  it('reads a Word document: text, title, action item with due date and signals', async () => {
    const { kind, extraction, facts } = await readFixture('meeting-notes.docx');
    expect(kind).toBe('docx');
    expect(extraction.items[0]!.activity!.subject).toBe('Northwind pricing review');
    expect(facts[0]!.signals).toEqual(expect.arrayContaining(['price_objection', 'competition']));
    expect(facts[0]!.tasks).toEqual([{ title: 'send the revised pricing by Friday.', due: '2026-03-06' }]);
    expect(facts[0]!.amounts).toEqual([45000]);
  });

  it('reads slides and speaker notes of a PowerPoint deck in order', async () => {
    const { kind, extraction, facts } = await readFixture('qbr-deck.pptx');
    expect(kind).toBe('pptx');
    const body = extraction.items[0]!.activity!.body;
    expect(body.indexOf('Slide 1')).toBeLessThan(body.indexOf('Slide 2'));
    expect(body).toContain('Notes: Grace is ready to move forward');
    expect(facts[0]).toMatchObject({ amounts: [60000], signals: ['positive_momentum'] });
  });

  it('reads a web form: its text, and the person it names as a lead', async () => {
    const { kind, extraction } = await readFixture('web-form.html');
    expect(kind).toBe('html');
    const [item] = extraction.items;
    expect(item!.createContacts).toBe(true);
    expect(item!.people[0]).toMatchObject({ firstName: 'Priya', lastName: 'Raman', emails: ['priya.raman@helio-grid.example'], company: 'Helio Grid', phones: ['+1 312 555 0101'] });
    expect(item!.activity!.body).toContain('comparing vendors for fleet telemetry');
  });

  it('reads Markdown as a note titled by its heading, with a dated TODO', async () => {
    const { kind, extraction, facts } = await readFixture('call-notes.md');
    expect(kind).toBe('text');
    expect(extraction.items[0]!.activity!.subject).toBe('Call with Grace Hopper (Northwind Robotics)');
    expect(facts[0]!.tasks[0]).toEqual({ title: 'schedule the kickoff on March 16, 2026 at 10am.', due: '2026-03-16T10:00:00.000Z' });
  });

  it('detects by content: a PDF named .txt is a PDF, and binary noise is nobody\'s', async () => {
    expect((await readFixture('proposal.pdf', fixtureBytes('proposal.pdf'))).kind).toBe('pdf');
    expect((await readFixture('unsupported.bin')).kind).toBeUndefined();
  });
});
