'use strict';
// The sandbox as a child process, driven through its control API (/_sandbox/*).

const path = require('node:path');
const { fork } = require('node:child_process');
const { request } = require('undici');

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

async function startSandboxProcess({ latencyMs = 25 } = {}) {
	const child = fork(path.join(__dirname, 'sandboxChild.js'), [], {
		env: { ...process.env, BENCH_SANDBOX_LATENCY_MS: String(latencyMs) },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const killOnExit = () => child.kill('SIGKILL');
	process.on('exit', killOnExit);
	const exited = new Promise((resolve) => child.once('exit', resolve));

	const info = await new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error('sandbox child did not start')),
			READY_TIMEOUT_MS,
		);
		child.once('message', (message) => {
			clearTimeout(timer);
			resolve(message);
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`sandbox child exited with ${code}`));
		});
	});

	const control = async (method, route, body) => {
		const res = await request(`${info.controlUrl}${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			headersTimeout: 60_000,
			bodyTimeout: 60_000,
		});
		const json = await res.body.json();
		if (res.statusCode >= 400)
			throw new Error(`sandbox ${method} ${route} -> ${res.statusCode}: ${json.message}`);
		return json;
	};

	return {
		pid: child.pid,
		testUrl: info.testUrl,
		clients: info.clients,
		disbursement: info.clients.disbursement.test,
		config: (patch) => control('POST', '/config', patch),
		ledger: () => control('GET', '/ledger'),
		addFault: (rule) => control('POST', '/faults', rule),
		faults: () => control('GET', '/faults'),
		clearFaults: () => control('DELETE', '/faults'),
		expireTokens: () => control('POST', '/tokens/expire'),
		settlePayout: (id, status, failureReason) =>
			control('POST', `/payouts/${id}/settle`, {
				status,
				...(failureReason ? { failure_reason: failureReason } : {}),
			}),
		/** Settles a payout `afterMs` from now (the sandbox's own timer). */
		settlePayoutLater: (id, status, afterMs) =>
			control('POST', `/payouts/${id}/settle`, { status, afterMs }),
		/** The sandbox's log of API requests: { requests: [{ at, method, path, slug? }] }. */
		requests: () => control('GET', '/requests'),
		resendWebhook: (kind, id) => control('POST', '/webhooks/resend', { kind, id }),
		async stop() {
			process.off('exit', killOnExit);
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.send('stop');
			const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
			await exited;
			clearTimeout(timer);
		},
	};
}

module.exports = { startSandboxProcess };
