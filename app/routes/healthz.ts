import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { schemaVersion } from "../server/database.server";

/** Open without a session, for load balancers and monitors: no data beyond the schema version. */
export async function loader({ context }: LoaderFunctionArgs) {
  const migration = await schemaVersion(context.db);
  return json({ status: "ok", migration }, { headers: { "Cache-Control": "no-store" } });
}
