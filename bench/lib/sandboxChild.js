'use strict';
// Runs the SMEPay sandbox in its own process (forked by sandboxProcess.js), so that its event loop
// does not share a thread with the load generator: on a 2-core machine a raw client and the
// sandbox in one process would cap each other, and the baseline would look slower than it is.

const { startSandbox } = require('../../sandbox');

async function main() {
	const latencyMs = Number(process.env.BENCH_SANDBOX_LATENCY_MS || 0);
	const sandbox = await startSandbox({ port: 0, livePort: 0, latencyMs });
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('message', (message) => {
		if (message === 'stop') void stop();
	});
	process.on('disconnect', () => void stop()); // the parent died: do not outlive it
	process.send({
		ready: true,
		testUrl: sandbox.testUrl,
		controlUrl: sandbox.controlUrl,
		clients: sandbox.clients,
	});
}

main().catch((error) => {
	console.error(`[sandbox child] ${error.stack || error.message}`);
	process.exit(1);
});
