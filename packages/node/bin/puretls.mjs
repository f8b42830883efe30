#!/usr/bin/env node
// The `puretls` command from the sources (development): tsx loads the TypeScript on Node 20. The
// published command is dist/cli/bin.js, compiled from the same src/cli/bin.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
