'use strict';
// Looks for secrets anywhere inside an error: every own property (enumerable or not: `cause`,
// `stack`, a request's headers and body), every layer of causes, every nested object.

/** The secrets of `secrets` found in `value`, with where: [] when none is there. */
function secretsFound(value, secrets) {
	const found = [];
	const seen = new Set();
	const visit = (node, path, depth) => {
		if (typeof node === 'string') {
			for (const secret of secrets) if (node.includes(secret)) found.push(`${path}: ${secret}`);
			return;
		}
		if (!node || typeof node !== 'object' || seen.has(node) || depth > 12) return;
		seen.add(node);
		if (Buffer.isBuffer(node)) return visit(node.toString('utf8'), path, depth);
		for (const key of Object.getOwnPropertyNames(node)) {
			let inner;
			try {
				inner = node[key];
			} catch {
				continue;
			}
			visit(inner, `${path}.${key}`, depth + 1);
		}
	};
	visit(value, 'error', 0);
	if (value && typeof value.toJSON === 'function') visit(JSON.stringify(value), 'toJSON', 0);
	return found;
}

module.exports = { secretsFound };
