import type { Migration } from "kysely";
import * as m0001 from "./0001-initial";
import * as m0002 from "./0002-access";
import * as m0003 from "./0003-practices";

/**
 * Listed statically so the migrations survive the Remix server bundle
 * (there is no migrations folder to read at runtime). Append only; never
 * edit a migration that has landed.
 */
export const migrations: Record<string, Migration> = {
  "0001-initial": m0001,
  "0002-access": m0002,
  "0003-practices": m0003,
};
