#!/usr/bin/env node
// The `puretls` command: compiled to dist/cli/bin.js and run by plain node; the dev launcher
// (bin/puretls.mjs) runs this file through tsx.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
