import fs from "node:fs";
import http from "node:http";

// The reference: a bare node:http server answering every request with the same bytes as the
// app's floor page. Run as its own process so it does not share the load generator's loop.
const [bodyFile, port] = process.argv.slice(2);
const body = fs.readFileSync(bodyFile!);
http
  .createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
    res.end(body);
  })
  .listen(Number(port), "127.0.0.1", () => process.send?.("ready"));
