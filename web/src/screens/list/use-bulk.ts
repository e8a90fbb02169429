/**
 * Runs one call per selected record, eight at a time, with progress; then one toast: how many, and why any
 * failed. Answers the ids that went through (a bulk stage move offers to undo those).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { EntityDef } from '../../api/entities';
import { errorMessage } from '../../api/http';
import { keys } from '../../api/hooks';
import { useToast } from '../../ui/Toasts';

const AT_ONCE = 8;

/** Calls `each` for every id, AT_ONCE at a time; the ids that went through and the reasons of those that did not. */
export async function eachInBatches(ids: readonly string[], each: (id: string) => Promise<unknown>, onProgress?: (done: number) => void) {
  const done: string[] = [];
  const failures: string[] = [];
  for (let i = 0; i < ids.length; i += AT_ONCE) {
    const batch = ids.slice(i, i + AT_ONCE);
    const results = await Promise.allSettled(batch.map(each));
    results.forEach((r, j) => (r.status === 'fulfilled' ? done.push(batch[j]!) : failures.push(errorMessage(r.reason))));
    onProgress?.(Math.min(i + AT_ONCE, ids.length));
  }
  return { done, failures };
}

export function useBulkRunner(entity: EntityDef) {
  const qc = useQueryClient();
  const toast = useToast();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  /** `quiet`: no toast when every call went through (the caller says it its own way, e.g. with Undo). */
  const run = async (label: string, ids: readonly string[], each: (id: string) => Promise<unknown>, { quiet = false } = {}): Promise<string[]> => {
    setProgress({ done: 0, total: ids.length });
    const { done, failures } = await eachInBatches(ids, each, (n) => setProgress({ done: n, total: ids.length }));
    setProgress(null);
    await qc.invalidateQueries({ queryKey: keys.lists(entity.plural) });
    void qc.invalidateQueries({ queryKey: keys.pipeline });
    const noun = (n: number) => (n === 1 ? entity.label.toLowerCase() : entity.plural);
    if (failures.length) {
      const reasons = [...new Set(failures)];
      toast.show(`${label} ${done.length} of ${ids.length} ${noun(ids.length)}; ${failures.length} failed: ${reasons.slice(0, 2).join('; ')}${reasons.length > 2 ? ' …' : ''}`, 'error');
    } else if (!quiet) toast.show(`${label} ${ids.length} ${noun(ids.length)}`, 'success');
    return done;
  };
  return { run, busy: progress !== null, progress };
}
