#!/usr/bin/env node
// The `access-ledger` command. The TypeScript sources are bundled into dist/ by `npm run build`
// (which `npm install` runs through the prepare script).
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', '..', 'dist', 'cli.cjs');
if (!fs.existsSync(built)) {
  process.stderr.write('access-ledger: not built yet; run `npm run build` in ' + path.join(__dirname, '..', '..') + '\n');
  process.exit(1);
}
require(built).main(process.argv.slice(2));
