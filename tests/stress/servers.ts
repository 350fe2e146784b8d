import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

/** A port nothing listens on just now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export type Server = ChildProcess & { url: string; exited: Promise<unknown>; stderr: NonNullable<ChildProcess["stderr"]>; output: () => string };

/**
 * Starts the production build (server.js) on a database: a SQLite file (DATABASE_PATH) or a
 * PostgreSQL URL (DATABASE_URL), the one chosen and the other unset. Resolves when /healthz
 * answers.
 */
export async function startServer(database: string, port: number, env: Record<string, string> = {}): Promise<Server> {
  const where = /^postgres(ql)?:\/\//.test(database) ? { DATABASE_URL: database, DATABASE_PATH: "" } : { DATABASE_PATH: database, DATABASE_URL: "" };
  const spawned = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, ...where, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", SMTP_URL: "", APP_ORIGIN: "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  spawned.stderr!.on("data", (d) => (output += d));
  // Listened for at once: a killed process may be gone before anyone asks.
  const exited = new Promise((r) => spawned.once("exit", r));
  const url = `http://127.0.0.1:${port}`;
  const child = Object.assign(spawned, { url, exited, output: () => output }) as Server;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return child;
    } catch {
      /* starting */
    }
    if (spawned.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  spawned.kill("SIGKILL");
  throw new Error(`server did not start: ${output}`);
}

/** Stops a server as a deployment would (SIGTERM) and waits for it to go. */
export async function stopServer(server: Server) {
  if (server.exitCode === null) server.kill("SIGTERM");
  await server.exited;
}
