import type { DiffPart } from "../utils/diff";

/** A diff as text: added parts in <ins>, removed parts in <del> (the legend says which is which). */
export function DiffView({ parts }: { parts: DiffPart[] }) {
  return <pre className="diff">{parts.map((p, i) => (p.change === "added" ? <ins key={i}>{p.text}</ins> : p.change === "removed" ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>))}</pre>;
}
