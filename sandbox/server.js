// @ts-check
'use strict';
// One HTTP listener (Test or Live host): reads the request, applies fault rules and latency, routes
// it, and writes the JSON (or HTML) answer. Control paths skip faults, latency and counting.

const http = require('node:http');
const { createRouter } = require('./router');
const { pickFault, faultAnswer, tamperAnswer } = require('./faults');
const { expireAllTokens } = require('./tokens');
const { fail } = require('./reply');

const MAX_BODY = 1024 * 1024;

const apiRouter = createRouter([
	...require('./routes/collection').routes,
	...require('./routes/disbursement').routes,
	...require('./routes/partner').routes,
]);
const controlRouter = createRouter(/** @type {any} */ (require('./routes/control').routes));

/** @param {import('node:http').IncomingMessage} req @returns {Promise<string | null>} null when too large */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= MAX_BODY) chunks.push(c);
		});
		req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** @param {import('node:http').ServerResponse} res @param {import('./reply').Answer} answer */
function write(res, answer) {
	if (res.destroyed) return;
	const { headers, payload } = encode(answer);
	res.writeHead(answer.status, headers);
	res.end(payload);
}

/** @param {import('./reply').Answer} answer */
function encode(answer) {
	const headers = { ...(answer.headers || {}) };
	let payload;
	if (answer.html !== undefined) {
		payload = answer.html;
		headers['content-type'] = 'text/html; charset=utf-8';
	} else {
		payload = JSON.stringify(answer.body ?? {});
		headers['content-type'] = 'application/json; charset=utf-8';
	}
	headers['content-length'] = String(Buffer.byteLength(payload));
	return { headers, payload: Buffer.from(payload) };
}

/**
 * The answer's body one byte every `intervalMs` (the `trickle` fault), until the client hangs up.
 * @param {import('node:http').ServerResponse} res @param {import('./reply').Answer} answer
 * @param {number} intervalMs @param {{ sleep(ms: number): Promise<void> }} scheduler
 */
async function writeSlowly(res, answer, intervalMs, scheduler) {
	if (res.destroyed) return;
	const { headers, payload } = encode(answer);
	res.writeHead(answer.status, headers);
	for (let i = 0; i < payload.length - 1; i++) {
		if (res.destroyed) return;
		res.write(payload.subarray(i, i + 1));
		await scheduler.sleep(intervalMs);
	}
	// The last byte with the end: a client that reuses the connection sees no answer left open.
	if (!res.destroyed) res.end(payload.subarray(payload.length - 1));
}

const REQUEST_LOG_LIMIT = 20_000;

/**
 * Keeps a request (a `hold` fault) until released: true then, false if its client went away
 * first (no longer counted as held, and not answered).
 * @param {Record<string, any>} state @param {import('node:http').ServerResponse} res
 * @returns {Promise<boolean>}
 */
function heldUntilReleased(state, res) {
	return new Promise((resolve) => {
		const release = () => {
			res.off('close', gone);
			resolve(true);
		};
		const gone = () => {
			const at = state.held.indexOf(release);
			if (at >= 0) state.held.splice(at, 1);
			resolve(false);
		};
		state.held.push(release);
		res.once('close', gone);
	});
}

/**
 * Keeps when each API request came, what it asked, for the order calls that name it in the body
 * the slug, how many API requests were being handled when it came (itself included: `inFlight`),
 * and once answered the HTTP status (none when the connection was dropped): tests and
 * benches count status calls per order or payout from it. Nothing else
 * of the body is kept (no beneficiary data). The oldest entries go past REQUEST_LOG_LIMIT.
 * @param {Record<string, any>} state @param {string} method @param {string} path @param {string | null} raw
 */
function logRequest(state, method, path, raw) {
	/** @type {{ at: number, method: string, path: string, slug?: string, status?: number, inFlight: number }} */
	const entry = { at: Date.now(), method, path, inFlight: state.inFlight };
	if (raw && raw.includes('"slug"')) {
		try {
			const body = JSON.parse(raw);
			if (typeof body?.slug === 'string') entry.slug = body.slug;
		} catch {
			// not JSON: the route answers 400, the log keeps the path
		}
	}
	state.requestLog.push(entry);
	if (state.requestLog.length > REQUEST_LOG_LIMIT) state.requestLog.splice(0, state.requestLog.length - REQUEST_LOG_LIMIT);
	return entry;
}

