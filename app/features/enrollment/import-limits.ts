// Limits of a roster CSV import. Not in roster-csv.server.ts: the import page shows them, and
// a value imported from a .server module is undefined in the browser (the page rendered
// 「行・1MBまで」 after hydration, with React error #418).
export const IMPORT_MAX_BYTES = 1024 * 1024;
export const IMPORT_MAX_ROWS = 1000;
