/** A keyset cursor: the sort value and id of the last row shown; the next page starts strictly after it. */
export interface Cursor {
  value: number;
  id: number;
}
