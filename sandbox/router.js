// @ts-check
'use strict';
// Path → handler lookup: exact paths through a Map, parameterised ones through a short regex list.

/**
 * @typedef {[string, string | RegExp, Function, ('test'|'live')?]} RouteDef
 * @param {RouteDef[]} defs
 */
function createRouter(defs) {
	/** @type {Map<string, Map<string, { handler: Function, only?: string }>>} */
	const exact = new Map();
	/** @type {Array<{ method: string, re: RegExp, handler: Function, only?: string }>} */
	const patterns = [];
	for (const [method, path, handler, only] of defs) {
		if (typeof path === 'string') {
			if (!exact.has(path)) exact.set(path, new Map());
			/** @type {Map<string, any>} */ (exact.get(path)).set(method, { handler, only });
		} else patterns.push({ method, re: path, handler, only });
	}
	/**
	 * @param {string} method @param {string} path @param {'test'|'live'} host
	 * @returns {{ handler: Function, params: Record<string, string> } | { methodNotAllowed: true } | null}
	 */
	return function route(method, path, host) {
		const byMethod = exact.get(path);
		if (byMethod) {
			const hit = byMethod.get(method);
			if (hit && (!hit.only || hit.only === host)) return { handler: hit.handler, params: {} };
			if ([...byMethod.values()].some((r) => !r.only || r.only === host)) return { methodNotAllowed: true };
			return null;
		}
		let wrongMethod = false;
		for (const p of patterns) {
			if (p.only && p.only !== host) continue;
			const m = p.re.exec(path);
			if (!m) continue;
			if (p.method !== method) {
				wrongMethod = true;
				continue;
			}
			/** @type {Record<string, string>} */
			const params = {};
			for (const [k, v] of Object.entries(m.groups || {})) params[k] = decodeURIComponent(v);
			return { handler: p.handler, params };
		}
		return wrongMethod ? { methodNotAllowed: true } : null;
	};
}

module.exports = { createRouter };
