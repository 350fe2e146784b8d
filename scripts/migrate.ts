import { connect, databaseTarget, describeTarget, migrateToLatest } from "../db/client";

// npm run db:migrate — DATABASE_URL (PostgreSQL) when set, else the SQLite file DATABASE_PATH.
const target = databaseTarget();
const db = connect(target);
const { results = [] } = await migrateToLatest(db);
for (const r of results) console.log(`${r.status === "Success" ? "applied" : r.status}: ${r.migrationName}`);
console.log(results.length ? `${describeTarget(target)} is up to date.` : `${describeTarget(target)} was already up to date.`);
await db.destroy();
