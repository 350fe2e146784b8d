import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { currentMigration } from "../../db/client";

/** Open without a session, for load balancers and monitors: no data beyond the schema version. */
export async function loader({ context }: LoaderFunctionArgs) {
  const migration = await currentMigration(context.db);
  return json({ status: "ok", migration }, { headers: { "Cache-Control": "no-store" } });
}
