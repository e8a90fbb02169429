/**
 * CSV import: drop companies.csv, contacts.csv, deals.csv or activities.csv (or pick them), upload as multipart
 * to POST /api/import and show the report — rows written per file, and on 422 every row error by line.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { importCsv } from '../../api/endpoints';
import { ApiError, errorMessage } from '../../api/http';
import type { ImportReport } from '../../api/types';
import { formatNumber } from '../../ui/format';
import { useToast } from '../../ui/Toasts';

const OBJECT_NAMES = ['companies', 'contacts', 'deals', 'activities'];

function ReportView({ report }: { report: ImportReport }) {
  return (
    <section className="import-report" aria-label="Import report">
      <h2>{report.ok ? 'Imported' : 'Some files were not imported'}</h2>
      <table className="results-table">
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
              <td>{formatNumber(f.rows)}</td>
              <td>{formatNumber(f.inserted)}</td>
              <td>{formatNumber(f.updated)}</td>
              <td>{formatNumber(f.unchanged)}</td>
              <td>{formatNumber(f.skipped)}</td>
              <td>{formatNumber(f.duplicates)}</td>
              <td className={f.rolled_back ? 'error-text' : ''}>{f.rolled_back ? 'not imported' : f.errors.length ? 'imported, rows skipped' : 'imported'}</td>
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

export function ImportScreen() {
  const [files, setFiles] = useState<File[]>([]);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [over, setOver] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const qc = useQueryClient();
  const toast = useToast();
  const upload = useMutation({
    mutationFn: () => importCsv(files, skipInvalid),
    onSuccess: (report) => {
      toast.show(`Imported ${report.files.map((f) => `${formatNumber(f.inserted + f.updated)} ${f.entity === 'company' ? 'companies' : `${f.entity}s`}`).join(', ')}`, 'success');
      void qc.invalidateQueries();
    },
    onError: (e) => {
      if (!(e instanceof ApiError && e.status === 422)) toast.error(e);
    },
  });
  const report: ImportReport | undefined = upload.data ?? (upload.error instanceof ApiError && upload.error.status === 422 ? (upload.error.body as ImportReport) : undefined);

  const add = (list: FileList | null) => {
    if (!list) return;
    const csvs = [...list].filter((f) => /\.csv$/i.test(f.name));
    if (csvs.length < list.length) toast.show('Only .csv files can be imported', 'error');
    setFiles((prev) => [...prev.filter((p) => !csvs.some((c) => c.name === p.name)), ...csvs]);
    upload.reset();
  };
  const unknown = files.filter((f) => !OBJECT_NAMES.includes(f.name.replace(/\.csv$/i, '').toLowerCase()));

  return (
    <section className="screen import-screen" aria-labelledby="import-title">
      <header className="screen-header">
        <h1 id="import-title">Import</h1>
      </header>
      <p className="muted">
        One file per object, named <code>companies.csv</code>, <code>contacts.csv</code>, <code>deals.csv</code> or <code>activities.csv</code>. Rows are matched by <code>id</code>, so importing
        the same file twice changes nothing; columns the object does not have become custom fields.
      </p>
      <div
        className={`dropzone ${over ? 'over' : ''}`}
        role="button"
        tabIndex={0}
        aria-label="Drop CSV files here or press Enter to choose files"
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
          add(e.dataTransfer.files);
        }}
      >
        <strong>Drop CSV files here</strong>
        <span className="muted">or click to choose</span>
        <input ref={picker} type="file" accept=".csv,text/csv" multiple hidden aria-label="Choose CSV files" onChange={(e) => add(e.target.files)} />
      </div>
      {files.length > 0 && (
        <div className="import-files">
          <ul className="link-list">
            {files.map((f) => (
              <li key={f.name}>
                <span>{f.name}</span>
                <span className="muted">{formatNumber(Math.ceil(f.size / 1024))} kB</span>
                <button type="button" className="icon-button" aria-label={`Remove ${f.name}`} onClick={() => setFiles((fs) => fs.filter((x) => x !== f))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          {unknown.length > 0 && <p className="error-text">Rename {unknown.map((f) => f.name).join(', ')} to the object it holds (e.g. contacts.csv).</p>}
          <label className="check-row">
            <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
            Import the valid rows of a file that has errors
          </label>
          <button type="button" className="button primary" disabled={upload.isPending || unknown.length > 0} onClick={() => upload.mutate()}>
            {upload.isPending ? 'Importing…' : `Import ${files.length} ${files.length === 1 ? 'file' : 'files'}`}
          </button>
        </div>
      )}
      {upload.isError && !report && <p className="error-text">{errorMessage(upload.error)}</p>}
      {report && <ReportView report={report} />}
    </section>
  );
}
