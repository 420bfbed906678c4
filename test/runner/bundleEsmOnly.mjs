// Test and bench bundles leave packages to node_modules (`packages: 'external'`), but a package
// that ships only ESM (its `exports` has just an `import` condition, e.g. nifti-reader-js) cannot
// be require()d by a CJS bundle on Node 20: such packages are bundled instead.
import { fileURLToPath } from 'node:url';

export const ESM_ONLY_PACKAGES = ['nifti-reader-js'];

/** esbuild plugin: resolves the ESM-only packages into the bundle despite `packages: 'external'`. */
export const bundleEsmOnly = {
  name: 'bundle-esm-only',
  setup(b) {
    const filter = new RegExp(`^(${ESM_ONLY_PACKAGES.join('|')})(/|$)`);
    // Node's own ESM resolution (the `import` condition) from this project's node_modules.
    b.onResolve({ filter }, (args) => ({ path: fileURLToPath(import.meta.resolve(args.path)), external: false }));
  },
};
