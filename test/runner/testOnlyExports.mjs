// Finds exports of src/** that only tests use (the guide: "no export that only tests use").
// Uses the TypeScript checker, so re-exports through index.ts barrels, `import * as ns` + `ns.name`,
// object shorthand (`{ ce, focal }`) and renames all resolve to the declaration they name.
// Two kinds are reported (values only; an exported type is part of its module's signature):
//   dead  - no src/** or webview/** code uses it at all, not even its own module: tested code that
//           never runs. Wire it in or delete it. The unit test allows none.
//   seam  - the product runs it inside its own module, and tests import it to pin it directly
//           (losses against PyTorch, percentiles against NumPy). Capped by the unit test.
// Benches count as users: they measure the product through the hooks they import.
//   node test/runner/testOnlyExports.mjs          # table
//   node test/runner/testOnlyExports.mjs --json   # [{ file, name, kind, usedBy }]
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

/** Analyses the repository; returns every src value export that only tests use. */
export function testOnlyExports() {
  const files = ['src', 'webview', 'test', 'bench'].flatMap((d) => walk(d));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: ['node', 'mocha'], noEmit: true, skipLibCheck: true, resolveJsonModule: true,
  });
  const checker = program.getTypeChecker();
  const original = (s) => (s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  /** declaration symbol -> kinds of its users: 'self' (its own module), 'product', 'bench', 'test' */
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
        const self = decl && rel(decl.getSourceFile().fileName) === f;
        // The declaration's own name is not a use.
        if (decl && !(self && decl.name === node)) {
          if (!uses.has(s)) uses.set(s, new Set());
          uses.get(s).add(self ? 'self' : kind);
        }
      }
      ts.forEachChild(node, visit);
    };
    // Re-export statements (`export * from`) are plumbing, not use.
    for (const st of sf.statements) if (!ts.isExportDeclaration(st)) visit(st);
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
      if (!(s.flags & ts.SymbolFlags.Value)) continue;
      const used = uses.get(s) ?? new Set();
      if (!used.has('test') || used.has('product') || used.has('bench')) continue;
      out.push({ file: f, name: e.getName(), kind: used.has('self') ? 'seam' : 'dead', usedBy: [...used].sort() });
    }
  }
  return out.sort((a, b) => (a.kind + a.file + a.name).localeCompare(b.kind + b.file + b.name));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const t0 = Date.now();
  const list = testOnlyExports();
  if (process.argv.includes('--json')) console.log(JSON.stringify(list));
  else {
    for (const x of list) console.log(`${x.kind}\t${x.file}\t${x.name}`);
    const dead = list.filter((x) => x.kind === 'dead').length;
    console.log(`${list.length} src exports only tests use: ${dead} dead, ${list.length - dead} seams (${Date.now() - t0} ms)`);
  }
}
