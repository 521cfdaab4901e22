// Builds kubefed's runnable output with esbuild (tsc only type-checks: `npm run typecheck`).
//   node scripts/build.mjs            the CLI: dist/main.js plus its chunks (what bin/kubefed.js loads)
//   node scripts/build.mjs emulator   the API emulator for the demo, the sandbox and the bench: .build/emulator/
//   node scripts/build.mjs sea        one file, dist-sea/kubefed.cjs, the input of `npm run build:sea`
//   --outdir DIR                      writes there instead (tests stage their own copies)
//
// The CLI is a code-split bundle: every dependency is inlined, and each dynamic import (a
// command's definition and run, the client layer with @kubernetes/client-node, zod for --config)
// becomes its own chunk, so `kubefed --help` parses only the few chunks it needs. A single-file
// bundle would make every start parse all of client-node.
//
// esbuild splits only ESM output, but the CLI runs as CommonJS: each file of the split output is
// then rewritten to CommonJS (`require` for its imports, a promise of `require` for its dynamic
// imports), and dist/package.json says so. Loaded that way, a start does not set up Node's ESM
// loader, which was about 10 ms of every `kubefed --help` and `kubefed version`.
import { build, transform } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeRequire = createRequire(import.meta.url);
const args = process.argv.slice(2);
const outdirAt = args.indexOf('--outdir');
const outdirArg = outdirAt >= 0 ? args.splice(outdirAt, 2)[1] : undefined;
const target = args[0] ?? 'cli';

/**
 * Builds into a fresh folder beside `outdir` and swaps it in, so a kubefed already running from
 * the old output never finds a half-written folder.
 */
async function swapIn(outdir, write) {
  const fresh = `${outdir}.new-${process.pid}`;
  const old = `${outdir}.old-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(dirname(outdir), { recursive: true });
  await write(fresh);
  try {
    renameSync(outdir, old);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  renameSync(fresh, outdir);
  rmSync(old, { recursive: true, force: true });
}

// commander and parts of client-node are CommonJS: in the emulator's ESM bundle their `require`
// of Node's built-ins needs a real `require`.
const REQUIRE_BANNER = "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);";

// An ESM import of a Node built-in makes Node build a module namespace of all its exports (a few
// ms each for node:fs, node:module, node:os, ...): while the bundle ran as ES modules, every start
// paid that for each built-in its chunks name. In the CLI's bundle such an import reads the module
// with process.getBuiltinModule instead (Node 20.16+ or 22.3+, checked by bin/kubefed.js): a small
// module per importing file (so that it lands in that file's chunk, not in a chunk of its own),
// whose unused names the bundler drops. Now that the output is CommonJS (toCommonJs below), a
// plain `require` of a built-in builds no namespace either: paired runs with and without this
// plugin on the CommonJS bundle were within noise of each other.
const builtinsDirect = {
  name: 'builtins-direct',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (args.kind !== 'import-statement' || !isBuiltin(args.path)) return undefined;
      const spec = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
      return { path: `${spec}#${args.importer}`, namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const spec = args.path.slice(0, args.path.indexOf('#'));
      const names = Object.keys(nodeRequire(spec)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      const lines = [`const __builtin = process.getBuiltinModule(${JSON.stringify(spec)});`, 'const __pick = (name) => __builtin[name];', 'export default __builtin;'];
      for (const name of names) lines.push(`export const ${name} = /* @__PURE__ */ __pick(${JSON.stringify(name)});`);
      return { contents: `${lines.join('\n')}\n`, loader: 'js' };
    });
  },
};

// client-node's (ws') optional native helpers and node-fetch's optional `encoding`: they are
// required inside try/catch at run time, so they stay external and their absence is harmless.
const OPTIONAL = ['bufferutil', 'utf-8-validate', 'encoding'];

// client-node's modules only define things: marked free of side effects, the bundle keeps only
// the parts src/k8s/client-node-parts.ts names and what they use.
//
// Two of those parts the CLI never uses at run time, and they are most of what loading the client
// costs, so its bundles (not the emulator's) leave them out:
// - the typed models (718 classes, ~700 KB): the client sends its own JSON and returns the
//   server's answer as written (src/k8s/client.ts), so client-node's serializer never needs them.
//   Its serializer stays, with an empty type map: every type is then passed through as is, which
//   is what it already does for kinds it does not know (custom resources).
// - whatwg-url (with tr46's Unicode tables), which node-fetch uses only where the platform has no
//   URL class; Node has one, so node-fetch's own fallback expression picks it.
// The build fails if client-node's files no longer look as these rewrites expect.
const CLIENT_NODE = join(root, 'node_modules', '@kubernetes', 'client-node', 'dist');
const TYPE_MAP = /^let typeMap = \{[\s\S]*?^\};$/m;
const MODEL_REEXPORT = /^export \* from '\.\.\/models\/[A-Za-z0-9]+\.js';$/gm;
const clientNodeParts = (lean) => ({
  name: 'client-node-parts',
  setup(b) {
    b.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: join(CLIENT_NODE, 'index.js'), sideEffects: false }));
    b.onResolve({ filter: /^\.\.?\// }, (args) => (args.importer.startsWith(CLIENT_NODE) ? { path: join(args.resolveDir, args.path), sideEffects: false } : undefined));
    // The emulator keeps the models: it reads their attribute maps (test/emulator/unknown-fields.ts).
    if (!lean) return;
    b.onLoad({ filter: /[\\/]gen[\\/]models[\\/]ObjectSerializer\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const reexports = text.match(MODEL_REEXPORT)?.length ?? 0;
      if (!TYPE_MAP.test(text) || reexports < 100) throw new Error(`${args.path}: no type map or model re-exports where the build expects them; update clientNodeParts in scripts/build.mjs`);
      return { contents: text.replace(MODEL_REEXPORT, '').replace(TYPE_MAP, 'let typeMap = {};'), loader: 'js' };
    });
    b.onResolve({ filter: /^whatwg-url$/ }, (args) => (args.importer.includes(`${join('node_modules', 'node-fetch')}`) ? { path: 'whatwg-url', namespace: 'kubefed' } : undefined));
    b.onLoad({ filter: /^whatwg-url$/, namespace: 'kubefed' }, () => ({ contents: 'module.exports = { URL: globalThis.URL };', loader: 'js' }));
  },
});

