import { DEFAULT_DATABASE_PATH, createKysely, migrateToLatest, openSqlite } from "../db/client";

const file = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
const db = createKysely(openSqlite(file));
const { results = [] } = await migrateToLatest(db);
for (const r of results) console.log(`${r.status === "Success" ? "applied" : r.status}: ${r.migrationName}`);
console.log(results.length ? `${file} is up to date.` : `${file} was already up to date.`);
await db.destroy();
