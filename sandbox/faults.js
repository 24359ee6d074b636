// @ts-check
'use strict';
// Fault injection rules. At most one rule fires per API request: the first whose match hits, whose
// `skip` is used up, that is not exhausted (`times`, 0 = always) and that wins its `probability` draw.
// A `status` rule may answer `html` (a page, as a proxy would) instead of a JSON `body`; with
// `forward` it is a gateway that gives up on the request while SMEPay goes on processing it.
// `tamper` lets the request through and rewrites fields of the real JSON answer: `set` maps dotted
// paths to new values ({ 'data.amount': 99 }), `remove` lists dotted paths to delete.
// `hold` keeps the request unanswered until POST /_sandbox/faults/release (or the faults are
// cleared), then answers it as usual: a test can have look-ups pile up for as long as it needs.
// `trickle` answers as usual, but sends the answer's body one byte every `intervalMs` (a stalled
// proxy or a slow network): the connection is never idle, so a timeout on idleness never fires.

const ACTIONS = ['status', 'drop', 'dropAfter', 'delay', 'hold', 'expireTokens', 'tamper', 'garble', 'trickle'];

/** @param {string} message */
function ruleError(message) {
	const err = new Error(message);
	/** @type {any} */ (err).status = 400;
	return err;
}

/**
 * Check and normalise a rule posted to /_sandbox/faults.
 * @param {Record<string, any>} state @param {any} input
 */
function addFault(state, input) {
	if (!input || typeof input !== 'object') throw ruleError('fault rule must be an object');
	const match = input.match || {};
	if (typeof match !== 'object') throw ruleError('match must be an object');
	if (!ACTIONS.includes(input.action)) throw ruleError(`action must be one of ${ACTIONS.join(', ')}`);
	if (match.host !== undefined && !['test', 'live'].includes(match.host)) throw ruleError("match.host must be 'test' or 'live'");
	if (match.path !== undefined && typeof match.path !== 'string') throw ruleError('match.path must be a string (prefix or /regex/)');
	/** @type {RegExp | null} */
	let pathRe = null;
	if (typeof match.path === 'string' && match.path.length > 2 && match.path.startsWith('/') && match.path.endsWith('/')) {
		try {
			pathRe = new RegExp(match.path.slice(1, -1));
		} catch (e) {
			throw ruleError(`match.path is not a valid regex: ${/** @type {Error} */ (e).message}`);
		}
	}
	if (input.action === 'status' && !(Number.isInteger(input.status) && input.status >= 100 && input.status <= 599)) {
		throw ruleError('action status needs status: an HTTP code');
	}
	if (input.action === 'tamper') {
		const set = input.set ?? {};
		const remove = input.remove ?? [];
		if (typeof set !== 'object' || Array.isArray(set) || !Array.isArray(remove) || remove.some((p) => typeof p !== 'string')) {
			throw ruleError('action tamper needs set: { "dotted.path": value } and/or remove: ["dotted.path"]');
		}
		if (Object.keys(set).length === 0 && remove.length === 0) throw ruleError('action tamper needs set or remove');
	}
	if (input.action === 'delay' && !(typeof input.delayMs === 'number' && input.delayMs >= 0)) throw ruleError('action delay needs delayMs');
	if (input.action === 'trickle' && !(typeof input.intervalMs === 'number' && input.intervalMs >= 0)) throw ruleError('action trickle needs intervalMs');
	for (const key of ['times', 'skip']) {
		if (input[key] !== undefined && !(Number.isInteger(input[key]) && input[key] >= 0)) throw ruleError(`${key} must be an integer >= 0`);
	}
	if (input.probability !== undefined && !(typeof input.probability === 'number' && input.probability >= 0 && input.probability <= 1)) {
		throw ruleError('probability must be between 0 and 1');
	}
	const rule = {
		id: ++state.faultSeq,
		match: { method: match.method, path: match.path, host: match.host },
		action: input.action,
		status: input.status,
		body: input.body,
		html: typeof input.html === 'string' ? input.html : undefined,
		forward: input.forward === true,
		headers: input.headers,
		delayMs: input.delayMs,
		intervalMs: input.intervalMs,
		set: input.set,
		remove: input.remove,
		times: input.times ?? 1,
		skip: input.skip ?? 0,
		probability: input.probability ?? 1,
		seen: 0,
		fired: 0,
		pathRe,
	};
	state.faults.push(rule);
	return publicRule(rule);
}

/** @param {Record<string, any>} rule */
function publicRule(rule) {
	const { pathRe, ...rest } = rule;
	return { ...rest, exhausted: rule.times > 0 && rule.fired >= rule.times };
}

/**
 * The rule that fires for this request, or null.
 * @param {Record<string, any>} state @param {{ method: string, path: string, host: string }} req
 */
function pickFault(state, req) {
	for (const rule of state.faults) {
		if (rule.times > 0 && rule.fired >= rule.times) continue;
		const m = rule.match;
		if (m.method && m.method.toUpperCase() !== req.method) continue;
		if (m.host && m.host !== req.host) continue;
		if (m.path) {
			if (rule.pathRe ? !rule.pathRe.test(req.path) : !req.path.startsWith(m.path)) continue;
		}
		rule.seen++;
		if (rule.seen <= rule.skip) continue;
		if (rule.probability < 1 && Math.random() >= rule.probability) continue;
		rule.fired++;
		return rule;
	}
	return null;
}

/**
 * The answer of a `status` rule, with SMEPay-like default bodies.
 * @param {Record<string, any>} rule @param {string} path
 * @returns {import('./reply').Answer}
 */
function faultAnswer(rule, path) {
	const code = rule.status;
	let body = rule.body;
	/** @type {Record<string, string>} */
	const headers = { ...(code === 429 ? { 'retry-after': '1' } : {}), ...(rule.headers || {}) };
	// An HTML page instead of JSON, as a proxy or a captive portal answers.
	if (rule.html !== undefined) return { status: code, html: rule.html, headers };
	if (body === undefined) {
		if (code === 429) body = { status: false, message: 'rate limit exceeded' };
		else if (code >= 500) body = { status: false, message: 'internal server error' };
		else if (code === 401) {
			body = { status: false, message: path.startsWith('/api/v1/disbursement') ? 'business_id not found in token' : 'Unauthorized: invalid or expired token' };
		} else body = { status: code < 400, message: `injected fault ${code}` };
	}
	return { status: code, body, headers };
}

/**
 * The real answer with a `tamper` rule's fields rewritten (a copy; the state is untouched).
 * @param {Record<string, any>} rule @param {import('./reply').Answer} answer
 * @returns {import('./reply').Answer}
 */
function tamperAnswer(rule, answer) {
	if (answer.body === null || typeof answer.body !== 'object') return answer;
	const body = JSON.parse(JSON.stringify(answer.body));
	const walk = (/** @type {string} */ path) => {
		const keys = path.split('.');
		const last = /** @type {string} */ (keys.pop());
		let node = body;
		for (const key of keys) {
			if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
			node = node[key];
		}
		return { node, last };
	};
	for (const [path, value] of Object.entries(rule.set || {})) {
		const { node, last } = walk(path);
		node[last] = value;
	}
	for (const path of rule.remove || []) {
		const { node, last } = walk(path);
		delete node[last];
	}
	return { ...answer, body };
}

module.exports = { addFault, pickFault, faultAnswer, tamperAnswer, publicRule };
