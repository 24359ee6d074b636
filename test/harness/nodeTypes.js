'use strict';
// The node and credential classes under test, loaded from the build (dist/), as n8n loads them.
const path = require('node:path');
const pkg = require('../../package.json');

const ROOT = path.join(__dirname, '..', '..');
const PACKAGE = pkg.name;

function loadClass(file) {
	const exports = require(path.join(ROOT, file));
	const name = path.basename(file).split('.')[0];
	if (!exports[name]) throw new Error(`${file} does not export ${name}`);
	return new exports[name]();
}

/** type name → credential type instance, for every credential package.json declares. */
function loadCredentialTypes() {
	const types = {};
	for (const file of pkg.n8n.credentials) {
		const type = loadClass(file);
		types[type.name] = type;
	}
	return types;
}

/** `n8n-nodes-smepay.<name>` → node type instance, plus the harness's own helper nodes. */
function loadNodeTypes(extraNodeTypes = {}) {
	const types = { ...extraNodeTypes };
	for (const file of pkg.n8n.nodes) {
		const full = path.join(ROOT, file);
		if (!require('node:fs').existsSync(full)) continue;
		const node = loadClass(file);
		types[`${PACKAGE}.${node.description.name}`] = node;
	}
	return {
		getByName(type) {
			const node = types[type];
			if (!node) throw new Error(`Unknown node type ${type}`);
			return node;
		},
		getByNameAndVersion(type) {
			return this.getByName(type);
		},
		getKnownTypes() {
			return {};
		},
	};
}

module.exports = { PACKAGE, loadCredentialTypes, loadNodeTypes };
