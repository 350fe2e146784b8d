/**
 * Images are decoded and re-encoded by sharp, so nothing of the upload's bytes survives:
 * EXIF (GPS and maker notes included), XMP, IPTC and text chunks are dropped because sharp
 * writes no metadata unless asked, and the colour profile is converted to sRGB.
 */
import sharp, { type Sharp } from "sharp";
import { IMAGE_SIZES, type AttachmentRefusal } from "../../domain/attachment";

export interface Rendition {
  bytes: Buffer;
  mime: "image/jpeg" | "image/png";
  width: number;
  height: number;
}

export type ImageResult = { ok: true; display: Rendition; thumb: Rendition } | { ok: false; refusal: AttachmentRefusal };

/** Above this many pixels an image is refused before it is decoded (a small file can declare a huge canvas). */
export const IMAGE_MAX_PIXELS = 50_000_000;

/**
 * HEIC needs an HEVC decoder, which the prebuilt libvips sharp ships does not include:
 * `sharp.format.heif.input.fileSuffix` lists only ".avif" here. AVIF would decode, but
 * browsers and phones send HEIC far more often, and the one refusal says to export as JPEG.
 */
export const HEIC_DECODER = (sharp.format.heif?.input as { fileSuffix?: string[] } | undefined)?.fileSuffix?.includes(".heic") ?? false;

const SHARP_FORMAT = { jpeg: "jpeg", png: "png", webp: "webp" } as const;

async function encode(source: Sharp, box: number, alpha: boolean): Promise<Rendition> {
  const resized = source.clone().resize({ width: box, height: box, fit: "inside", withoutEnlargement: true });
  const { data, info } = await (alpha ? resized.png({ compressionLevel: 9 }) : resized.flatten({ background: "#ffffff" }).jpeg({ quality: 80, mozjpeg: true })).toBuffer({ resolveWithObject: true });
  return { bytes: data, mime: alpha ? "image/png" : "image/jpeg", width: info.width, height: info.height };
}

/** The display copy and the thumbnail; only the first frame of an animation. */
export async function prepareImage(bytes: Uint8Array, type: keyof typeof SHARP_FORMAT): Promise<ImageResult> {
  try {
    const options = { limitInputPixels: IMAGE_MAX_PIXELS, animated: false, failOn: "error" } as const;
    const metadata = await sharp(bytes, options).metadata();
    if (metadata.format !== SHARP_FORMAT[type]) return { ok: false, refusal: "damaged" };
    // .rotate() with no angle turns the pixels as EXIF orientation says, before that tag is dropped.
    const source = sharp(bytes, options).rotate();
    const alpha = metadata.hasAlpha === true && !(await sharp(bytes, options).stats()).isOpaque;
    return { ok: true, display: await encode(source, IMAGE_SIZES.display, alpha), thumb: await encode(source, IMAGE_SIZES.thumb, alpha) };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) return { ok: false, refusal: "tooLarge" };
    return { ok: false, refusal: "damaged" };
  }
}
