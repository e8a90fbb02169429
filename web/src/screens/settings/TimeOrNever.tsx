/** When something last happened (a sign-in, a token's use), or a muted "never". */
import { formatDateTime } from '../../ui/format';

export function TimeOrNever({ at }: { at: string | null }) {
  return at ? <>{formatDateTime(at)}</> : <span className="muted">never</span>;
}
