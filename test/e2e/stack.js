'use strict';
// One real n8n for the e2e suite, set up the way users get it: the package packed with `npm pack`
// and installed as a community package into a fresh n8n user folder, the SMEPay sandbox on free
// loopback ports, an owner, the sandbox credentials and the example workflows imported exactly as
// `npm start` does it (scripts/start.js). Used by globalSetup.js; also runnable on its own to keep
// a stack up while writing tests:
//   node test/e2e/stack.js [--n8n-version 1.123.81]   (prints the state file; Ctrl-C stops it)
//   SMEPAY_E2E_STATE=<that file> npx jest -c test/e2e/jest.config.js

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { provisionN8n, DEFAULT_N8N_VERSION, REPO_ROOT } = require('../../scripts/n8n/provision');
const { startN8n } = require('../../scripts/n8n/instance');
const { packPackage } = require('../../scripts/n8n/community-package');
const {
	upsertSandboxCredentials,
	upsertExampleTables,
	importExamples,
	SANDBOX_SEED,
} = require('../../scripts/start');
const { startSandbox } = require('../../sandbox');

const OWNER = {
	email: 'e2e@smepay.local',
	password: 'SmePay-E2e-1',
	firstName: 'E2E',
	lastName: 'Owner',
};
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

function e2eVersion() {
	return process.env.SMEPAY_E2E_N8N_VERSION || DEFAULT_N8N_VERSION;
}

async function startStack({ version = e2eVersion(), log = console.log } = {}) {
	const t0 = Date.now();
	const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	const provisioned = await provisionN8n({ version, log });
	assertBuilt();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), `smepay-e2e-${version}-`));
	const stops = [];
	const stop = async () => {
		while (stops.length)
			await stops
				.pop()()
				.catch((e) => log(`[e2e] stop: ${e.message}`));
	};
	try {
		stops.push(async () => fs.rmSync(work, { recursive: true, force: true }));
		const tarball = packPackage({ packageDir: REPO_ROOT, outDir: work });
		const sandbox = await startSandbox({ seed: SANDBOX_SEED });
		stops.push(() => sandbox.close());
		const n8n = await startN8n({
			provisioned,
			userFolder: path.join(work, 'user'),
			communityPackages: [tarball],
			// jest sets NODE_ENV=test, which n8n reads as its own test mode and exits; its Docker
			// image runs with production.
			env: { NODE_ENV: 'production' },
			log: () => {},
		});
		stops.push(() => n8n.stop());
		log(`[e2e] n8n ${version} up on ${n8n.baseUrl} (${since()}), sandbox ${sandbox.testUrl}`);

		await n8n.setupOwner(OWNER);
		const api = await n8n.login(OWNER);
		const credentials = await upsertSandboxCredentials(api, sandbox);
		const tables = await upsertExampleTables(api);
		const names = await importExamples(api, credentials, EXAMPLES_DIR, tables);
		const { data: listed } = await api.get('/rest/workflows');
		const workflows = Object.fromEntries(
			names.map((name) => [name, listed.find((w) => w.name === name).id]),
		);
		log(
			`[e2e] owner, ${Object.keys(credentials).length} credentials, ${names.length} workflows (${since()})`,
		);

		const state = {
			version,
			baseUrl: n8n.baseUrl,
			logFile: n8n.logFile,
			provisioned: { version: provisioned.version, n8nDir: provisioned.n8nDir },
			owner: OWNER,
			session: api.session(),
			sandbox: {
				testUrl: sandbox.testUrl,
				liveUrl: sandbox.liveUrl,
				controlUrl: sandbox.controlUrl,
				clients: sandbox.clients,
			},
			credentials: Object.fromEntries(
				Object.entries(credentials).map(([type, c]) => [type, { id: c.id, name: c.name }]),
			),
			workflows,
			dataTables: Object.fromEntries(
				Object.values(tables).map((table) => [table.name, { id: table.id }]),
			),
			tarball: path.basename(tarball),
		};
		const stateFile = path.join(work, 'state.json');
		fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
		return { state, stateFile, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

function assertBuilt() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter(
		(file) => !fs.existsSync(path.join(REPO_ROOT, file)),
	);
	if (missing.length)
		throw new Error(`the package is not built (missing ${missing.join(', ')}): run npm run build`);
}

if (require.main === module) {
	const args = process.argv.slice(2);
	const version = args.includes('--n8n-version')
		? args[args.indexOf('--n8n-version') + 1]
		: e2eVersion();
	startStack({ version }).then(
		({ stateFile, stop }) => {
			console.log(
				`[e2e] stack up; state: ${stateFile}\n      SMEPAY_E2E_STATE=${stateFile} npx jest -c test/e2e/jest.config.js`,
			);
			const bye = () => stop().then(() => process.exit(0));
			process.on('SIGINT', bye);
			process.on('SIGTERM', bye);
		},
		(error) => {
			console.error(`[e2e] ${error.stack || error.message}`);
			process.exitCode = 1;
		},
	);
}

module.exports = { startStack, e2eVersion, OWNER };
