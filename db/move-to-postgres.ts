import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";

// Moves an SQLite install's data into a freshly migrated PostgreSQL database (README: "More
// than one machine"). Both databases must be at the same migration. Tables are copied parents
// before children (foreign keys), in batches, in one PostgreSQL transaction: a failure leaves
// the target as it was. The reference rows that migrations seed into the target (settings,
// task kinds, …) are replaced by the source's. Identity sequences are moved past the copied
// ids. Then every table is compared: row count and a hash of all rows in primary-key order.

export type TableReport = { table: string; rows: number; sourceHash: string; targetHash: string };

const SKIPPED = new Set(["kysely_migration", "kysely_migration_lock"]);
// PostgreSQL accepts at most 65,535 parameters per statement.
const MAX_PARAMETERS = 30_000;

type TableInfo = { name: string; columns: string[]; primaryKey: string[]; parents: string[]; identity: boolean };

async function sqliteTables(source: Kysely<any>): Promise<TableInfo[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(source);
  const tables: TableInfo[] = [];
  for (const { name } of rows) {
    if (SKIPPED.has(name)) continue;
    const columns = (
      await sql<{
        name: string;
        pk: number;
        type: string;
      }>`SELECT name, pk, type FROM pragma_table_info(${name})`.execute(source)
    ).rows;
    const parents = (
      await sql<{ table: string }>`SELECT "table" FROM pragma_foreign_key_list(${name})`.execute(source)
    ).rows.map((r) => r.table);
    const primaryKey = columns
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    tables.push({
      name,
      columns: columns.map((c) => c.name),
      primaryKey,
      parents: [...new Set(parents)].filter((p) => p !== name),
      // `INTEGER PRIMARY KEY` is SQLite's rowid alias: an identity column on PostgreSQL.
      identity: primaryKey.length === 1 && columns.find((c) => c.name === primaryKey[0])?.type === "INTEGER",
    });
  }
  return parentsFirst(tables);
}

/** Topological order: every table after the tables it references. */
export function parentsFirst<T extends { name: string; parents: string[] }>(tables: T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const ordered: T[] = [];
  const visit = (table: T, path: string[]) => {
    if (done.has(table.name)) return;
    if (path.includes(table.name)) throw new Error(`foreign-key cycle: ${[...path, table.name].join(" → ")}`);
    for (const parent of table.parents) {
      const p = byName.get(parent);
      if (p) visit(p, [...path, table.name]);
    }
    done.add(table.name);
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const rows = await db.selectFrom("kysely_migration").select("name").orderBy("name").execute();
  return rows.map((r) => String(r.name));
}

export async function moveToPostgres(
  source: Kysely<any>,
  target: Kysely<any>,
  log: (line: string) => void = () => {},
): Promise<TableReport[]> {
  const [fromMigrations, toMigrations] = [await appliedMigrations(source), await appliedMigrations(target)];
  if (fromMigrations.join() !== toMigrations.join())
    throw new Error(
      `both databases must be at the same migration (source: ${fromMigrations.at(-1)}, target: ${toMigrations.at(-1)}); run the migrations first`,
    );
  const people = await target
    .selectFrom("users")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  if (Number(people.n) > 0) throw new Error("the target database already has users: move into an empty database");

  const tables = await sqliteTables(source);
  await target.transaction().execute(async (trx) => {
    // Children first: clear what the target's migrations seeded.
    for (const table of [...tables].reverse()) await sql`DELETE FROM ${sql.table(table.name)}`.execute(trx);
    for (const table of tables) {
      const batch = Math.max(1, Math.floor(MAX_PARAMETERS / table.columns.length));
      let copied = 0;
      for (let offset = 0; ; offset += batch) {
        let query = source.selectFrom(table.name).select(table.columns.map((c) => sql.ref(c).as(c)));
        for (const key of table.primaryKey.length > 0 ? table.primaryKey : ["rowid"])
          query = query.orderBy(sql.ref(key));
        const rows = await query.limit(batch).offset(offset).execute();
        if (rows.length === 0) break;
        await trx.insertInto(table.name).values(rows).execute();
        copied += rows.length;
        if (rows.length < batch) break;
      }
      if (table.identity && copied > 0) {
        const key = table.primaryKey[0]!;
        await sql`SELECT setval(pg_get_serial_sequence(${table.name}, ${key}), (SELECT max(${sql.ref(key)}) FROM ${sql.table(table.name)}))`.execute(
          trx,
        );
      }
      log(`${table.name}: ${copied}`);
    }
  });
  return verify(source, target, tables);
}

async function verify(source: Kysely<any>, target: Kysely<any>, tables: TableInfo[]): Promise<TableReport[]> {
  const reports: TableReport[] = [];
  for (const table of tables) {
    const hashOf = async (db: Kysely<any>) => {
      let query = db.selectFrom(table.name).select(table.columns.map((c) => sql.ref(c).as(c)));
      for (const key of table.primaryKey.length > 0 ? table.primaryKey : table.columns)
        query = query.orderBy(sql.ref(key));
      const rows = await query.execute();
      const hash = createHash("sha256");
      for (const row of rows) hash.update(JSON.stringify(table.columns.map((c) => normalize(row[c]))) + "\n");
      return { rows: rows.length, hash: hash.digest("hex") };
    };
    const [from, to] = [await hashOf(source), await hashOf(target)];
    if (from.rows !== to.rows || from.hash !== to.hash)
      throw new Error(`${table.name} differs after the move (${from.rows} rows in SQLite, ${to.rows} in PostgreSQL)`);
    reports.push({ table: table.name, rows: from.rows, sourceHash: from.hash, targetHash: to.hash });
  }
  return reports;
}

function normalize(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (typeof value === "bigint") return Number(value);
  return value;
}
