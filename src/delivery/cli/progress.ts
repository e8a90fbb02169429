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
