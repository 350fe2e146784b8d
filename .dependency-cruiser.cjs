/**
 * The layer directions of docs/architecture.md, kept by a tool (`npm run lint`, and
 * tests/architecture.test.ts proves each rule bites).
 *
 *   routes → auth / models / forms / ui / domain / utils / i18n / server
 *   forms  → domain / i18n / utils / ui   (+ models / auth from its .server files)
 *   auth   → models / db / domain / utils
 *   models → db / domain / utils
 *   db     → domain only
 *   ui     → domain / i18n / utils, never a .server file
 *   utils  → leaves; domain → domain only; no cycles, no orphans.
 *
 * tsPreCompilationDeps is on, so `import type` edges count too: a type imported from
 * the wrong layer is still a layer leak. Run: npx depcruise app db scripts
 */

/** A server-only module, by Remix's own convention (`x.server.ts` or a `.server/` folder). */
const SERVER_ONLY = "(\\.server\\.[cm]?[jt]sx?$|/\\.server/)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "a circular import: these modules import each other (through the chain shown). Move what they share into the lower layer (domain, utils or a model) so the arrows point one way.",
      from: {},
      // A cycle only through `import type` (a route's private component naming typeof loader) is erased at build time.
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "no-orphans",
      severity: "error",
      comment: "an orphan: nothing imports this module and it is not an entry point (route, entry file, script, test). Delete it, or import it from where it is used.",
      from: {
        orphan: true,
        pathNot: [
          "(^|/)\\.[^/]+\\.(c|m)?js$", // dot-file configs (.dependency-cruiser.cjs …)
          "\\.d\\.ts$",
          "(^|/)[^/]+\\.config\\.(c|m)?[jt]s$", // vitest.config.ts, eslint.config.js, remix.config.js …
          "^app/routes/", // Remix finds routes by their file name
          "^app/(root|entry\\.client|entry\\.server)\\.tsx$",
          "^app/server/context\\.ts$", // declares AppLoadContext for server.js; only ever merged, never imported
          "^(tests|bench|scripts)/",
          "^server\\.js$",
        ],
      },
      to: {},
    },
    {
      name: "ui-not-to-server",
      severity: "error",
      comment:
        "a component imports a .server module: components (app/ui, app/forms/*/form.tsx, and the private .tsx pieces beside a route.tsx) are bundled for the browser, so they may never import a .server file, not even `import type`. Pass the data in as props from the route's loader instead.",
      from: {
        path: ["^app/ui/", "^app/.+\\.tsx$"],
        pathNot: [
          "^app/(root|entry\\.server)\\.tsx$", // document and server entry: route modules / server only
          "^app/routes/[^/]+\\.tsx$", // a flat route module (its loader and action run on the server)
          "^app/routes/[^/]+/route\\.tsx$", // a folder route's module
        ],
      },
      to: { path: SERVER_ONLY },
    },
    {
      name: "ui-only-to-domain-i18n-utils",
      severity: "error",
      comment:
        "app/ui imports outside its layer: shared components may import only app/domain, app/i18n, app/utils, other app/ui modules and npm packages, never db/, models, auth, forms, routes or server plumbing.",
      from: { path: "^app/ui/" },
      to: { pathNot: ["^app/(ui|domain|i18n|utils)/", "^node_modules/"] },
    },
    {
      name: "forms-only-to-domain-i18n-utils-ui",
      severity: "error",
      comment:
        "app/forms imports outside its layer: a feature's schema and component may import only app/domain, app/i18n, app/utils, app/ui, other app/forms modules and npm packages. Only its .server files may also use models and auth.",
      from: { path: "^app/forms/", pathNot: SERVER_ONLY },
      to: { pathNot: ["^app/(forms|ui|domain|i18n|utils)/", "^node_modules/"] },
    },
    {
      name: "forms-server-only-to-models-auth",
      severity: "error",
      comment:
        "an app/forms .server file imports outside its layer: form reading and submission may use app/models, app/auth, app/domain, app/i18n, app/utils, app/server and other app/forms modules, never db/ directly, routes or scripts.",
      from: { path: "^app/forms/.+" + SERVER_ONLY },
      to: { path: "^(app|db|scripts|tests|bench)/", pathNot: "^app/(forms|models|auth|domain|i18n|utils|server)/" },
    },
    {
      name: "catalogues-are-leaves",
      severity: "error",
      comment:
        "app/i18n imports outside its layer: the catalogues and their formatting are read by every layer, so they may import only app/domain, app/utils and other app/i18n modules. Only locale.server.ts (which language a request is answered in, kept after sign-in) may also use app/auth and app/models.",
      from: { path: "^app/i18n/", pathNot: "^app/i18n/locale[.]server[.]ts$" },
      to: { path: "^(app|db|scripts|tests|bench)/", pathNot: "^app/(i18n|domain|utils)/" },
    },
    {
      name: "auth-only-to-models-db-domain-utils",
      severity: "error",
      comment:
        "app/auth imports outside its layer: sessions, passwords, permissions and guards may import only app/models, db/, app/domain, app/utils, app/i18n, app/server plumbing and other app/auth modules, never routes, forms or ui.",
      from: { path: "^app/auth/" },
      to: { path: "^(app|db|scripts|tests|bench)/", pathNot: ["^app/(auth|models|domain|utils|i18n|server)/", "^db/"] },
    },
    {
      name: "models-only-to-db-domain-utils",
      severity: "error",
      comment:
        "a model imports outside its layer: app/models may import only db/, app/domain, app/utils, the catalogues (app/i18n: the search index names themes and countries in every language) and other models, never routes, ui, forms, auth or server plumbing. Pass what the query needs in as arguments.",
      from: { path: "^app/models/" },
      to: { path: "^(app|db|scripts|tests|bench)/", pathNot: ["^app/(models|domain|utils|i18n)/", "^db/"] },
    },
    {
      name: "db-only-to-domain",
      severity: "error",
      comment:
        "db/ imports from app/: db/ is storage only (schema, migrations, client) and may import nothing in app/ but app/domain, so never a model, a route or a helper. Move the code that needs it to app/models or scripts/.",
      from: { path: "^db/" },
      to: { path: "^(app|scripts|tests|bench)/", pathNot: "^app/domain/" },
    },
    {
      name: "routes-not-to-kysely",
      severity: "error",
      comment: "a route imports Kysely: routes hold no SQL, not even its types. Put the query in an app/models function that takes the Db, and call it with context.db.",
      from: { path: "^app/routes/" },
      to: { path: "^node_modules/kysely/" },
    },
    {
      name: "routes-not-to-db",
      severity: "error",
      comment:
        "a route imports db/: routes reach storage only through app/models (and the Db on context.db). Lists and domain types come from app/domain; the `Db` type comes from db/client as `import type`.",
      from: { path: "^app/routes/" },
      to: { path: "^db/", pathNot: "^db/client\\.ts$" },
    },
    {
      name: "routes-not-to-db-client",
      severity: "error",
      comment: "a route imports db/client at run time: routes get the database as context.db and reach storage only through app/models. Only `import type { Db } from db/client` is allowed here.",
      from: { path: "^app/routes/" },
      to: { path: "^db/client\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "utils-are-leaves",
      severity: "error",
      comment:
        "app/utils imports a higher layer: utils are leaf helpers (markdown, diff, slug, mail …) and may import only app/domain, app/i18n, other utils and npm packages, never models, auth, routes, ui, forms, server plumbing, db/ or scripts/.",
      from: { path: "^app/utils/" },
      to: { path: "^(app|db|scripts|tests|bench)/", pathNot: "^app/(utils|domain|i18n)/" },
    },
    {
      name: "domain-imports-only-domain",
      severity: "error",
      comment:
        "app/domain imports outside itself: the vocabulary is isomorphic and the bottom layer, so it may import only other app/domain files and npm packages (no Node built-ins, nothing else in app/, no db/).",
      from: { path: "^app/domain/" },
      to: { pathNot: ["^app/domain/", "^node_modules/"] },
    },
    {
      name: "nothing-imports-routes",
      severity: "error",
      comment: "a module imports a route: nothing but tests imports from app/routes. Move what is shared into app/ui, app/forms, app/models or app/utils.",
      from: { pathNot: ["^tests/", "^app/routes/"] },
      to: { path: "^app/routes/" },
    },
    {
      name: "routes-not-to-other-routes",
      severity: "error",
      comment:
        "a route imports another route module at run time: each route module is the entry of its own page. Move what is shared into app/ui, app/forms, app/models or app/utils (an `import type` of a loader, for useRouteLoaderData<typeof loader>, is fine).",
      // Route modules only: the private pieces beside a folder's route.tsx import each other freely.
      // (A `$1` group cannot say "same folder" here: route names hold `$`, which the group would paste into the regex.)
      from: { path: "^app/routes/" },
      to: { path: ["^app/routes/[^/]+\\.tsx?$", "^app/routes/[^/]+/route\\.tsx?$"], dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(build|public/build|data|test-results|playwright-report)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".js", ".jsx", ".cjs", ".mjs", ".d.ts", ".json"],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
