// Lists value exports of src/** that tests or benches import but no src/** or webview/** file uses:
// the guide's "no export that only tests use". Uses the TypeScript checker, so re-exports through
// index.ts barrels, `import * as ns` + `ns.name`, renames and type-only uses all resolve to the
// declaration they name.
//   node test/runner/testOnlyExports.mjs          # table
//   node test/runner/testOnlyExports.mjs --json   # [{ file, name, usedBy }]
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Modules whose exports a runtime calls by convention (package.json `main`, the worker/CLI entries). */
const ENTRY_POINTS = new Set(['src/extension/extension.ts', 'src/worker/worker.ts', 'src/cli/cli.ts']);

function walk(dir, out = []) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return out;
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) walk(rel, out);
    else if (/\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name)) out.push(path.join(root, rel));
  }
  return out;
}

const rel = (f) => path.relative(root, f).split(path.sep).join('/');
const kindOf = (f) => (/^(src|webview)\//.test(f) ? 'product' : /^bench\//.test(f) ? 'bench' : 'test');

/** Analyses the repository; returns every src value export that only tests/benches use. */
export function testOnlyExports() {
  const files = ['src', 'webview', 'test', 'bench'].flatMap((d) => walk(d));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: ['node', 'mocha'], noEmit: true, skipLibCheck: true, allowJs: false, resolveJsonModule: true,
  });
  const checker = program.getTypeChecker();
  const original = (s) => (s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  /** declaration symbol -> set of 'product' | 'bench' | 'test' */
  const uses = new Map();
  for (const sf of program.getSourceFiles()) {
    const f = rel(sf.fileName);
    if (f.startsWith('..') || f.includes('node_modules')) continue;
    const kind = kindOf(f);
    const visit = (node) => {
      if (ts.isIdentifier(node)) {
        const shorthand = ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node;
        const s = original(shorthand ? checker.getShorthandAssignmentValueSymbol(node.parent) : checker.getSymbolAtLocation(node));
        const decl = s?.declarations?.[0];
        // Same-file uses count as 'self' (the declaration's own name is not a use).
        const self = decl && rel(decl.getSourceFile().fileName) === f;
        if (decl && !(self && (decl.name === node || decl.getStart() === node.getStart()))) {
          if (!uses.has(s)) uses.set(s, new Set());
          uses.get(s).add(self ? 'self' : kind);
        }
      }
      ts.forEachChild(node, visit);
    };
    // Re-export statements (`export * from`) are plumbing, not use.
    for (const st of sf.statements) if (!(ts.isExportDeclaration(st))) visit(st);
  }
  const out = [];
  for (const sf of program.getSourceFiles()) {
    const f = rel(sf.fileName);
    if (!f.startsWith('src/') || ENTRY_POINTS.has(f)) continue;
    const mod = checker.getSymbolAtLocation(sf);
    if (!mod) continue;
    for (const e of checker.getExportsOfModule(mod)) {
      const s = original(e);
      const decl = s.declarations?.[0];
      if (!decl || rel(decl.getSourceFile().fileName) !== f) continue; // a re-export: judged where declared
      const used = uses.get(s) ?? new Set();
      // Values only: an exported type that only its own module uses is part of that module's signature.
      const value = (s.flags & (ts.SymbolFlags.Value)) !== 0;
      const outside = [...used].filter((k) => k !== 'self');
      if (value && outside.length && !used.has('product')) out.push({ file: f, name: e.getName(), usedBy: [...used].sort() });
    }
  }
  return out.sort((a, b) => (a.file + a.name).localeCompare(b.file + b.name));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const t0 = Date.now();
  const list = testOnlyExports();
  if (process.argv.includes('--json')) console.log(JSON.stringify(list, null, 1));
  else {
    for (const x of list) console.log(`${x.file}\t${x.name}\t${x.usedBy.join(',') || 'unused'}`);
    console.log(`${list.length} value exports of src/** used only by tests or benches (${Date.now() - t0} ms)`);
  }
}
