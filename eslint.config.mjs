// Lint, and above all the layer rules of DEVELOPERS.md: dependencies point one way.
import tseslint from 'typescript-eslint';

const tfjs = ['@tensorflow/*'];
// Node built-ins by exact name (a pattern like 'util' would also match core/util/…), plus node:*.
const nodeNames = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'worker_threads', 'zlib', 'crypto', 'util', 'stream', 'url', 'module', 'http', 'https', 'net', 'buffer', 'process'];
const nodePaths = (message) => nodeNames.map((name) => ({ name, message }));
const node = ['node:*'];
const layer = (name) => ({ group: [`**/${name}`, `**/${name}/**`], message: `this layer must not import ${name}/` });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'dist-vsix/**', '**/*.mjs', '**/*.js', 'bench/reference/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode', ...nodePaths('core must stay browser-safe: no Node modules')], patterns: [...tfjs.map((g) => ({ group: [g], message: 'core is pure TypeScript: no tfjs' })), { group: node, message: 'core must stay browser-safe: no Node modules' }, layer('training'), layer('worker'), layer('cli'), layer('extension'), layer('webview')] }] },
  },
  {
    files: ['src/training/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-cpu', ...nodePaths('training imports core only (file access belongs to the worker)')], patterns: [{ group: node, message: 'training imports core only (file access belongs to the worker)' }, layer('worker'), layer('cli'), layer('extension'), layer('webview')] }] },
  },
  {
    files: ['src/worker/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode'], patterns: [layer('extension'), layer('webview')] }] },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...tfjs.map((g) => ({ group: [g], message: 'the host never imports tfjs: use a worker' })), layer('training'), layer('webview'), layer('cli')] }] },
  },
  {
    files: ['webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['vscode', ...nodePaths('webviews run in a browser: no Node modules')], patterns: [...tfjs.map((g) => ({ group: [g], message: 'webviews never import tfjs' })), { group: node, message: 'webviews run in a browser: no Node modules' }, layer('training'), layer('worker'), layer('cli'), layer('extension')] }] },
  },
);
