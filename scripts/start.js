#!/usr/bin/env node
'use strict';
// `npm start`: a real n8n with this package installed, wired to the SMEPay sandbox.
//   provision n8n (cached in ~/.cache/n8n-nodes-smepay) → build → pack → start the sandbox (4010/4011)
//   → start n8n on 5678 with the package as a community package → owner login,
//   sandbox credentials, example workflows → print where to go. Ctrl-C stops it all.
//
// Options:
//   --n8n-version <v>  n8n to run (default 2.41.0, or $SMEPAY_N8N_VERSION; 1.123.81 runs on Node 20)
//   --port <n>         n8n port (default 5678)
//   --skip-build       use the dist/ that exists
//   --package-dir <d>  package folder to install (default: this repo)
//   --reset            start from an empty n8n user folder
//   --examples-dir <d> workflow JSON to import (default: examples/)
//   --check            set everything up, verify it, stop and exit (CI smoke run)

const fs = require('node:fs');
const path = require('node:path');
const {
	provisionN8n,
	DEFAULT_CACHE_DIR,
	DEFAULT_N8N_VERSION,
	REPO_ROOT,
} = require('./n8n/provision');
const { startN8n } = require('./n8n/instance');
const { packPackage } = require('./n8n/community-package');
const { webhookIntakeEnv, describeEnv } = require('./lib/webhookIntakeEnv');
const { buildPackage, readExamples, processGone, runStarter } = require('./starter');
const {
	DEMO_OWNER,
	sandboxCredentialSpecs,
	pointAtCredentials,
	pointAtDataTables,
	upsertExampleTables,
} = require('./lib/demoSetup');

const SANDBOX_PORTS = { port: 4010, livePort: 4011 };
// The demo sandbox settles payouts by itself (PROCESSING after 1.5 s, SUCCESS after 3 s), so the
// example payout workflows run to their end without a call to the control API. Its payment
// webhooks look as a live SMEPay's did (transaction_id = the order's slug, and the order status
// endpoint by ref_id), not as documented, so the SMEPay Trigger can verify them.
const SANDBOX_SEED = {
	autoSettlePayoutsMs: 3000,
	webhookTransactionId: 'slug',
	orderStatusEndpoint: true,
};
const CACHE = DEFAULT_CACHE_DIR;
const log = (line) => console.log(line);

async function setUp(opts, onStop) {
	const started = Date.now();
	const provisioned = await provisionN8n({ version: opts.n8nVersion, log });

	const packageDir = path.resolve(opts.packageDir || REPO_ROOT);
	if (!opts.skipBuild && packageDir === REPO_ROOT) build();
	log(`[start] package ready (${Math.round((Date.now() - started) / 1000)} s)`);
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	assertBuilt(packageDir, pkg);
	const tarball = packPackage({ packageDir, outDir: path.join(CACHE, 'pack') });

	const sandbox = await startSandboxIfPresent();
	if (sandbox) onStop(() => sandbox.close());

	const userFolder = path.join(CACHE, `n8n-user-${opts.n8nVersion}`);
	if (opts.reset) fs.rmSync(userFolder, { recursive: true, force: true });
	log(
		`[start] starting n8n ${opts.n8nVersion} on port ${opts.port} (log: ${path.relative(process.cwd(), path.join(userFolder, 'n8n.log'))})`,
	);
	const tuning = webhookIntakeEnv(opts.n8nVersion);
	const n8n = await startN8n({
		provisioned,
		userFolder,
		port: opts.port,
		communityPackages: [tarball],
		log,
		env: tuning,
	});
	onStop(() => n8n.stop());
	log(`[start] n8n answers on ${n8n.baseUrl} (${Math.round((Date.now() - started) / 1000)} s)`);

	await n8n.setupOwner(DEMO_OWNER);
	const api = await n8n.login(DEMO_OWNER);

	const types = (await api.listNodeTypes()).map((t) => t.name);
	const expected = nodeTypeNames(pkg);
	const missing = expected.filter((name) => !types.includes(name));
	if (missing.length) throw new Error(`n8n did not load ${missing.join(', ')}; see ${n8n.logFile}`);

	const credentials = sandbox ? await upsertSandboxCredentials(api, sandbox) : {};
	// What the editor's "Test credential" button would say for each (a token exchange each).
	const tested = [];
	for (const c of Object.values(credentials)) {
		const result = await api
			.testCredential({ id: c.id, name: c.name, type: c.type })
			.catch((e) => ({ status: 'Error', message: e.message }));
		tested.push(
			`${c.name}: ${result.status === 'OK' ? 'OK' : `${result.status} (${result.message})`}`,
		);
	}
	const tables = await upsertExampleTables(api);
	const workflows = await importExamples(api, credentials, opts.examplesDir, tables);

	const banner = [
		`  n8n ${opts.n8nVersion} is ready (${Math.round((Date.now() - started) / 1000)} s)`,
		`  Editor:   ${n8n.editorUrl}`,
		`  Login:    ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`,
		`  Nodes:    ${expected.join(', ') || '(none declared)'}`,
	];
	if (Object.keys(tuning).length)
		banner.push(`  Settings: ${describeEnv(tuning)} (README: Running at scale)`);
	if (sandbox) {
		banner.push(
			`  Sandbox:  ${sandbox.testUrl} (test), ${sandbox.liveUrl} (live)`,
			`  Control:  ${sandbox.controlUrl}`,
			`  Credentials (tested): ${tested.join('; ')}`,
		);
	}
	if (workflows.length) banner.push(`  Workflows: ${workflows.join(', ')}`);
	return {
		banner,
		check: opts.check,
		stayHint: 'Ctrl-C stops n8n and the sandbox.',
		// Stay up until a signal, or until n8n dies on its own.
		exited: processGone(n8n.pid),
		exitedMessage: `n8n exited on its own; see ${n8n.logFile}`,
	};
}

