/**
 * Reads the ZIP container of an Office or ODF file with every size bounded, and writes
 * the cleaned one back. fflate's unzipSync cannot cap what an entry inflates to, so the
 * central directory is parsed here and each entry is inflated by node:zlib with
 * `maxOutputLength` set to the size the directory declares: a header that lies about
 * its size stops the inflate instead of unpacking more.
 */
import { inflateRawSync } from "node:zlib";
import { zipSync, type Zippable } from "fflate";

export const ZIP_LIMITS = {
  entries: 5000,
  totalBytes: 100 * 1024 * 1024,
  /**
   * Declared inflated ÷ compressed size above which an entry is a bomb, once it is larger than
   * ratioFloorBytes. Office XML compresses 10–50×, a repetitive sheet up to ~200×; deflate
   * cannot pass ~1032×, which is what zeros reach.
   */
  ratio: 500,
  ratioFloorBytes: 1024 * 1024,
} as const;

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** Why a container cannot be read: too big once inflated, encrypted entries, or not a well-formed ZIP. */
export class ZipRefusal extends Error {
  constructor(readonly reason: "zipBomb" | "damaged" | "encrypted") {
    super(reason);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Directory {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function readDirectory(bytes: Buffer): Directory[] {
  // The end record sits in the last 22 bytes plus a comment of at most 65535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipRefusal("damaged");
  const count = bytes.readUInt16LE(eocd + 10);
  const dirSize = bytes.readUInt32LE(eocd + 12);
  const dirOffset = bytes.readUInt32LE(eocd + 16);
  // ZIP64 markers: no Office file within the upload limit needs them.
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipRefusal("damaged");
  if (count > ZIP_LIMITS.entries) throw new ZipRefusal("zipBomb");
  if (dirOffset + dirSize > eocd) throw new ZipRefusal("damaged");

  const entries: Directory[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || bytes.readUInt32LE(at) !== CENTRAL) throw new ZipRefusal("damaged");
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localOffset = bytes.readUInt32LE(at + 42);
    if (at + 46 + nameLength > eocd) throw new ZipRefusal("damaged");
    const name = bytes.toString("utf8", at + 46, at + 46 + nameLength);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw new ZipRefusal("damaged");
    // Two entries of one name could show a reader one part and this cleaner the other.
    if (names.has(name)) throw new ZipRefusal("damaged");
    names.add(name);
    total += size;
    if (total > ZIP_LIMITS.totalBytes) throw new ZipRefusal("zipBomb");
    if (size > ZIP_LIMITS.ratioFloorBytes && size / Math.max(compressedSize, 1) > ZIP_LIMITS.ratio) throw new ZipRefusal("zipBomb");
    entries.push({ name, method, flags, compressedSize, size, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function inflateEntry(bytes: Buffer, entry: Directory): Uint8Array {
  if (entry.flags & 0x1) throw new ZipRefusal("encrypted");
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL) throw new ZipRefusal("damaged");
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipRefusal("damaged");
  const raw = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (raw.length !== entry.size) throw new ZipRefusal("damaged");
    return raw;
  }
  if (entry.method !== 8) throw new ZipRefusal("damaged");
  let out: Buffer;
  try {
    // One byte more than declared, so that output beyond the declared size is seen as a lie rather than cut silently.
    out = inflateRawSync(raw, { maxOutputLength: entry.size + 1 });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new ZipRefusal("zipBomb");
    throw new ZipRefusal("damaged");
  }
  if (out.length > entry.size) throw new ZipRefusal("zipBomb");
  if (out.length !== entry.size) throw new ZipRefusal("damaged");
  return out;
}

/** Every entry of the container, in its stored order, each inflated within its declared size. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 22) throw new ZipRefusal("damaged");
  return readDirectory(buffer).map((entry) => ({ name: entry.name, data: entry.name.endsWith("/") ? new Uint8Array() : inflateEntry(buffer, entry) }));
}

// The entries' times would say when the original was last saved; a fixed one says nothing.
const FIXED_TIME = new Date(1980, 0, 1);

/**
 * A ZIP of these entries in this order; those named in `stored` are not compressed (ODF's
 * mimetype). zipSync rather than fflate's streaming Zip, whose local headers defer the sizes
 * to a data descriptor that ODF forbids for the mimetype entry. zipSync takes an object, and
 * an object puts integer-like keys first, so such a name (never a real Office part) is refused.
 */
export function writeZip(entries: ZipEntry[], stored: ReadonlySet<string> = new Set()): Buffer {
  const files: Zippable = {};
  for (const entry of entries) {
    if (/^(?:0|[1-9]\d{0,9})$/.test(entry.name)) throw new ZipRefusal("damaged");
    files[entry.name] = [entry.data, { level: stored.has(entry.name) ? 0 : 6, mtime: FIXED_TIME }];
  }
  return Buffer.from(zipSync(files));
}
