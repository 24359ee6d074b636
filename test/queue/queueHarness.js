'use strict';
// Everything the queue-mode suite runs against, started once: the SMEPay sandbox, PostgreSQL and
// Redis, n8n main + 2 workers + 2 webhook processors (the package installed in each one's own user
// folder), the owner, sandbox credentials, the claim Data Tables, and the suite's workflows. The
// n8n version is $SMEPAY_QUEUE_N8N_VERSION (test/queue/run.js runs the suite once per version).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startSandbox } = require('../../sandbox');
const { provisionN8n, DEFAULT_N8N_VERSION, REPO_ROOT } = require('../../scripts/n8n/provision');
const { packPackage } = require('../../scripts/n8n/community-package');
const { startServices } = require('../../scripts/queue/services');
const { startQueueCluster } = require('../../scripts/queue/cluster');
const {
	ownerSession,
	sandboxCredentials,
	importWithCredentials,
} = require('../../scripts/queue/setup');
const { upsertExampleTables, payoutRow } = require('../../scripts/lib/demoSetup');
const { dataTables } = require('../../scripts/n8n/dataTables');
const { startRecorder } = require('./recorder');
const { payoutSheetWorkflow, payoutWebhookWorkflow } = require('./workflows');

const log = (line) => process.stdout.write(`${line}\n`);

async function startQueueHarness() {
	const t0 = Date.now();
	const closers = [];
	const close = async () => {
		while (closers.length)
			await closers
				.pop()()
				.catch((e) => log(`[queue] close: ${e.message}`));
	};
	try {
		const version = process.env.SMEPAY_QUEUE_N8N_VERSION || DEFAULT_N8N_VERSION;
		const provisioned = await provisionN8n({ version, log });
		const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smepay-queue-test-'));
		closers.push(async () => fs.rmSync(workDir, { recursive: true, force: true }));
		const tarball = packPackage({ packageDir: REPO_ROOT, outDir: workDir });

		// SMEPay's retry schedule (1 m, 5 m, 25 m, 2 h) in seconds: a delivery answered 503 on a
		// busy machine (the trigger's 5 s verification budget) comes again within the test.
		const sandbox = await startSandbox({
			port: 0,
			livePort: 0,
			seed: { webhookRetryDelaysSeconds: [2, 5, 15, 30] },
		});
		closers.push(() => sandbox.close());
		const recorder = await startRecorder();
		closers.push(() => recorder.close());
		const services = await startServices({ workDir, log });
		closers.push(() => services.stop());
		const cluster = await startQueueCluster({
			provisioned,
			services,
			workDir,
			tarball,
			log,
			// Two, so that one event can reach two webhook processors (and main) at once.
			webhookProcessors: 2,
			// n8n's default job lock (60 s, renewed every 10 s) on purpose: with a short one, a busy
			// worker on 2 cores misses a renewal and n8n fails the 1,000-row job as stalled.
		});
		closers.push(() => cluster.stop());

		const api = await ownerSession(cluster.main);
		const credentials = await sandboxCredentials(api, sandbox);
		const tables = await upsertExampleTables(api);
		const sheet = await importWithCredentials(
			api,
			payoutSheetWorkflow({ sheetUrl: recorder.sheetUrl }),
			credentials,
		);
		const hookDefinition = payoutWebhookWorkflow({ effectUrl: recorder.effectUrl });
		const hook = await importWithCredentials(api, hookDefinition, credentials, tables);
		await api.activateWorkflow(hook.id);

		async function control(method, url, body) {
			const res = await fetch(`${sandbox.controlUrl}${url}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await res.text();
			if (!res.ok) throw new Error(`sandbox ${method} ${url}: ${res.status} ${text}`);
			return text ? JSON.parse(text) : undefined;
		}
		const disbursementClient = sandbox.clients.disbursement.test.clientId;
		await control('POST', '/config', {
			clients: { [disbursementClient]: { balance: '100000000.00' } },
		});
		log(`[queue] harness ready in ${Math.round((Date.now() - t0) / 1000)} s`);

		return {
			version: provisioned.version,
			sandbox,
			services,
			cluster,
			api,
			credentials,
			recorder,
			sheetWorkflowId: sheet.id,
			hookWorkflowId: hook.id,
			/** The trigger's Production URL as served by one process (webhook processor or main). */
			hookUrl: (process = cluster.webhooks[0]) =>
				`${process.baseUrl}/webhook/${hookDefinition.webhookId}/webhook`,
			control,
			ledger: () => control('GET', '/ledger'),
			/** Records payouts in `SMEPay payouts` as the pay run that sent them would. */
			recordPayouts: (payouts) =>
				dataTables(api).insertRows(
					tables['SMEPay payouts'].id,
					payouts.map((p) => payoutRow({ reference_id: p.reference_id, amount: String(p.amount) })),
				),
			/** Every row of a table the harness made, by name. */
			tableRows: (name) => dataTables(api).listRows(tables[name].id),
			/** Inserts rows into a table the harness made, by name. */
			insertRows: (name, rows) => dataTables(api).insertRows(tables[name].id, rows),
			tables,
			/** Imports a workflow with the sandbox credentials and the claim tables. */
			importWorkflow: (workflow) => importWithCredentials(api, workflow, credentials, tables),
			close,
		};
	} catch (error) {
		await close();
		throw error;
	}
}

module.exports = { startQueueHarness };
