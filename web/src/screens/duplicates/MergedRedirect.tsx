/** A merged record's page: the server answers 404 with `merged_into`; go to the record it was merged into, and say so. */
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/http';
import { useToast } from '../../ui/Toasts';

/** The id a failed record load says the record was merged into, if any. */
export function mergedInto(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 404) return undefined;
  const body = error.body as { merged_into?: unknown } | undefined;
  return typeof body?.merged_into === 'string' ? body.merged_into : undefined;
}

export function MergedRedirect({ plural, from, to }: { plural: string; from: string; to: string }) {
  const navigate = useNavigate();
  const toast = useToast();
  useEffect(() => {
    toast.show(`That record (${from}) was merged into this one.`, 'success');
    void navigate(`/${plural}/${encodeURIComponent(to)}`, { replace: true });
  }, [plural, from, to, navigate, toast]);
  return <p className="muted" role="status">This record was merged; opening the record it was merged into…</p>;
}
