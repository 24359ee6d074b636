'use strict';
// A real n8n (default 2.41.0) with this package installed as a community package, an owner
// logged in and a SMEPay Disbursement credential pointing at the sandbox. Reuses the harness in
// scripts/n8n/; the user folder is a fresh temp folder, removed on stop().

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { provisionN8n, DEFAULT_N8N_VERSION, REPO_ROOT } = require('../../scripts/n8n/provision');
const { startN8n } = require('../../scripts/n8n/instance');
const { packPackage } = require('../../scripts/n8n/community-package');

const FLOOR_NODE_DIR = path.join(__dirname, '..', 'floor-node');

const OWNER = {
	email: 'bench@smepay.local',
	password: 'Bench-Run-1',
	firstName: 'Bench',
	lastName: 'Runner',
};

/**
 * `packageDir`: the package to install (default this repository, built unless `build` is false);
 * another folder holds another build of it, e.g. an earlier commit's, to measure side by side.
 */
async function startBenchN8n({
	sandbox,
	version = DEFAULT_N8N_VERSION,
	build = true,
	log,
	env,
	packageDir = REPO_ROOT,
}) {
	const provisioned = await provisionN8n({ version, log });
	if (build) buildPackage(log);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smepay-bench-'));
	const tarball = packPackage({ packageDir, outDir: work });
	// The bulk-payout floor (bench/floor-node), beside the package.
	const floorTarball = packPackage({ packageDir: FLOOR_NODE_DIR, outDir: work });
	let n8n;
	try {
		n8n = await startN8n({
			provisioned,
			userFolder: path.join(work, 'user'),
			communityPackages: [tarball, floorTarball],
			log,
			env: {
				// Production webhook runs are what is measured; keep n8n from pruning mid-run.
				EXECUTIONS_DATA_PRUNE: 'false',
				...env,
			},
		});
	} catch (error) {
		fs.rmSync(work, { recursive: true, force: true });
		throw error;
	}
	const stop = async ({ keepLog = false } = {}) => {
		await n8n.stop();
		if (keepLog) {
			const kept = path.join(os.tmpdir(), `smepay-bench-n8n-${Date.now()}.log`);
			fs.copyFileSync(n8n.logFile, kept);
			log(`[bench] n8n log kept at ${kept}`);
		}
		fs.rmSync(work, { recursive: true, force: true });
	};
	try {
		await n8n.setupOwner(OWNER);
		const api = await n8n.login(OWNER);
		const credential = await createSandboxCredential(api, sandbox);
		return { n8n, api, credential, version, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** The SMEPay Disbursement credential the bench's workflows use: the sandbox's Test keys. */
async function createSandboxCredential(api, sandbox) {
	return api.createCredential({
		name: 'SMEPay sandbox (disbursement)',
		type: 'smePayDisbursementApi',
		data: {
			environment: 'custom',
			baseUrl: sandbox.testUrl,
			clientId: sandbox.disbursement.clientId,
			clientSecret: sandbox.disbursement.clientSecret,
		},
	});
}

function buildPackage(log) {
	log('[bench] npm run build');
	const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(`npm run build failed:\n${`${result.stdout}\n${result.stderr}`.slice(-3000)}`);
	}
}

module.exports = { startBenchN8n, createSandboxCredential, buildPackage };
