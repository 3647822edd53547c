import type { Compilable, CompiledQuery } from "kysely";
import { engineOf, type Database, type Engine } from "~/db.server";

/**
 * Stands for one argument while a prepared query is built. It is a parameter to the query
 * builder and nothing else: used as a number or a string in JavaScript it throws, so a
 * misuse shows at the first call. Its truthiness cannot be trapped (an object is always
 * true), so a branch on an argument is caught another way: see `checkShape`.
 */
class Slot {
  constructor(readonly name: string) {}
  [Symbol.toPrimitive](): never {
    throw new Error(`prepared query: argument "${this.name}" is used in JavaScript; pass it to the query builder only`);
  }
}

/** Production runs each prepared query as compiled; tests and development also check its shape. */
const CHECK_SHAPE = process.env.NODE_ENV !== "production";

const slots = new Proxy({} as Record<string, unknown>, {
  get: (_target, name) => (typeof name === "string" ? new Slot(name) : undefined),
});

/**
 * A query of a hot page, built and compiled once, executed with new arguments each time.
 * Kysely builds an immutable tree and compiles it to SQL on every call: for the cohort header
 * or a roster page that is 60–100 µs before SQLite sees the query, more than the query itself
 * (measured on the bench fixture, decision 0004). Same builder, same types; only the
 * arguments change. Arguments are values (ids, dates, limits), never lists or shapes.
 */
export function preparedQuery<Args extends Record<string, unknown>, O>(
  build: (db: Database, args: Args) => Compilable<O>,
  options: { checkShape?: boolean } = {},
) {
  // Compiled once per engine: the SQL text (placeholders, quoting) is the engine's own.
  const compiledFor: Partial<Record<Engine, CompiledQuery<O>>> = {};
  const checkShape = options.checkShape ?? CHECK_SHAPE;
  const bind = (db: Database, args: Args): CompiledQuery<O> => {
    const compiled = (compiledFor[engineOf(db)] ??= build(db, slots as Args).compile());
    const parameters = compiled.parameters.map((p) => {
      if (!(p instanceof Slot)) return p;
      if (!(p.name in args) || args[p.name] === undefined)
        throw new Error(`prepared query: missing argument "${p.name}"`);
      return args[p.name];
    });
    // Outside production every call also builds the query from its real arguments: a `build`
    // that branches on an argument (`if (a.status)`, `a.kind === "x"`) compiles to other SQL
    // for some values than for the placeholders, and the tests fail on the first such call
    // instead of the page silently running the placeholders' shape.
    if (checkShape) {
      const direct = build(db, args).compile();
      if (direct.sql !== compiled.sql)
        throw new Error(
          "prepared query: its SQL depends on an argument's value (a branch in build); write one prepared query per shape",
        );
    }
    return { ...compiled, parameters };
  };
  return {
    async execute(db: Database, args: Args): Promise<O[]> {
      return (await db.executeQuery(bind(db, args))).rows;
    },
    async executeTakeFirst(db: Database, args: Args): Promise<O | undefined> {
      return (await db.executeQuery(bind(db, args))).rows[0];
    },
  };
}
