/**
 * Inbox (issue 20): drop any files — e-mails, mailboxes, PDFs, Office files, lead lists, cards, invitations,
 * transcripts, chat exports — and see per file what it became: its kind, the activities and contacts created, the
 * records linked (each a link to open), the facts read, and why a file could not be read.
 */
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import type * as Contract from '../../../../src/delivery/api/contract';
import { errorMessage, uploadForm } from '../../api/http';

type IngestResponse = z.infer<typeof Contract.ingestResponse>;
type FileResult = IngestResponse['files'][number];

interface Row {
  name: string;
  state: 'uploading' | 'done' | 'failed';
  results: FileResult[];
  error?: string;
}

function RecordLinks({ label, plural, ids }: { label: string; plural: string; ids: string[] }) {
  if (ids.length === 0) return null;
  return (
    <span className="ingest-links">
      {label}:{' '}
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 ? ', ' : ''}
          <Link to={`/${plural}/${encodeURIComponent(id)}`}>{id}</Link>
        </span>
      ))}
    </span>
  );
}

function ResultView({ r }: { r: FileResult }) {
  const f = r.facts;
  const facts = [
    f.amounts.length ? `amounts ${f.amounts.map((a) => a.toLocaleString()).join(', ')}` : '',
    f.meetingStart ? `meeting ${new Date(f.meetingStart).toLocaleString()}` : '',
    f.tasks.length ? `tasks ${f.tasks.map((t) => `${t.title}${t.due ? ` (due ${t.due.slice(0, 10)})` : ''}`).join('; ')}` : '',
    f.signals.length ? `signals ${f.signals.join(', ')}` : '',
  ].filter(Boolean);
  return (
    <li className="ingest-result" aria-label={r.file}>
      <strong>{r.file}</strong> · {r.kind}
      {r.duplicate ? ' · ingested before' : ''} · confidence {r.confidence.toFixed(2)}
      <div>
        {r.activityIds.length} {r.activityIds.length === 1 ? 'activity' : 'activities'} ·{' '}
        <RecordLinks label="New contacts" plural="contacts" ids={r.createdContacts} />{' '}
        <RecordLinks label="Contacts" plural="contacts" ids={r.linked.contacts.filter((id) => !r.createdContacts.includes(id))} />{' '}
        <RecordLinks label="Companies" plural="companies" ids={r.linked.companies} /> <RecordLinks label="Deals" plural="deals" ids={r.linked.deals} />
      </div>
      {facts.length > 0 && <div className="muted">{facts.join(' · ')}</div>}
      {r.warnings.map((w) => (
        <div key={w} className="muted">
          ⚠ {w}
        </div>
      ))}
    </li>
  );
}

export function IngestScreen() {
  const picker = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);

  // One request per file, so each file's result (or error) shows as soon as it is known.
  async function ingest(files: File[]) {
    for (const file of files) {
      setRows((rs) => [{ name: file.name, state: 'uploading', results: [] }, ...rs]);
      const update = (patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.name === file.name && r.state === 'uploading' ? { ...r, ...patch } : r)));
      const form = new FormData();
      form.append('file', file, file.name);
      try {
        const answer = await uploadForm<IngestResponse>('/api/ingest', form);
        update({ state: 'done', results: answer.files });
      } catch (e) {
        update({ state: 'failed', error: errorMessage(e) });
      }
    }
  }

  return (
    <section className="screen ingest-screen" aria-labelledby="ingest-title">
      <header className="screen-header">
        <h1 id="ingest-title">Inbox</h1>
      </header>
      <p className="muted">
        Drop e-mails (.eml, .mbox), documents (PDF, Word, PowerPoint, Excel, HTML, text), lead lists (CSV), cards (.vcf, or a photo of one), images (.png, .jpg), recordings (.wav, .mp3, .m4a), invitations (.ics), transcripts (.vtt, .srt) or chat exports (.json). Each becomes activities on the
        right contacts, companies and deals; the same file twice is recognised.
      </p>
      <div
        className={`dropzone ${over ? 'over' : ''}`}
        role="button"
        tabIndex={0}
        aria-label="Drop files here or press Enter to choose files"
        onClick={() => picker.current?.click()}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && picker.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void ingest([...e.dataTransfer.files]);
        }}
      >
        <strong>Drop files here</strong>
        <span className="muted">or click to choose</span>
      </div>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        aria-label="Files to ingest"
        onChange={(e) => {
          void ingest([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <ul className="ingest-results" aria-label="Ingested files" style={{ listStyle: 'none', padding: 0 }}>
        {rows.map((row, i) => (
          <li key={`${row.name}-${rows.length - i}`} className={`ingest-row ${row.state}`}>
            {row.state === 'uploading' && <span>{row.name}: reading…</span>}
            {row.state === 'failed' && <span role="alert">{row.error}</span>}
            {row.state === 'done' && (
              <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0' }}>
                {row.results.map((r) => (
                  <ResultView key={r.file} r={r} />
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
