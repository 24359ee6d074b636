'use strict';
// n8n 2.41.0 in queue mode for the settlement-burst bench: PostgreSQL and Redis on loopback, a
// main process (REST API), webhook processors that take the webhooks and enqueue them, and
// workers that run them (scripts/queue/). Returned in the shape of startBenchN8n's instance, with
// the first webhook processor as the process the webhooks go to (its URL, its memory).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { provisionN8n, DEFAULT_N8N_VERSION, REPO_ROOT } = require('../../scripts/n8n/provision');
const { packPackage } = require('../../scripts/n8n/community-package');
const { startServices } = require('../../scripts/queue/services');
const { startQueueCluster } = require('../../scripts/queue/cluster');
const { ownerSession } = require('../../scripts/queue/setup');
const { buildPackage, createSandboxCredential } = require('./n8nSetup');

async function startQueueBenchN8n({
	sandbox,
	version = DEFAULT_N8N_VERSION,
	workers = 1,
	webhookProcessors = 1,
	build = true,
	log,
	env,
}) {
	const provisioned = await provisionN8n({ version, log });
	if (build) buildPackage(log);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smepay-bench-queue-'));
	const stops = [async () => fs.rmSync(workDir, { recursive: true, force: true })];
	const stop = async () => {
		while (stops.length) await stops.pop()();
	};
	try {
		const tarball = packPackage({ packageDir: REPO_ROOT, outDir: workDir });
		const services = await startServices({ workDir, log });
		stops.push(() => services.stop());
		const cluster = await startQueueCluster({
			provisioned,
			services,
			workDir,
			tarball,
			workers,
			webhookProcessors,
			env: { EXECUTIONS_DATA_PRUNE: 'false', ...env },
			log,
		});
		stops.push(() => cluster.stop());
		const api = await ownerSession(cluster.main);
		const credential = await createSandboxCredential(api, sandbox);
		const receiver = cluster.webhooks[0];
		return {
			n8n: { baseUrl: receiver.baseUrl, pid: receiver.pid },
			api,
			credential,
			version,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { startQueueBenchN8n };