/**
 * @param {{ hostMode: 'test'|'live', shared: Record<string, any> }} opts
 * shared: { state, scheduler, webhooks, urls, initialConfig }
 */
function createListener({ hostMode, shared }) {
	const { state, scheduler } = shared;

	/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
	async function handle(req, res) {
		const url = new URL(req.url || '/', 'http://sandbox.local');
		const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
		const method = (req.method || 'GET').toUpperCase();
		const raw = await readBody(req);
		const isControl = hostMode === 'test' && (path === '/_sandbox' || path.startsWith('/_sandbox/') || path.startsWith('/@sandbox/'));

		let fault = null;
		/** @type {Record<string, any> | null} */
		let logged = null;
		if (!isControl) {
			state.requests++;
			state.inFlight++;
			res.once('close', () => (state.inFlight = Math.max(0, state.inFlight - 1)));
			logged = logRequest(state, method, path, raw);
			fault = pickFault(state, { method, path, host: hostMode });
			if (fault) {
				if (fault.action === 'drop') {
					req.socket.destroy();
					return;
				}
				if (fault.action === 'garble') {
					// An answer that is not HTTP (a wrong port, a broken proxy): no status, no network error.
					req.socket.end('NOT-HTTP\r\n\r\n');
					return;
				}
				if (fault.action === 'status') {
					// A gateway that gave up on SMEPay (Cloudflare 524, Heroku's 503): SMEPay still processes it.
					if (fault.forward) void dispatch(isControl, method, path, raw, req);
					await scheduler.sleep(state.config.latencyMs);
					const faulted = faultAnswer(fault, path);
					if (logged) logged.status = faulted.status;
					write(res, faulted);
					return;
				}
				if (fault.action === 'delay') await scheduler.sleep(fault.delayMs);
				if (fault.action === 'hold' && !(await heldUntilReleased(state, res))) return;
				if (fault.action === 'expireTokens') expireAllTokens(state);
			}
		}

		const answer = await dispatch(isControl, method, path, raw, req);
		if (!isControl && state.config.latencyMs > 0) await scheduler.sleep(state.config.latencyMs);
		if (fault && fault.action === 'dropAfter') {
			req.socket.destroy();
			return;
		}
		if (logged) logged.status = answer.status;
		if (fault && fault.action === 'trickle') return await writeSlowly(res, answer, fault.intervalMs, scheduler);
		write(res, fault && fault.action === 'tamper' ? tamperAnswer(fault, answer) : answer);
	}

	/**
	 * @param {boolean} isControl @param {string} method @param {string} path @param {string | null} raw
	 * @param {import('node:http').IncomingMessage} req
	 * @returns {Promise<import('./reply').Answer>}
	 */
	async function dispatch(isControl, method, path, raw, req) {
		if (raw === null) return fail(413, 'request body too large');
		const hit = (isControl ? controlRouter : apiRouter)(method, path, hostMode);
		if (!hit) return fail(404, 'not found');
		if ('methodNotAllowed' in hit) return fail(405, 'method not allowed');
		let body = {};
		if (raw.trim() !== '' && method !== 'GET') {
			try {
				body = JSON.parse(raw);
			} catch {
				return fail(400, 'invalid JSON body');
			}
			if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'JSON body must be an object');
		}
		const ctx = {
			...shared,
			hostMode,
			ip: req.socket.remoteAddress || '',
			method,
			path,
			headers: req.headers,
			body,
			params: hit.params,
		};
		try {
			return await hit.handler(ctx);
		} catch (err) {
			// A sandbox bug: answer 500 and say so on stderr, so a test fails loudly rather than hangs.
			console.error('[smepay-sandbox] handler error', method, path, err);
			return fail(500, 'internal server error');
		}
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((err) => {
			console.error('[smepay-sandbox] request error', err);
			if (!res.headersSent && !res.destroyed) write(res, fail(500, 'internal server error'));
		});
	});
	server.keepAliveTimeout = 30_000;
	server.headersTimeout = 35_000;
	return server;
}

module.exports = { createListener };
