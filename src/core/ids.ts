import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** New record ids are prefixed and time-ordered (`ct_01JD…`); imported records keep their own ids. */
export function newId(prefix: string): string {
  return `${prefix}_${nextUlid().toLowerCase()}`;
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
