/**
 * CSV import: drop CSV files (or pick them); each shows its first rows, the object it holds (guessed from the file
 * name, changeable) and a field per column (guessed from the header, changeable: a field, a custom field or skip).
 * Import rewrites each file in the browser with the mapped header names, uploads them as multipart to
 * POST /api/import with a progress bar, then follows the background job it answers with (rows checked per file,
 * then writing) and shows its report — rows written per file, and for a refused file every row error.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Papa from 'papaparse';
import { useState } from 'react';
import { Link } from 'react-router';
import { ENTITIES } from '../../api/entities';
import { importFiles, waitForImportJob } from '../../api/endpoints';
import { errorMessage } from '../../api/http';
import type { ImportJob, ImportReport } from '../../api/types';
import { formatBytes, formatNumber } from '../../ui/format';
import { useToast } from '../../ui/Toasts';
import { DropZone } from '../../ui/DropZone';
import { companyMatches } from '../../api/merge';
import { COMPANY_LINK, CUSTOM, FULL_NAME, OBJECTS, SKIP, STAGE_HISTORY, columnProblems, columnTargets, guessColumns, guessObject, isIdentity, objectLabel, objectPlural, parsePreview, rewriteCsv, splitFullName, type ImportObject } from './mapping';

interface Entry {
  key: string;
  file: File;
  object: ImportObject | '';
  header: string[];
  rows: string[][];
  mapping: string[];
  error?: string;
}

/** "1 contact", "12 contacts", "1 stage move" (the toast said "Imported 1 contacts"). */
function importedCount(n: number, object: ImportObject): string {
  const one = object === STAGE_HISTORY ? 'stage move' : ENTITIES[object].label.toLowerCase();
  return `${formatNumber(n)} ${n === 1 ? one : object === STAGE_HISTORY ? 'stage moves' : objectLabel(object)}`;
}

