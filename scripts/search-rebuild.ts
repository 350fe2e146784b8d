import { optimizeSearchIndex, rebuildSearchIndex } from "../app/models/search.server";
import { DEFAULT_DATABASE_PATH, openDatabase } from "../db/client";

// npm run search:rebuild — after a restore, or when the index looks wrong.
const file = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
const db = await openDatabase(file);
const started = Date.now();
const { practices, entries } = await db.transaction().execute((trx) => rebuildSearchIndex(trx));
await optimizeSearchIndex(db);
console.log(`Search index of ${file} rebuilt: ${practices} published practices, ${entries} entries, in ${Date.now() - started} ms.`);
await db.destroy();
