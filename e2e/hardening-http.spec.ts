import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { backupDatabase } from "../db/backup";
import { courseWithCohort, insertPerson, sessionFor } from "./catalog-helpers";
import { E2E_DATABASE, E2E_PORT, ROOT } from "./support/env";
import { DEMO, DEMO_PASSWORD, expect, expectAccessible, randomIp, test } from "./support/fixtures";

// Issue 10, the HTTP server and operations: caching of personal pages, request body limits,
// refusals as 4xx with Japanese messages, return addresses, crash recovery, start-up checks.

const base = `http://127.0.0.1:${E2E_PORT}`;

// Several tests start servers of their own or send tens of megabytes: slow on a shared machine.
test.describe.configure({ timeout: 120_000 });

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A request exactly as given (Host, Origin, method, body), which fetch would not send. */
function raw(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
  port = E2E_PORT,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    // A connection of its own: after a refused body the server drops the connection.
    const req = http.request({ host: "127.0.0.1", port, method, path: url, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const form = (extra: Record<string, string> = {}) => ({
  "Content-Type": "application/x-www-form-urlencoded",
  Origin: base,
  "X-Forwarded-For": randomIp(),
  ...extra,
});

type UploadResult = { status: number; body: string; sent: number; ms: number };

/**
 * Streams `total` bytes as a chunked body until the server answers. Rarely the client's write
 * races the server's close and fails with EPIPE/ECONNRESET before the 413 is read (seen once
 * in CI): the upload is then sent once more, so the answer itself is still checked.
 */
async function chunkedUpload(url: string, total: number, headers: Record<string, string>): Promise<UploadResult> {
  try {
    return await chunkedUploadOnce(url, total, headers);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "EPIPE" && code !== "ECONNRESET") throw error;
    const started = Date.now();
    try {
      return await chunkedUploadOnce(url, total, headers);
    } catch (again) {
      const code = (again as { code?: string }).code;
      if (code !== "EPIPE" && code !== "ECONNRESET") throw again;
      // Node's client cannot read an answer once its write failed: report a connection the
      // server closed during the upload (status 0), which the caller may accept.
      return { status: 0, body: "", sent: -1, ms: Date.now() - started };
    }
  }
}

function chunkedUploadOnce(url: string, total: number, headers: Record<string, string>) {
  return new Promise<UploadResult>((resolve, reject) => {
    const started = Date.now();
    let sent = 0;
    let answered = false;
    const options = { host: "127.0.0.1", port: E2E_PORT, method: "POST", path: url, headers, agent: false };
    const req = http.request(options, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), sent, ms: Date.now() - started }),
      );
    });
    // The server closes the connection after its answer: a write after that fails, as expected.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test.describe("caching of personal data", () => {
  test("signed-in pages and files say private, no-store; public pages and assets keep their caching", async ({
    page,
    signInAs,
  }) => {
    const { cohortId } = await courseWithCohort({ title: "キャッシュ確認研修", capacity: 5 });
    const anonymous = await page.request.get("/");
    expect(anonymous.headers()["cache-control"] ?? "").not.toContain("no-store");
    const html = await anonymous.text();
    const asset = /\/build\/[^"]+\.js/.exec(html)![0];
    expect((await page.request.get(asset)).headers()["cache-control"]).toContain("immutable");

    await signInAs("staff");
    for (const url of [
      "/dashboard",
      "/",
      `/staff/cohorts/${cohortId}`,
      `/staff/cohorts/${cohortId}/roster.csv`,
      `/staff/cohorts/${cohortId}/sign-in-sheet`,
      "/dashboard.data",
    ]) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(200);
      expect(response.headers()["cache-control"], url).toBe("private, no-store");
    }
    await page.goto("/dashboard");
    await expectAccessible(page);
  });

  test("the sign-in answer itself (it sets the session cookie) is not cached", async () => {
    const response = await raw(
      "POST",
      "/login",
      form(),
      new URLSearchParams({ email: DEMO.trainee, password: DEMO_PASSWORD }).toString(),
    );
    expect(response.status).toBe(302);
    expect(response.headers["cache-control"]).toBe("private, no-store");
  });
});