function ReportView({ report }: { report: ImportReport }) {
  return (
    <section className="import-report" aria-label="Import report">
      <h2>{report.ok ? 'Imported' : 'Some files were not imported'}</h2>
      <p className="import-summary" role="status">
        {(() => {
          const wentIn = report.files.reduce((n, f) => n + f.inserted + f.updated, 0);
          const linked = report.files.reduce((n, f) => n + (f.companies_linked ?? 0), 0);
          const created = report.files.reduce((n, f) => n + (f.companies_created ?? 0), 0);
          const withCompanies = report.files.some((f) => f.companies_linked !== undefined);
          return `${formatNumber(wentIn)} ${wentIn === 1 ? 'row' : 'rows'} went in${withCompanies ? ` · ${formatNumber(linked)} linked to existing companies, ${formatNumber(created)} ${created === 1 ? 'company' : 'companies'} created` : ''}.`;
        })()}
      </p>
      <table className="results-table stack-table stack-grid" aria-label="Files imported">
        <thead>
          <tr>
            <th>File</th>
            <th>Rows</th>
            <th>New</th>
            <th>Updated</th>
            <th>Unchanged</th>
            <th>Skipped</th>
            <th>Likely duplicates</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {report.files.map((f) => (
            <tr key={f.file}>
              <td>{f.file}</td>
              <td data-label="Rows">{formatNumber(f.rows)}</td>
              <td data-label="New">{formatNumber(f.inserted)}</td>
              <td data-label="Updated">{formatNumber(f.updated)}</td>
              <td data-label="Unchanged">{formatNumber(f.unchanged)}</td>
              <td data-label="Skipped">{formatNumber(f.skipped)}</td>
              <td data-label="Likely duplicates">{formatNumber(f.duplicates)}</td>
              <td data-label="Result" className={`stack-wide${f.rolled_back ? ' error-text' : ''}`}>
                <span>
                  {f.rolled_back ? 'not imported' : f.errors.length ? 'imported, rows skipped' : 'imported'}
                  {!f.rolled_back && f.entity !== STAGE_HISTORY && (
                    <>
                      {' · '}
                      <Link to={`/${objectPlural(f.entity as ImportObject)}`}>Open {objectLabel(f.entity as ImportObject)}</Link>
                    </>
                  )}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.not_imported.length > 0 && <p className="error-text">Not imported because a file they depend on failed: {report.not_imported.join(', ')}</p>}
      {report.files.some((f) => f.errors.length > 0) && (
        <>
          <h3>Row errors</h3>
          <table className="results-table errors-table" aria-label="Row errors">
            <thead>
              <tr>
                <th>File</th>
                <th>Line</th>
                <th>Id</th>
                <th>Field</th>
                <th>Problem</th>
              </tr>
            </thead>
            <tbody>
              {report.files.flatMap((f) =>
                f.errors.map((e, i) => (
                  <tr key={`${f.file}-${i}`}>
                    <td>{e.file}</td>
                    <td>{e.line}</td>
                    <td>{e.id ?? ''}</td>
                    <td>{e.field ?? ''}</td>
                    <td>{e.message}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          {report.files.some((f) => f.more_errors > 0) && <p className="muted">…and {formatNumber(report.files.reduce((s, f) => s + f.more_errors, 0))} more errors.</p>}
        </>
      )}
    </section>
  );
}

/** What the company column will do: rows linked to existing companies (normalised name or domain), companies created. */
function CompanyLinkSummary({ file, index }: { file: File; index: number }) {
  const q = useQuery({
    queryKey: ['company-matches', file.name, file.size, file.lastModified, index],
    queryFn: async () => {
      const text = await file.text();
      const [, ...rows] = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
      const cells = rows.map((r) => (r[index] ?? '').trim()).filter((v) => v !== '');
      const matches = await companyMatches([...new Set(cells)].slice(0, 5000));
      const found = new Map(matches.map((m) => [m.value, m.company]));
      const linked = cells.filter((c) => found.get(c)).length;
      // Names that differ only in case or legal form ("Globex", "GLOBEX Inc") make one company.
      const created = new Set(matches.filter((m) => !m.company).map((m) => m.value.toLowerCase().replace(/[^\p{L}\p{N}.]+/gu, ' ').trim())).size;
      return { linked, created };
    },
  });
  if (q.isPending) return <p className="muted small">Matching the company column with existing companies…</p>;
  if (q.isError) return <p className="error-text">Could not match the company column: {q.error.message}</p>;
  return (
    <p className="import-company-summary" role="status">
      {formatNumber(q.data.linked)} {q.data.linked === 1 ? 'row' : 'rows'} will link to existing companies, {formatNumber(q.data.created)}{' '}
      {q.data.created === 1 ? 'company' : 'companies'} will be created.
    </p>
  );
}

function FileCard({ entry, onChange, onRemove }: { entry: Entry; onChange: (e: Entry) => void; onRemove: () => void }) {
  const object = entry.object || undefined;
  const fields = object ? columnTargets(object) : [];
  const problems = object ? columnProblems(object, entry.header, entry.mapping) : { errors: [], warnings: [] };
  const setObject = (next: ImportObject | '') => onChange({ ...entry, object: next, mapping: next ? guessColumns(next, entry.header) : entry.header.map(() => CUSTOM) });
  return (
    <article className="import-file" aria-label={`File ${entry.file.name}`}>
      <header className="import-file-head">
        <strong>{entry.file.name}</strong>
        <span className="muted">{formatBytes(entry.file.size)}</span>
        <label>
          Holds{' '}
          <select aria-label={`Object in ${entry.file.name}`} value={entry.object} onChange={(e) => setObject(e.target.value as ImportObject | '')}>
            <option value="">Choose…</option>
            {OBJECTS.map((o) => (
              <option key={o} value={o}>
                {objectLabel(o)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="icon-button" aria-label={`Remove ${entry.file.name}`} onClick={onRemove}>
          ×
        </button>
      </header>
      {entry.error ? (
        <p className="error-text">{entry.error}</p>
      ) : (
        <div className="import-preview-scroll">
          {/* One row per column of the file: its name, its first values and the field it goes to — as tall as the file
              is wide, so a file of twenty columns neither scrolls sideways on a desktop nor shows one column on a phone. */}
          <table className="results-table import-preview" aria-label={`Preview of ${entry.file.name}`}>
            <thead>
              <tr>
                <th scope="col">Column in the file</th>
                <th scope="col">{entry.rows.length === 1 ? 'First value' : `First ${entry.rows.length} values`}</th>
                <th scope="col">Imports as</th>
              </tr>
            </thead>
            <tbody>
              {entry.header.map((h, i) => {
                const samples = entry.rows.map((r) => r[i] ?? '').filter((v) => v.trim() !== '');
                return (
                  <tr key={i} className={entry.mapping[i] === SKIP ? 'skipped' : ''} data-column={h}>
                    <th scope="row" className="col-name">
                      {h || <em>(no name)</em>}
                    </th>
                    <td className="col-samples">
                      {samples.length === 0 ? (
                        <span className="muted">(empty)</span>
                      ) : (
                        samples.map((v, j) => {
                          // A split name shows how it splits, so a wrong split is seen before the import.
                          const split = entry.mapping[i] === FULL_NAME ? splitFullName(v) : null;
                          return (
                            <span key={j} className="col-sample" title={v}>
                              {v}
                              {split && (
                                <span className="name-split" data-testid="name-split">
                                  {'→ '}
                                  <span className="name-part">first: {split.first || '—'}</span> <span className="name-part">last: {split.last || '—'}</span>
                                </span>
                              )}
                            </span>
                          );
                        })
                      )}
                    </td>
                    <td className="col-target">
                      <select
                        aria-label={`Field for column ${h}`}
                        value={entry.mapping[i]}
                        disabled={!object}
                        onChange={(e) => onChange({ ...entry, mapping: entry.mapping.map((m, j) => (j === i ? e.target.value : m)) })}
                      >
                        {fields.map((f) => (
                          <option key={f.name} value={f.name}>
                            {f.label} ({f.name})
                          </option>
                        ))}
                        {object === 'contact' && <option value={FULL_NAME}>Full name → first and last name</option>}
                        {object !== STAGE_HISTORY && <option value={CUSTOM}>custom field</option>}
                        <option value={SKIP}>skip</option>
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {entry.rows.length === 0 && <p className="muted">No rows after the header.</p>}
        </div>
      )}
      {object && entry.mapping.includes(COMPANY_LINK) && <CompanyLinkSummary file={entry.file} index={entry.mapping.indexOf(COMPANY_LINK)} />}
      {!entry.object && !entry.error && <p className="error-text">Choose which object this file holds.</p>}
      {problems.errors.map((p) => (
        <p key={p} className="error-text">
          {p}
        </p>
      ))}
      {problems.warnings.map((p) => (
        <p key={p} className="warning-text">
          {p}
        </p>
      ))}
    </article>
  );
}

/** The server's progress on an import job: per file, the bytes checked, then the final write. */
function JobProgress({ job }: { job: ImportJob }) {
  return (
    <ul className="upload-progress job-progress" aria-label="Import progress">
      {job.files.map((f) => (
        <li key={f.file}>
          <progress aria-label={`Progress of ${f.file}`} max={Math.max(f.bytes_total, 1)} value={f.phase === 'done' ? f.bytes_total : f.bytes_done} />
          <span className="muted">
            {f.file}:{' '}
            {job.status === 'queued'
              ? 'waiting for the server…'
              : f.phase === 'waiting'
                ? 'waiting'
                : f.phase === 'validating'
                  ? `checking… ${formatNumber(f.rows_done)} rows`
                  : f.phase === 'writing'
                    ? `writing ${formatNumber(f.rows_done)} rows…`
                    : `${formatNumber(f.rows_done)} rows`}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ImportScreen() {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const qc = useQueryClient();
  const toast = useToast();
  const upload = useMutation({
    mutationFn: async () => {
      setProgress({ sent: 0, total: 1 });
      const parts = await Promise.all(
        entries.map(async (e) => {
          // An unchanged mapping sends the file as it is; otherwise the rewritten text under the mapped headers.
          const file = isIdentity(e.header, e.mapping) ? e.file : new Blob([await rewriteCsv(e.file, e.mapping)], { type: 'text/csv' });
          return { plural: objectPlural(e.object as ImportObject), file, name: e.file.name };
        }),
      );
      setJob(null);
      const queued = await importFiles(parts, skipInvalid, (sent, total) => setProgress({ sent, total }));
      setProgress(null);
      setJob(queued);
      return waitForImportJob(queued, setJob);
    },
    onSuccess: (done) => {
      if (done.report?.ok)
        toast.show(`Imported ${done.report.files.map((f) => importedCount(f.inserted + f.updated, f.entity as ImportObject)).join(', ')}`, 'success');
      else if (!done.report) toast.show(done.error ?? 'The import failed', 'error');
      if (done.report?.files.some((f) => !f.rolled_back)) void qc.invalidateQueries();
      // A file that went in leaves the list: its card, mapping and "Import 1 file" stayed, the company preview now
      // counting its own new companies as existing ones, one click from importing it again. Refused files stay to fix.
      const wentIn = new Set(done.report?.files.filter((f) => !f.rolled_back).map((f) => f.file) ?? []);
      setEntries((es) => es.filter((e) => !wentIn.has(e.file.name)));
    },
    onError: (e) => toast.error(e),
    onSettled: () => {
      setProgress(null);
      setJob(null);
    },
  });
  const report: ImportReport | undefined = upload.data?.report ?? undefined;

  const add = async (list: FileList | File[] | null) => {
    if (!list) return;
    const csvs = [...list].filter((f) => /\.csv$/i.test(f.name));
    if (csvs.length < list.length) toast.show('Only .csv files can be imported', 'error');
    const added = await Promise.all(
      csvs.map(async (file): Promise<Entry> => {
        const object = guessObject(file.name) ?? '';
        try {
          const { header, rows } = await parsePreview(file);
          return { key: `${file.name}-${file.size}-${file.lastModified}`, file, object, header, rows, mapping: object ? guessColumns(object, header) : header.map(() => CUSTOM) };
        } catch (err) {
          return { key: file.name, file, object, header: [], rows: [], mapping: [], error: errorMessage(err) };
        }
      }),
    );
    setEntries((prev) => [...prev.filter((p) => !added.some((a) => a.file.name === p.file.name)), ...added]);
    upload.reset();
  };

  const objects = entries.map((e) => e.object).filter(Boolean);
  const twice = [...new Set(objects.filter((o, i) => objects.indexOf(o) !== i))];
  const blocked =
    entries.some((e) => e.error || !e.object || columnProblems(e.object, e.header, e.mapping).errors.length > 0) || twice.length > 0;
  const percent = progress ? Math.round((100 * progress.sent) / Math.max(progress.total, 1)) : 0;

  return (
    <section className="screen import-screen" aria-labelledby="import-title">
      <header className="screen-header">
        <h1 id="import-title">Import</h1>
      </header>
      <p className="muted">
        One file per object: companies, contacts, deals or activities (guessed from the file name). Each column goes to the field whose name matches its header; change it below, or keep it as a
        custom field, or skip it. Rows are matched by <code>id</code>, so importing the same file twice changes nothing. Deals&apos; stage history (deal_id, from_stage, to_stage, changed_at — or
        HubSpot&apos;s &ldquo;Date entered &lt;stage&gt;&rdquo; columns, one row per deal) goes in after deals and replaces the stage each deal was created in.
      </p>
      <DropZone
        onFiles={(files) => void add(files)}
        label="Drop CSV files here or press Enter to choose files"
        inputLabel="Choose CSV files"
        title="Drop CSV files here"
        hint="or click to choose"
        phoneTitle="Choose CSV files"
        phoneHint="Tap to choose a file"
        accept=".csv,text/csv"
      />
      {entries.length > 0 && (
        <div className="import-files">
          {entries.map((entry) => (
            <FileCard
              key={entry.key}
              entry={entry}
              onChange={(next) => {
                setEntries((es) => es.map((x) => (x.key === entry.key ? next : x)));
                upload.reset();
              }}
              onRemove={() => setEntries((es) => es.filter((x) => x.key !== entry.key))}
            />
          ))}
          {twice.length > 0 && <p className="error-text">Only one file per object: {twice.map((o) => objectLabel(o as ImportObject)).join(', ')} has more than one.</p>}
          <label className="check-row">
            <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
            Import the valid rows of a file that has errors
          </label>
          <div className="import-actions">
            <button type="button" className="button primary" disabled={upload.isPending || blocked} onClick={() => upload.mutate()}>
              {upload.isPending ? 'Importing…' : `Import ${entries.length} ${entries.length === 1 ? 'file' : 'files'}`}
            </button>
            {progress && (
              <div className="upload-progress">
                <progress aria-label="Upload progress" max={100} value={percent} />
                <span className="muted">{progress.sent >= progress.total && progress.total > 1 ? 'Uploaded; importing on the server…' : `Uploading… ${percent}%`}</span>
              </div>
            )}
            {job && <JobProgress job={job} />}
          </div>
        </div>
      )}
      {upload.isError && <p className="error-text">{errorMessage(upload.error)}</p>}
      {upload.data && !upload.data.report && <p className="error-text">{upload.data.error ?? 'The import failed'}</p>}
      {report && <ReportView report={report} />}
    </section>
  );
}
