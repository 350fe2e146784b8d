import type { Migration } from "kysely";
import * as m0001 from "./0001-initial";
import * as m0002 from "./0002-access";
import * as m0003 from "./0003-practices";
import * as m0004 from "./0004-discussion";
import * as m0005 from "./0005-search";
import * as m0006 from "./0006-handbooks";
import * as m0007 from "./0007-visibility-index";
import * as m0008 from "./0008-search-rowids";
import * as m0009 from "./0009-redaction";
import * as m0010 from "./0010-time-zone";
import * as m0011 from "./0011-search-stems";
import * as m0012 from "./0012-pending-submissions";
import * as m0013 from "./0013-audiences";
import * as m0014 from "./0014-two-factor";
import * as m0015 from "./0015-privacy-reports";
import * as m0016 from "./0016-discreet-mode";
import * as m0017 from "./0017-attachments";
import * as m0018 from "./0018-attachment-flags";
import * as m0019 from "./0019-handbook-files";
import * as m0020 from "./0020-away-from-signal";
import * as m0021 from "./0021-glossary";

/**
 * Listed statically so the migrations survive the Remix server bundle
 * (there is no migrations folder to read at runtime). Append only; never
 * edit a migration that has landed.
 */
export const migrations: Record<string, Migration> = {
  "0001-initial": m0001,
  "0002-access": m0002,
  "0003-practices": m0003,
  "0004-discussion": m0004,
  "0005-search": m0005,
  "0006-handbooks": m0006,
  "0007-visibility-index": m0007,
  "0008-search-rowids": m0008,
  "0009-redaction": m0009,
  "0010-time-zone": m0010,
  "0011-search-stems": m0011,
  "0012-pending-submissions": m0012,
  "0013-audiences": m0013,
  "0014-two-factor": m0014,
  "0015-privacy-reports": m0015,
  "0016-discreet-mode": m0016,
  "0017-attachments": m0017,
  "0018-attachment-flags": m0018,
  "0019-handbook-files": m0019,
  "0020-away-from-signal": m0020,
  "0021-glossary": m0021,
};