// commander requires node:child_process at load, for executable subcommands kubefed never has:
// loading it (and net, dgram with it) is a few ms of every start, `--help` included. commander gets
// a stand-in that loads the real module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (args.importer.includes('/node_modules/commander/') ? { path: 'lazy-child-process', namespace: 'kubefed' } : undefined));
    b.onLoad({ filter: /^lazy-child-process$/, namespace: 'kubefed' }, () => ({
      contents: "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

const common = {
  plugins: [clientNodeParts(true), lazyChildProcess],
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: OPTIONAL,
  logLevel: 'warning',
  legalComments: 'none',
  // Silences esbuild's note about `require` being redeclared by the banner in CommonJS wrappers.
  logOverride: { 'different-path-case': 'silent' },
};

async function cli() {
  await swapIn(outdirArg ?? join(root, 'dist'), (outdir) => build({
    ...common,
    plugins: [clientNodeParts(true), lazyChildProcess, builtinsDirect],
    entryPoints: { main: join(root, 'src', 'main.ts') },
    outdir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minifySyntax: true,
    minifyWhitespace: true,
  }).then(() => toCommonJs(outdir)));
}

/**
 * Rewrites each file of a split ESM build to CommonJS in place. The files stay in strict mode, as
 * ESM is; bundled CommonJS packages reach `require` through esbuild's own shim, which finds the
 * module's real one. A file that cannot be expressed as CommonJS (top-level await) fails the build.
 */
async function toCommonJs(outdir) {
  const files = readdirSync(outdir, { recursive: true }).filter((name) => name.endsWith('.js'));
  await Promise.all(files.map(async (name) => {
    const path = join(outdir, name);
    const { code } = await transform(readFileSync(path, 'utf8'), {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      supported: { 'dynamic-import': false },
      banner: '"use strict";',
      minifySyntax: true,
      minifyWhitespace: true,
      sourcefile: path,
    });
    writeFileSync(path, code);
  }));
  writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
}

async function emulator() {
  await swapIn(outdirArg ?? join(root, '.build', 'emulator'), (outdir) => build({
    ...common,
    plugins: [clientNodeParts(false), lazyChildProcess],
    // whatwg-url (inside client-node) asks for `punycode`, which would be Node's built-in module:
    // deprecated, and from Node 22 on a warning in the middle of the demo's and sandbox's output.
    // The package of that name is the same code without the warning.
    alias: { punycode: 'punycode/' },
    entryPoints: { index: join(root, 'test', 'emulator', 'index.ts') },
    outdir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: REQUIRE_BANNER },
  }));
}

// A single executable application runs one CommonJS script with no module loader for files, so
// the SEA input is one file; dynamic imports are inlined into it.
async function sea() {
  const outdir = outdirArg ?? join(root, 'dist-sea');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...common,
    stdin: { contents: "import { main } from './src/main.ts'; void main();", resolveDir: root, loader: 'ts', sourcefile: 'sea-main.ts' },
    outfile: join(outdir, 'kubefed.cjs'),
    format: 'cjs',
    minifySyntax: true,
    minifyWhitespace: true,
    // import.meta.url is read by nothing the CLI runs; define it so esbuild does not warn.
    define: { 'import.meta.url': '__kubefedSeaUrl' },
    // As bin/kubefed.js: a thread pool with room for init's key generation beside file reads.
    banner: { js: "process.env.UV_THREADPOOL_SIZE ??= '8'; const __kubefedSeaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  writeFileSync(join(outdir, 'sea-config.json'), `${JSON.stringify({ main: join(outdir, 'kubefed.cjs'), output: join(outdir, 'sea-prep.blob'), disableExperimentalSEAWarning: true }, null, 2)}\n`);
}

const started = process.hrtime.bigint();
const steps = { cli, emulator, sea };
if (!steps[target]) {
  console.error(`unknown build target "${target}"; use one of: ${Object.keys(steps).join(', ')}`);
  process.exit(2);
}
await steps[target]();
console.error(`built ${target} in ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms`);
