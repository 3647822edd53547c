// ESLint rules for the walls between app/features/<area>/ folders (docs/conventions.md, "Map of
// the features"; decision 0013). They read the import graph from the files on disk, once per
// lint run, with a regular expression: no type information, so they stay fast.
//
// feature-boundaries/no-cycle           an import that closes a cycle between feature folders,
//                                       or between files of one feature (tests and app/testing
//                                       are left out of the graph)
// feature-boundaries/no-private-import  an import of a feature's file marked `@internal` in its
//                                       leading comment, from outside that feature
// feature-boundaries/base-areas         a base area (vocabulary) importing any feature
import fs from "node:fs";
import path from "node:path";

const IMPORT = /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const SOURCE = /\.(ts|tsx)$/;
const LEFT_OUT = /\.test\.tsx?$/;
const EXTENSIONS = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The file an import specifier names (`~/…` is app/), or null for packages and missing files. */
export function resolveImport(root, fromFile, spec) {
  let base;
  if (spec.startsWith("~/")) base = path.join(root, "app", spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(fromFile), spec);
  else return null;
  for (const ext of EXTENSIONS) if (isFile(base + ext)) return path.normalize(base + ext);
  return null;
}

/** "catalog" for <root>/app/features/catalog/…, else null. */
function featureOf(root, file) {
  const rel = path.relative(path.join(root, "app", "features"), file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : null;
}

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (SOURCE.test(entry.name) && !LEFT_OUT.test(entry.name)) out.push(p);
  }
  return out;
}

/** Strongly connected components: a map from node to its component's id. */
function components(edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const component = new Map();
  let next = 0;
  const strong = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.set(w, v);
      } while (w !== v);
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) strong(v);
  return component;
}

/** A shortest path from `from` to `to` along `edges` (for the message). */
function pathBetween(edges, from, to) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift();
    if (v === to) break;
    for (const w of edges.get(v) ?? [])
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
  }
  const steps = [];
  for (let v = to; v !== null && v !== undefined; v = previous.get(v)) steps.unshift(v);
  return steps;
}

const graphs = new Map();

/** The import graph of <root>/app/features, folder level and file level, built once per root. */
function graphOf(root) {
  const cached = graphs.get(root);
  if (cached) return cached;
  const features = new Map();
  const files = new Map();
  for (const file of walk(path.join(root, "app", "features"))) {
    const from = featureOf(root, file);
    if (!features.has(from)) features.set(from, new Set());
    files.set(file, new Set());
    for (const m of fs.readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = resolveImport(root, file, m[1] ?? m[2]);
      const to = target && featureOf(root, target);
      if (!to) continue;
      if (to !== from) features.get(from).add(to);
      else files.get(file).add(target);
    }
  }
  const graph = { features, files, featureSet: components(features), fileSet: components(files) };
  graphs.set(root, graph);
  return graph;
}

const internal = new Map();

/** Whether the file's leading comments say `@internal`. */
function isInternal(file) {
  if (!internal.has(file)) {
    const head = /^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/))*/.exec(fs.readFileSync(file, "utf8"))[0];
    internal.set(file, /@internal\b/.test(head));
  }
  return internal.get(file);
}

/** Calls `check(node, specifier)` for every import, re-export and dynamic import. */
function onImports(check) {
  const source = (node) => {
    if (node.source && typeof node.source.value === "string") check(node.source, node.source.value);
  };
  return {
    ImportDeclaration: source,
    ExportNamedDeclaration: source,
    ExportAllDeclaration: source,
    ImportExpression: source,
  };
}

const rootOption = {
  type: "array",
  items: [{ type: "object", properties: { root: { type: "string" } }, additionalProperties: false }],
};
const rootOf = (context) => context.options[0]?.root ?? context.cwd;
const relative = (root, file) =>
  path
    .relative(path.join(root, "app", "features"), file)
    .split(path.sep)
    .join("/");

const noCycle = {
  meta: {
    type: "problem",
    docs: { description: "No import cycle between feature folders, nor between the files of one feature." },
    schema: rootOption.items,
    messages: {
      features:
        "Import cycle between features: {{cycle}}. Move the shared word to features/vocabulary/, or compose both in a higher area (docs/conventions.md).",
      files: "Import cycle between files of the feature: {{cycle}}. Move the part both need into a file of its own.",
    },
  },
  create(context) {
    const root = rootOf(context);
    const file = context.filename;
    const from = featureOf(root, file);
    if (!from || LEFT_OUT.test(file)) return {};
    return onImports((node, spec) => {
      const target = resolveImport(root, file, spec);
      const to = target && featureOf(root, target);
      if (!to) return;
      const g = graphOf(root);
      if (to !== from) {
        if (g.featureSet.get(from) !== undefined && g.featureSet.get(from) === g.featureSet.get(to))
          context.report({
            node,
            messageId: "features",
            data: { cycle: pathBetween(g.features, to, from).concat(to).join(" → ") },
          });
      } else if (g.fileSet.get(file) !== undefined && g.fileSet.get(file) === g.fileSet.get(target)) {
        const cycle = pathBetween(g.files, target, file).concat(target);
        context.report({ node, messageId: "files", data: { cycle: cycle.map((f) => relative(root, f)).join(" → ") } });
      }
    });
  },
};

const noPrivateImport = {
  meta: {
    type: "problem",
    docs: { description: "Only a feature's own files import its files marked @internal." },
    schema: rootOption.items,
    messages: {
      internal: "{{file}} is internal to the {{feature}} feature (marked @internal): use what it exports publicly.",
    },
  },
  create(context) {
    const root = rootOf(context);
    const file = context.filename;
    return onImports((node, spec) => {
      const target = resolveImport(root, file, spec);
      const to = target && featureOf(root, target);
      if (!to || featureOf(root, file) === to || !isInternal(target)) return;
      context.report({ node, messageId: "internal", data: { file: relative(root, target), feature: to } });
    });
  },
};

const baseAreas = {
  meta: {
    type: "problem",
    docs: { description: "Base areas (the shared vocabulary) import no feature." },
    schema: [
      {
        type: "object",
        properties: { root: { type: "string" }, areas: { type: "array", items: { type: "string" } } },
        additionalProperties: false,
      },
    ],
    messages: { base: "features/{{from}} is shared by every feature and must not import features/{{to}}." },
  },
  create(context) {
    const root = rootOf(context);
    const areas = context.options[0]?.areas ?? ["vocabulary"];
    const file = context.filename;
    const from = featureOf(root, file);
    if (!from || !areas.includes(from)) return {};
    return onImports((node, spec) => {
      const target = resolveImport(root, file, spec);
      const to = target && featureOf(root, target);
      if (to && to !== from) context.report({ node, messageId: "base", data: { from, to } });
    });
  },
};

export default {
  meta: { name: "feature-boundaries" },
  rules: { "no-cycle": noCycle, "no-private-import": noPrivateImport, "base-areas": baseAreas },
};