test.describe("request body limits", () => {
  test("a too-large Content-Length is refused before reading, anonymous or signed in, with a Japanese 413 page", async () => {
    const person = await insertPerson("上限 確認");
    const anonymous: Record<string, string> = {};
    for (const extra of [anonymous, { Cookie: await sessionFor(person.id) }]) {
      // The body is one byte against a declared 200 MB: a server that waited for the rest would
      // never answer (the test's timeout), so an answer at all shows it refused before reading.
      for (const url of ["/login", "/account/password"]) {
        const response = await raw("POST", url, form({ "Content-Length": String(200 * 1024 * 1024), ...extra }), "x");
        expect(response.status, url).toBe(413);
        expect(response.body).toContain("送信内容が大きすぎます（64 KBまで）");
      }
    }
  });

  test("a chunked body that grows past the limit is stopped at once: 413 long before the body ends", async () => {
    const person = await insertPerson("チャンク 確認");
    const cookie = await sessionFor(person.id);
    const total = 50 * 1024 * 1024;
    const [anonymous, signedIn] = await Promise.all([
      chunkedUpload("/login", total, form()),
      chunkedUpload("/account/password", total, form({ Cookie: cookie })),
    ]);
    for (const result of [anonymous, signedIn]) {
      // The 413 page, or (when the client's write races the server's close, as seen in the
      // full suite) a connection the server closed promptly: never the whole body read.
      if (result.status !== 0) {
        expect(result.status).toBe(413);
        expect(result.body).toContain("送信内容が大きすぎます");
      }
      // The client writes only as fast as the server reads (it waits for 'drain'), so the bytes
      // it got to send bound what the server read: far from the whole 50 MB, whatever the load.
      // (Measured, not timed: a wall-clock or memory threshold fails on a busy machine.)
      expect(result.sent, `sent ${result.sent} of ${total} bytes`).toBeLessThan(total / 2);
    }
  });

  test("an import route takes its larger file, and stops a chunked upload past its own limit", async ({
    signInAs,
    page,
  }) => {
    await signInAs("staff");
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const boundary = "----e2eboundary";
    const csv = "code,name\n" + "131016,千代田区\n".repeat(100_000); // about 1.5 MB
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    );
    const headers = form({ Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` });
    const accepted = await raw("POST", "/staff/municipalities/import", headers, body);
    expect(accepted.status).not.toBe(413);
    expect(accepted.status).toBeLessThan(500);
    const tooLarge = await chunkedUpload("/staff/municipalities/import", 20 * 1024 * 1024, headers);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toContain("6 MBまで");
  });
});

test.describe("refusals are 4xx with a Japanese message", () => {
  test("JSON, text, malformed multipart and type-less bodies; Origin null; TRACE", async () => {
    const cases: [string, Record<string, string>, string, number][] = [
      ["json", { "Content-Type": "application/json" }, "{}", 415],
      ["text", { "Content-Type": "text/plain" }, "email=a", 415],
      ["no type", { "Content-Type": "" }, "email=a", 415],
      ["bad multipart", { "Content-Type": "multipart/form-data; boundary=zz" }, "garbage", 400],
    ];
    for (const [name, headers, body, status] of cases) {
      const response = await raw("POST", "/login", { ...form(), ...headers }, body);
      expect(response.status, name).toBe(status);
      expect(response.body, name).toMatch(/受け付けていません|読み取れませんでした/);
    }
    const nullOrigin = await raw(
      "POST",
      "/login",
      form({ Origin: "null", Referer: `${base}/login` }),
      "email=a%40b.jp&password=wrong-password",
    );
    // Through the Origin check to the action: the wrong password's own answer.
    expect(nullOrigin.status).toBe(409);
    expect(nullOrigin.body).toContain("パスワード");
    const crossSite = await raw("POST", "/login", form({ Origin: "https://evil.example" }), "email=a");
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).toContain("他のサイトからの送信は受け付けられません");
    const trace = await raw("TRACE", "/");
    expect(trace.status).toBe(405);
    expect(trace.body).toContain("受け付けていません");
    expect(trace.headers.allow).toBe("GET, HEAD, POST");
  });

  test("refused .data and ?_data requests say what happened in Japanese", async () => {
    const data = await raw("POST", "/login.data", { ...form(), "Content-Type": "application/json" }, "{}");
    expect(data.status).toBe(415);
    expect(data.body).toContain("この形式の送信は受け付けていません");
    expect(data.body).not.toContain("Unexpected Server Error");
    const legacy = await raw("POST", "/login?_data=routes%2Flogin", { ...form(), "Content-Type": "text/plain" }, "x");
    expect(legacy.status).toBe(415);
    expect(JSON.parse(legacy.body)).toEqual({ message: expect.stringContaining("この形式の送信は受け付けていません") });
    const tooLarge = await raw("POST", "/login.data", form({ "Content-Length": String(10 * 1024 * 1024) }), "x");
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toContain("送信内容が大きすぎます");
  });
});

test.describe("return addresses", () => {
  test("a correct sign-in with a non-ASCII redirectTo lands there; an ideographic space is no 500", async ({
    page,
    signInAs,
  }) => {
    const signIn = await raw(
      "POST",
      "/login",
      form(),
      new URLSearchParams({ email: DEMO.trainee, password: DEMO_PASSWORD, redirectTo: "/courses?q=自治体" }).toString(),
    );
    expect(signIn.status).toBe(302);
    expect(signIn.headers.location).toBe("/courses?q=%E8%87%AA%E6%B2%BB%E4%BD%93");
    await signInAs("trainee");
    const response = await page.request.get(`/login?redirectTo=${encodeURIComponent("/\u3000/x")}`, {
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toBe("/%E3%80%80/x");
    await page.goto(`/login?redirectTo=${encodeURIComponent("/courses?q=自治体")}`);
    await expect(page).toHaveURL(/\/courses\?q=%E8%87%AA%E6%B2%BB%E4%BD%93$/);
    await expectAccessible(page);
  });
});

// Extra servers of this suite, on this port's own range.
const extraPort = (n: number) => E2E_PORT + n;
const tmp = path.join(ROOT, "e2e/.tmp");

function startServer(port: number, env: Record<string, string>, wrap: string[] = []): ChildProcess {
  const [command, ...args] = [...wrap, process.execPath, "build/server/app/server.js"];
  return spawn(command!, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      COOKIE_SECURE: "false",
      LOG_LEVEL: "info",
      ...env,
    },
  });
}

const stopServer = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
};

async function ready(port: number, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if ((await raw("GET", "/healthz", {}, undefined, port)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`server on ${port} did not come up`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The pids of the server processes (cluster workers) answering on a port. */
function workers(port: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
        return environ.includes(`PORT=${port}`) && environ.some((e) => e.startsWith("SERVER_SLOT="));
      } catch {
        return false;
      }
    })
    .map(Number);
}

test.describe("operations", () => {
  test("two crashes in quick succession do not stop the service; behind a proxy, APP_ORIGIN is the origin", async () => {
    test.setTimeout(180_000);
    const port = extraPort(1);
    const file = path.join(tmp, `e2e-${port}.db`);
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    await backupDatabase(E2E_DATABASE, file);
    const server = startServer(port, {
      DATABASE_PATH: file,
      WEB_CONCURRENCY: "2",
      // http, not https: an https origin marks a public install, which refuses to start with
      // the demo accounts this copy of the e2e database holds (decision 0007).
      APP_ORIGIN: "http://portal.example.jp",
    });
    let log = "";
    server.stderr!.on("data", (c: Buffer) => (log += c.toString()));
    try {
      await ready(port);
      await expect.poll(() => workers(port).length, { timeout: 60_000 }).toBe(2);
      const first = workers(port);
      process.kill(first[0]!, "SIGKILL");
      await new Promise((r) => setTimeout(r, 1500));
      const replacement = workers(port).find((pid) => !first.includes(pid));
      if (replacement) process.kill(replacement, "SIGKILL");
      else process.kill(first[1]!, "SIGKILL");
      // The service keeps answering throughout.
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        statuses.push((await raw("GET", "/login", {}, undefined, port).catch(() => ({ status: 0 }))).status);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(
        statuses.every((s) => s === 200),
        statuses.join(" "),
      ).toBe(true);
      expect(log).toContain("starting another");
      await expect.poll(() => workers(port).length, { timeout: 60_000 }).toBe(2);

      // A proxy that rewrites Host: the public origin (APP_ORIGIN) is accepted, others not.
      const proxied = await raw(
        "POST",
        "/login",
        { ...form({ Host: "app-internal:8080", Origin: "http://portal.example.jp" }) },
        "email=a%40b.jp&password=wrong-password",
        port,
      );
      expect(proxied.status).toBe(409);
      expect(proxied.body).toContain("パスワード");
      const other = await raw("POST", "/login", form({ Origin: `http://127.0.0.1:${port}` }), "email=a", port);
      expect(other.status).toBe(403);
    } finally {
      stopServer(server);
    }
  });

  test("the server refuses to start on an unmigrated or read-only database, with one line", async () => {
    test.setTimeout(180_000);
    const empty = path.join(tmp, `e2e-${extraPort(2)}-empty.db`);
    fs.rmSync(empty, { force: true });
    fs.writeFileSync(empty, "");
    const readOnlyDir = fs.mkdtempSync("/tmp/itc-ro-");
    fs.chmodSync(readOnlyDir, 0o755);
    const readOnly = path.join(readOnlyDir, "app.db");
    await backupDatabase(E2E_DATABASE, readOnly);
    fs.chmodSync(readOnly, 0o644);
    // root writes to any file: run that server as nobody, for whom the file is read-only.
    const asNobody = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
    const runs = [
      { port: extraPort(2), file: empty, wrap: [] as string[], reason: /not migrated/ },
      { port: extraPort(3), file: readOnly, wrap: asNobody, reason: /read-?only|not writable/ },
    ];
    for (const run of runs) {
      const server = startServer(run.port, { DATABASE_PATH: run.file, WEB_CONCURRENCY: "2", HOME: "/tmp" }, run.wrap);
      let stderr = "";
      server.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
      try {
        const code = await new Promise<number | null>((resolve) => {
          server.once("exit", resolve);
          ready(run.port, 60_000).then(
            () => resolve(-1),
            () => resolve(-2),
          );
        });
        expect(code, stderr).toBe(1);
        const lines = stderr.trim().split("\n");
        expect(lines, stderr).toHaveLength(1);
        expect(lines[0]).toMatch(/^ITC研修ポータル: not starting: database .*: /);
        expect(lines[0]).toMatch(run.reason);
      } finally {
        stopServer(server);
      }
    }
    fs.rmSync(readOnlyDir, { recursive: true, force: true });
  });
});
