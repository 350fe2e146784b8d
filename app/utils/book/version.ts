/**
 * Part of every book file's key: raise it when the PDF or EPUB renderers change what they
 * make, so files made by the old ones are made again (docs/architecture.md, "Books").
 */
export const BOOK_RENDERER_VERSION = 2;
