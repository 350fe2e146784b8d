import { optimizeSearchIndex, rebuildSearchIndex } from "../app/models/search.server";
import { databaseTarget, describeTarget, inTransaction, openDatabase } from "../db/client";

// npm run search:rebuild — after a restore, or when the index looks wrong.
const target = databaseTarget();
const db = await openDatabase(target);
const started = Date.now();
const { practices, entries } = await inTransaction(db, (trx) => rebuildSearchIndex(trx));
await optimizeSearchIndex(db);
console.log(`Search index of ${describeTarget(target)} rebuilt: ${practices} published practices, ${entries} entries, in ${Date.now() - started} ms.`);
await db.destroy();
