// @ts-check
'use strict';
// The SMEPay sandbox: two listeners over one in-memory state. The Test listener plays
// https://staging.smepay.in and https://partner.smepay.in and serves the control API; the Live
// listener plays https://extranet.smepay.in.

const { emptyState, resetState } = require('./state');
const { createScheduler } = require('./scheduler');
const { createWebhookSender } = require('./webhooks');
const { createListener } = require('./server');

/** @param {import('node:http').Server} server @param {number} port @param {string} host */
function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		// A backlog as a real API's front has: a thousand connections at once are accepted, not
		// left to the kernel's default queue (Node's 511), where they would wait to be retried.
		server.listen({ port, host, backlog: 4096 }, () => {
			server.off('error', reject);
			resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port);
		});
	});
}

/** @param {string} host @param {number} port */
function urlFor(host, port) {
	return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * @param {{ host?: string, port?: number, livePort?: number, timeScale?: number, latencyMs?: number,
 *   seed?: Record<string, any> }} [options]
 */
async function startSandbox(options = {}) {
	const host = options.host ?? '127.0.0.1';
	/** @type {Record<string, any>} */
	const initialConfig = { ...(options.seed || {}) };
	if (options.timeScale !== undefined) initialConfig.timeScale = options.timeScale;
	if (options.latencyMs !== undefined) initialConfig.latencyMs = options.latencyMs;

	const state = emptyState();
	resetState(state, initialConfig); // throws on a bad seed, before anything listens
	const scheduler = createScheduler();
	const webhooks = createWebhookSender(state, scheduler);
	const urls = { testUrl: '', liveUrl: '' };
	const shared = { state, scheduler, webhooks, urls, initialConfig };

	const testServer = createListener({ hostMode: 'test', shared });
	const liveServer = createListener({ hostMode: 'live', shared });
	const testPort = await listen(testServer, options.port ?? 0, host);
	let livePort;
	try {
		livePort = await listen(liveServer, options.livePort ?? 0, host);
	} catch (err) {
		testServer.close();
		throw err;
	}
	urls.testUrl = urlFor(host, /** @type {number} */ (testPort));
	urls.liveUrl = urlFor(host, /** @type {number} */ (livePort));

	let closed = false;
	return {
		testUrl: urls.testUrl,
		liveUrl: urls.liveUrl,
		controlUrl: `${urls.testUrl}/_sandbox`,
		clients: state.creds,
		state,
		async close() {
			if (closed) return;
			closed = true;
			scheduler.cancelAll();
			webhooks.abortAll();
			await Promise.all(
				[testServer, liveServer].map(
					(s) =>
						new Promise((resolve) => {
							s.close(() => resolve(undefined));
							s.closeAllConnections();
						}),
				),
			);
		},
	};
}

module.exports = { startSandbox };