// A failed build is not fatal here: the dist/ that exists is used (the build log says why).
function build() {
	const logFile = path.join(CACHE, 'build.log');
	const result = buildPackage('start');
	fs.mkdirSync(CACHE, { recursive: true });
	fs.writeFileSync(logFile, result.output);
	if (!result.ok) {
		log(
			`[start] WARNING: npm run build failed (full output: ${path.relative(process.cwd(), logFile)}); going on with the dist/ that exists.\n${result.tail(25)}`,
		);
	}
}

function assertBuilt(packageDir, pkg) {
	const files = [...(pkg.n8n?.nodes || []), ...(pkg.n8n?.credentials || [])];
	const absent = files.filter((f) => !fs.existsSync(path.join(packageDir, f)));
	if (absent.length)
		throw new Error(`the package is not built: missing ${absent.join(', ')} (run npm run build)`);
}

// `<package>.<node>` for each declared node file: dist/nodes/SmePay/SmePay.node.js → n8n-nodes-smepay.smePay
// (n8n names each node type after its file, camelCased).
function nodeTypeNames(pkg) {
	return pkg.n8n.nodes.map((file) => {
		const base = path.basename(file, '.node.js');
		return `${pkg.name}.${base.charAt(0).toLowerCase()}${base.slice(1)}`;
	});
}

async function startSandboxIfPresent() {
	let sandboxModule;
	try {
		sandboxModule = require('../sandbox');
	} catch (error) {
		if (error.code !== 'MODULE_NOT_FOUND' || !/sandbox/.test(error.message)) throw error;
		log('[start] WARNING: sandbox/ is not there yet; n8n starts without sandbox credentials.');
		return null;
	}
	try {
		return await sandboxModule.startSandbox({ ...SANDBOX_PORTS, seed: SANDBOX_SEED });
	} catch (error) {
		if (error.code === 'EADDRINUSE') {
			throw new Error(
				`port ${SANDBOX_PORTS.port} or ${SANDBOX_PORTS.livePort} is taken (another npm start?): ${error.message}`,
			);
		}
		throw error;
	}
}

// One credential per type, named so a second run finds and refreshes it instead of adding more.
async function upsertSandboxCredentials(api, sandbox) {
	const existing = await api.listCredentials();
	const byType = {};
	for (const credential of sandboxCredentialSpecs(sandbox)) {
		const found = existing.find((c) => c.name === credential.name && c.type === credential.type);
		byType[credential.type] = found
			? (await api.patch(`/rest/credentials/${found.id}`, credential)).data
			: await api.createCredential(credential);
	}
	return byType;
}

// Import examples/*.json once (matched by name), pointing their credentials and Data Table nodes
// at ours.
async function importExamples(api, credentialsByType, dir, tablesByName = {}) {
	const examples = readExamples(dir);
	if (!examples.length) return [];
	const { data: existing } = await api.get('/rest/workflows');
	const names = new Set((existing || []).map((w) => w.name));
	const imported = [];
	for (const workflow of examples) {
		if (!names.has(workflow.name))
			await api.importWorkflow(
				pointAtDataTables(pointAtCredentials(workflow, credentialsByType), tablesByName),
			);
		imported.push(workflow.name);
	}
	return imported;
}

function parseArgs(argv) {
	const opts = {
		n8nVersion: process.env.SMEPAY_N8N_VERSION || DEFAULT_N8N_VERSION,
		port: Number(process.env.N8N_PORT || 5678),
		skipBuild: false,
		reset: false,
		check: false,
		packageDir: undefined,
		examplesDir: undefined,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--n8n-version') opts.n8nVersion = argv[++i];
		else if (arg === '--port') opts.port = Number(argv[++i]);
		else if (arg === '--package-dir') opts.packageDir = argv[++i];
		else if (arg === '--examples-dir') opts.examplesDir = path.resolve(argv[++i]);
		else if (arg === '--skip-build') opts.skipBuild = true;
		else if (arg === '--reset') opts.reset = true;
		else if (arg === '--check') opts.check = true;
		else throw new Error(`unknown option ${arg} (see the top of scripts/start.js)`);
	}
	return opts;
}

if (require.main === module)
	runStarter({
		label: 'start',
		what: 'n8n and the sandbox',
		setUp: ({ add: onStop }) => setUp(parseArgs(process.argv.slice(2)), onStop),
	});

// The e2e suite sets n8n up exactly as `npm start` does.
module.exports = { upsertSandboxCredentials, upsertExampleTables, importExamples, SANDBOX_SEED };
