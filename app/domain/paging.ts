/** A keyset cursor: the sort value and id of the last row shown; the next page starts strictly after it. */
export interface Cursor {
  value: number;
  id: number;
}

/** One page of a numbered list: its rows, how many there are in all, which page, of how many. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageCount: number;
}

export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));
