/**
 * A stored file as an HTTP response: one the browser will neither sniff, nor run, nor keep
 * for anyone else, revalidated by its ETag, and readable in ranges (a phone that lost its
 * signal halfway through a download asks for the rest).
 */
export function fileResponse(request: Request, file: { bytes: Uint8Array; mime: string; etag: string }, { download }: { download: { name: string; fallback: string } | null }): Response {
  const headers = new Headers({
    "Content-Type": file.mime,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    // no-transform: compression would break a byte range.
    "Cache-Control": "private, no-cache, no-transform",
    ETag: file.etag,
    "Accept-Ranges": "bytes",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Disposition": download ? contentDisposition(download.name, download.fallback) : "inline",
  });
  if (matchesEtag(request.headers.get("If-None-Match"), file.etag)) return new Response(null, { status: 304, headers });
  const size = file.bytes.byteLength;
  const range = request.headers.get("Range");
  // A range that no longer matches what the client has (If-Range) gets the whole file.
  const ifRange = request.headers.get("If-Range");
  if (range && (ifRange === null || ifRange === file.etag)) {
    const wanted = parseRange(range, size);
    if (wanted === "unsatisfiable") {
      headers.set("Content-Range", `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    if (wanted) {
      headers.set("Content-Range", `bytes ${wanted.start}-${wanted.end}/${size}`);
      return new Response(file.bytes.slice(wanted.start, wanted.end + 1), { status: 206, headers });
    }
  }
  return new Response(file.bytes.slice(), { status: 200, headers });
}

function matchesEtag(header: string | null, etag: string) {
  if (!header) return false;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === etag || t === "*");
}

/**
 * One `bytes=` range (first-last, first-, or -suffix). Several ranges, or a unit other than
 * bytes, are answered with the whole file, which RFC 9110 allows.
 */
export function parseRange(header: string, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return "unsatisfiable";
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return null;
  return { start, end };
}

/** `attachment` with the name as typed (RFC 6266 filename*) and an ASCII stand-in for old clients. */
function contentDisposition(name: string, fallback: string) {
  const ascii = fallback.replace(/[^\x20-\x7e]|["\\]/g, "_");
  // RFC 5987 attr-chars: encodeURIComponent leaves ' ( ) * ! as they are, and ' ends the charset part.
  const encoded = encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
