// Waits until the first e2e server answers /healthz (it migrates and seeds the shared
// database), so that the second server starts on a ready database.
const url = process.argv[2]!;
const deadline = Date.now() + 120_000;
for (;;) {
  try {
    if ((await fetch(url)).ok) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) {
    console.error(`gave up waiting for ${url}`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
export {};
