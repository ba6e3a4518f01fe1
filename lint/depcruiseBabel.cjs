// Babel setup dependency-cruiser reads TypeScript with: only the dependency-statement plugin, no other config.
'use strict';
const path = require('node:path');

module.exports = { babelrc: false, configFile: false, plugins: [path.join(__dirname, 'dependencyStatements.cjs')] };
