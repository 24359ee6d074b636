'use strict';
// n8n in queue mode on one machine: a main process (editor, REST API, triggers; it enqueues
// executions in Redis), workers (`n8n worker`, they run the executions) and webhook processors
// (`n8n webhook`, they receive production webhooks and enqueue them), all on one PostgreSQL.
// Each process gets its own user folder with the community package installed into it, as each
// pod of a real deployment has its own disk: a process without the package would fail with
// "Unrecognized node type".

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startN8n, freePort } = require('../n8n/instance');

/**
 * The variables every process shares. Printed by `npm run start:queue` and listed in README.
 * `services.n8nEnv` adds DB_* and QUEUE_BULL_REDIS_*.
 */
function queueEnv({ services, encryptionKey, webhookUrl, extra = {} }) {
	return {
		...services.n8nEnv,
		EXECUTIONS_MODE: 'queue',
		// Every process must decrypt the same credentials (and the token stored in them).
		N8N_ENCRYPTION_KEY: encryptionKey,
		// Manual runs ("Execute workflow", REST /run) go to the workers too, not to main.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// The URL the editor shows as Production URL: the webhook processors (a load balancer in
		// a real deployment). Read by 2.x as N8N_WEBHOOK_URL, by 1.x as WEBHOOK_URL.
		N8N_WEBHOOK_URL: webhookUrl,
		WEBHOOK_URL: webhookUrl,
		// Under jest NODE_ENV is `test`, in which n8n 2.x exits at startup without a word.
		NODE_ENV: 'production',
		...extra,
	};
}

/**
 * Starts main, then the workers and webhook processors side by side. Returns
 * { main, workers, webhooks, encryptionKey, env, workerOf(executionId), stop() }.
 */
async function startQueueCluster({
	provisioned,
	services, // startServices() result
	workDir,
	tarball, // the packed package, installed into every process's user folder
	workers = 2,
	webhookProcessors = 1,
	workerConcurrency = 10,
	mainPort, // default: a free port
	env = {}, // extra env for every process
	log = console.log,
}) {
	const encryptionKey = crypto.randomBytes(24).toString('hex');
	const webhookPorts = [];
	for (let i = 0; i < webhookProcessors; i++) webhookPorts.push(await freePort());
	const webhookUrl = `http://127.0.0.1:${webhookPorts[0] || (await freePort())}/`;
	const shared = queueEnv({ services, encryptionKey, webhookUrl, extra: env });
	const folder = (name) => {
		const dir = path.join(workDir, name);
		fs.rmSync(dir, { recursive: true, force: true });
		return dir;
	};
	const started = [];
	const stop = async () => {
		await Promise.all(started.splice(0).map((p) => p.stop().catch(() => undefined)));
	};
	const start = async (name, options, { fresh = true } = {}) => {
		const t0 = Date.now();
		const instance = await startN8n({
			provisioned,
			userFolder: fresh ? folder(name) : path.join(workDir, name),
			communityPackages: fresh ? [tarball] : [],
			log: () => {},
			...options,
			env: { ...shared, ...options.env },
		});
		instance.name = name;
		instance.options = options;
		started.push(instance);
		log(`[queue] ${name} up on ${instance.baseUrl} (${Math.round((Date.now() - t0) / 1000)} s)`);
		return instance;
	};
	// Stops a process and starts it again on the same port and user folder (its memory is gone,
	// its package and settings stay); the new instance takes the old one's place in the lists.
	const restart = async (instance, lists) => {
		await instance.stop();
		started.splice(started.indexOf(instance), 1);
		const again = await start(
			instance.name,
			{ ...instance.options, port: Number(new URL(instance.baseUrl).port) },
			{ fresh: false },
		);
		for (const list of lists) if (list.includes(instance)) list[list.indexOf(instance)] = again;
		return again;
	};

	try {
		// Main first: it runs the database migrations the others wait for.
		const main = await start('main', { port: mainPort, env: {} });
		const workerList = [];
		const webhookList = [];
		await Promise.all([
			...Array.from({ length: workers }, async (_, i) => {
				const port = await freePort();
				workerList[i] = await start(`worker-${i + 1}`, {
					command: 'worker',
					commandArgs: [`--concurrency=${workerConcurrency}`],
					port,
					env: {
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(port),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
						// "Worker started execution <id>": tells which worker ran what.
						N8N_LOG_LEVEL: 'info',
					},
				});
			}),
			...webhookPorts.map(async (port, i) => {
				webhookList[i] = await start(`webhook-${i + 1}`, {
					command: 'webhook',
					port,
					env: { N8N_LOG_LEVEL: 'info' },
				});
			}),
		]);
		return {
			main,
			workers: workerList,
			webhooks: webhookList,
			encryptionKey,
			env: shared,
			webhookUrl,
			/** Restarts a webhook processor or worker (see restart above); returns the new one. */
			restart: (instance) => restart(instance, [workerList, webhookList]),
			/** The worker whose log says it started this execution, or undefined. */
			workerOf(executionId) {
				const line = new RegExp(`Worker started execution ${executionId} \\(`);
				return workerList.find((w) => line.test(readLog(w.logFile)));
			},
			/** Lines of every process's log that match `pattern`. */
			grepLogs(pattern) {
				return started.flatMap((p) =>
					readLog(p.logFile)
						.split('\n')
						.filter((l) => pattern.test(l))
						.map((l) => `${p.name}: ${l}`),
				);
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

function readLog(file) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

module.exports = { startQueueCluster, queueEnv };
