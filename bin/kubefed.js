#!/usr/bin/env node
// CommonJS (bin/package.json), so this line runs before anything has used libuv's thread pool:
// init generates its keys there while it reads files and loads code, which must not queue behind them.
process.env.UV_THREADPOOL_SIZE ??= '8';
// The bundle reads Node's built-in modules with process.getBuiltinModule (scripts/build.mjs).
if (typeof process.getBuiltinModule !== 'function') {
  process.stderr.write(`error: kubefed needs Node.js 20.16 or newer within 20.x, or 22.3 or newer, and this is ${process.version}; install one of those\n`);
  process.exit(1);
}
// dist/ is CommonJS too (scripts/build.mjs): loading it does not start Node's ESM loader.
require('../dist/main.js').main();
