#!/usr/bin/env node
// CommonJS (bin/package.json), so this line runs before anything has used libuv's thread pool:
// init generates its keys there while it reads files and loads code, which must not queue behind them.
process.env.UV_THREADPOOL_SIZE ??= '8';
import('../dist/main.js').then((m) => m.main());
