/** Whether the screen is phone-sized: the breakpoint of the phone block in styles.css. */
import { useSyncExternalStore } from 'react';

const PHONE = '(max-width: 640px)';
const subscribePhone = (onChange: () => void) => {
  const m = window.matchMedia(PHONE);
  m.addEventListener('change', onChange);
  return () => m.removeEventListener('change', onChange);
};

export function usePhone(): boolean {
  return useSyncExternalStore(subscribePhone, () => window.matchMedia(PHONE).matches, () => false);
}
