import cliProgress from 'cli-progress';

/** A terminal progress bar per imported file (silent when stderr is not a terminal). */
export function importProgress() {
  const bar = new cliProgress.SingleBar(
    { format: '{file} [{bar}] {percentage}% · {rows} rows', hideCursor: true, noTTYOutput: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let current: string | undefined;
  return {
    update: (p: { file: string; bytes: number; totalBytes: number; rows: number }) => {
      if (!process.stderr.isTTY) return;
      if (current !== p.file) {
        if (current) bar.stop();
        current = p.file;
        bar.start(p.totalBytes || 1, 0, { file: p.file, rows: 0 });
      }
      bar.update(Math.min(p.bytes, p.totalBytes), { rows: p.rows });
    },
    stop: () => {
      if (current) bar.stop();
    },
  };
}

/** A counting progress bar (embedding backfill); silent when stderr is not a terminal. */
export function countProgress(label: string, total: number) {
  const tty = process.stderr.isTTY;
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} · {eta_formatted} left`, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  if (tty) bar.start(Math.max(total, 1), 0);
  let done = 0;
  return {
    increment: (n: number) => {
      done += n;
      if (!tty) return;
      if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done);
    },
    stop: () => {
      if (tty) bar.stop();
    },
  };
}
