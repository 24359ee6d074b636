'use strict';
// Starts a real `n8n start` (or a queue-mode worker / webhook processor) as a child process with
// its own user folder and port, waits until it serves, and stops it with the task runners it
// spawned. What it returns also drives it through its REST API (restApi.js). Works with n8n
// 2.41.x and 1.123.x; the settings that differ between the two come from versions.js.

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { installCommunityPackage } = require('./community-package');
const { connectN8n } = require('./restApi');
const { versionEnv } = require('./versions');

const STOP_GRACE_MS = 15_000;

async function startN8n({
	provisioned, // provisionN8n() result
	userFolder, // isolated N8N_USER_FOLDER (n8n keeps its data in <userFolder>/.n8n)
	port, // default: a free port
	extensionsDir, // optional: N8N_CUSTOM_EXTENSIONS (loose *.node.js files, type prefix `CUSTOM.`)
	communityPackages = [], // optional: tarballs to install as community packages before start
	env = {}, // extra env for n8n
	log = console.log,
	startTimeoutMs = 180_000,
	// Queue mode: 'worker' or 'webhook' (a worker answers /healthz on `port` only with
	// QUEUE_HEALTH_CHECK_ACTIVE=true and QUEUE_HEALTH_CHECK_PORT=port in `env`), plus its flags.
	command = 'start',
	commandArgs = [],
} = {}) {
	if (!provisioned) throw new Error('startN8n needs { provisioned } from provisionN8n()');
	if (!userFolder) throw new Error('startN8n needs { userFolder }');
	fs.mkdirSync(userFolder, { recursive: true });
	for (const tarball of communityPackages) installCommunityPackage({ userFolder, tarball, log });

	port = port || (await freePort());
	const brokerPort = await freePort(); // task-runner broker; default 5679 would clash between instances
	const baseUrl = `http://127.0.0.1:${port}`;
	const childEnv = {
		...withoutNpmLifecycleEnv(process.env),
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite', // a DB_TYPE inherited from the shell would break the isolation
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		N8N_SECURE_COOKIE: 'false', // plain http on localhost
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_LOG_LEVEL: 'warn',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10', // below STOP_GRACE_MS, so n8n gives up before we SIGKILL it
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false', // never reach out to npm at startup
		DB_SQLITE_POOL_SIZE: '2', // 1.x warns about the legacy single-connection driver without it
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true', // 2.x warns that its default will flip to false
		...versionEnv(provisioned, baseUrl), // what 1.x and 2.x read differently
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...(extensionsDir ? { N8N_CUSTOM_EXTENSIONS: path.resolve(extensionsDir) } : {}),
		...provisioned.env, // PATH with the right `node` first (n8n spawns its task runner with it)
		...env,
	};

	const logFile = path.join(userFolder, 'n8n.log');
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(
		out,
		`\n--- n8n ${provisioned.version} ${command} starting on ${baseUrl} at ${new Date().toISOString()} ---\n`,
	);
	// detached: own process group, so stop() also reaches the task runners n8n spawns.
	const child = spawn(provisioned.nodeBin, [provisioned.n8nBin, command, ...commandArgs], {
		cwd: userFolder,
		env: childEnv,
		stdio: ['ignore', out, out],
		detached: true,
	});
	fs.closeSync(out);
	let exited = null;
	const exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		});
	});
	// If this process ends without calling stop(), take n8n with it (no orphans).
	const killOnExit = () => killGroup(child.pid, 'SIGKILL');
	process.on('exit', killOnExit);

	const stop = async () => {
		process.off('exit', killOnExit);
		if (exited) return exited;
		killGroup(child.pid, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), STOP_GRACE_MS);
		const result = await exitPromise;
		clearTimeout(timer);
		killGroup(child.pid, 'SIGKILL'); // runners left in the group, if any
		return result;
	};

	try {
		await waitUntilReady({
			baseUrl,
			isExited: () => exited,
			timeoutMs: startTimeoutMs,
			// Only `n8n start` serves the REST API.
			paths: command === 'start' ? undefined : ['/healthz', '/healthz/readiness'],
		});
	} catch (error) {
		await stop();
		error.message += `\n--- tail of ${logFile} ---\n${tail(logFile, 40)}`;
		throw error;
	}

	return Object.assign(connectN8n({ baseUrl, provisioned }), {
		editorUrl: `${baseUrl}/`,
		port,
		userFolder,
		logFile,
		pid: child.pid,
		stop,
	});
}

// /healthz answers as soon as the HTTP server listens; /healthz/readiness once the database
// is connected and migrated; /rest/settings once the REST routes are mounted.
async function waitUntilReady({
	baseUrl,
	isExited,
	timeoutMs,
	paths = ['/healthz', '/healthz/readiness', '/rest/settings'],
}) {
	const deadline = Date.now() + timeoutMs;
	for (const url of paths) {
		for (;;) {
			const exited = isExited();
			if (exited)
				throw new Error(`n8n exited during startup (code ${exited.code}, signal ${exited.signal})`);
			try {
				const res = await fetch(baseUrl + url, { signal: AbortSignal.timeout(2000) });
				if (res.ok) break;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline)
				throw new Error(`n8n did not answer ${url} within ${timeoutMs / 1000} s`);
			await sleep(300);
		}
	}
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

function withoutNpmLifecycleEnv(env) {
	const out = {};
	for (const [key, value] of Object.entries(env)) {
		if (/^npm_/i.test(key) || key === 'INIT_CWD') continue;
		out[key] = value;
	}
	return out;
}

function tail(file, lines) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// connectN8n lives in restApi.js; it is exported here too for the callers that took it from here.
module.exports = { startN8n, connectN8n, freePort };
