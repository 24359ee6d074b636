'use strict';
// Posts webhook bodies at an n8n URL with `concurrency` requests in flight and records, per
// request, the status and the acknowledgement latency (request sent → answer read).

const { Pool } = require('undici');

const REQUEST_TIMEOUT_MS = 30_000;

/** bodies: array of strings (sent as-is, so malformed JSON can be sent too). */
async function postWebhooks({ baseUrl, path, bodies, concurrency, headers = {} }) {
	const pool = new Pool(baseUrl, {
		connections: concurrency,
		headersTimeout: REQUEST_TIMEOUT_MS,
		bodyTimeout: REQUEST_TIMEOUT_MS,
	});
	const results = new Array(bodies.length);
	let next = 0;
	try {
		const started = performance.now();
		const lane = async () => {
			while (next < bodies.length) {
				const i = next++;
				const t0 = performance.now();
				try {
					const res = await pool.request({
						path: `/webhook/${path}`,
						method: 'POST',
						headers: { 'content-type': 'application/json', ...headers },
						body: bodies[i],
					});
					const text = await res.body.text();
					results[i] = { status: res.statusCode, ms: performance.now() - t0, text };
				} catch (error) {
					results[i] = {
						status: null,
						ms: performance.now() - t0,
						error: error.code || error.message,
					};
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, lane));
		return { ms: performance.now() - started, results };
	} finally {
		await pool.close();
	}
}

module.exports = { postWebhooks };
