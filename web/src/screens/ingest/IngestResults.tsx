/** Uploading files to POST /api/ingest one request per file, and showing what each became (Inbox, record pages). */
import { useState } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import type * as Contract from '../../../../src/delivery/api/contract';
import { errorMessage, uploadForm, type Params } from '../../api/http';
import './ingest.css';

export type IngestResponse = z.infer<typeof Contract.ingestResponse>;
export type FileResult = IngestResponse['files'][number];

export interface IngestRow {
  key: string;
  name: string;
  state: 'uploading' | 'done' | 'failed';
  results: FileResult[];
  error?: string;
}

let serial = 0;

/**
 * The rows of this screen's uploads, newest first, and `ingest(files)`: one request per file, so each file's result
 * (or error) shows as soon as it is known. `params` link the files to a record (?contactId=…); `onDone` runs after
 * each file (refresh a timeline, the review list).
 */
export function useIngestUploads(params?: Params, onDone?: (results: FileResult[]) => void) {
  const [rows, setRows] = useState<IngestRow[]>([]);
  async function ingest(files: File[]) {
    for (const file of files) {
      const key = `${file.name}-${++serial}`;
      setRows((rs) => [{ key, name: file.name, state: 'uploading', results: [] }, ...rs]);
      const update = (patch: Partial<IngestRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
      const form = new FormData();
      form.append('file', file, file.name);
      try {
        const answer = await uploadForm<IngestResponse>('/api/ingest', form, { params });
        update({ state: 'done', results: answer.files });
        onDone?.(answer.files);
      } catch (e) {
        update({ state: 'failed', error: errorMessage(e) });
      }
    }
  }
  return { rows, ingest };
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
      <strong className="ingest-file">{r.file}</strong> · {r.kind}
      {r.duplicate ? ' · ingested before' : ''} · confidence {r.confidence.toFixed(2)}
      {r.reviewIds?.length ? <span className="ingest-review-flag"> · needs review</span> : null}
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

export function IngestResults({ rows, label = 'Ingested files' }: { rows: IngestRow[]; label?: string }) {
  if (rows.length === 0) return null;
  return (
    <ul className="ingest-results" aria-label={label}>
      {rows.map((row) => (
        <li key={row.key} className={`ingest-row ${row.state}`}>
          {row.state === 'uploading' && <span>{row.name}: reading…</span>}
          {row.state === 'failed' && <span role="alert">{row.error}</span>}
          {row.state === 'done' && (
            <ul className="ingest-file-results">
              {row.results.map((r) => (
                <ResultView key={r.file} r={r} />
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
