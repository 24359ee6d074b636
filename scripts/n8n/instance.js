'use strict';
// Starts a real `n8n start` as a child process with its own user folder and port, waits
// until it serves, and returns helpers that drive it through its REST API (the same calls
// the editor makes). Works with n8n 2.41.x and 1.123.x; where the two differ it says so.

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { createRequire } = require('node:module');
const { installCommunityPackage } = require('./community-package');

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
		// 2.x reads N8N_WEBHOOK_URL (and warns about WEBHOOK_URL); 1.x reads WEBHOOK_URL.
		...(major(provisioned.version) >= 2
			? { N8N_WEBHOOK_URL: `${baseUrl}/` }
			: { WEBHOOK_URL: `${baseUrl}/` }),
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
		// Task runners (Code node): 1.x warns unless enabled; 2.x always runs them and warns if set.
		...(major(provisioned.version) < 2 ? { N8N_RUNNERS_ENABLED: 'true' } : {}),
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true', // 2.x warns that its default will flip to false
		// 2.x fetches MCP servers from api.n8n.io every start and logs stack traces when offline.
		// (Module names are checked: an unknown one stops n8n, so 2.x only.)
		...(major(provisioned.version) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		// 1.123.x evaluates expressions in isolated-vm by default, which has no build for Node 20
		// (its prebuilds start at Node 22) and exits at startup; n8n's in-process engine works.
		...(nodeMajor(provisioned) < 22 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
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

// Helpers for an n8n that already runs (e.g. started by a test suite's global setup).
// `provisioned` needs only { version, n8nDir }.
function connectN8n({ baseUrl, provisioned }) {
	const anonymous = restClient(baseUrl);
	const instance = {
		baseUrl,
		version: provisioned.version,
		rest: anonymous,

		// GET /rest/settings without a session answers the public settings (both versions).
		async isOwnerSetUp() {
			const { data } = await anonymous.get('/rest/settings');
			return data.userManagement.showSetupOnFirstLoad === false;
		},

		// POST /rest/owner/setup (both versions). Idempotent: returns false when an owner exists.
		async setupOwner({ email, password, firstName = 'Demo', lastName = 'Owner' }) {
			if (await instance.isOwnerSetUp()) return false;
			await anonymous.post('/rest/owner/setup', { email, password, firstName, lastName });
			return true;
		},

		// POST /rest/login. 2.x and late 1.x read `emailOrLdapLoginId`; older 1.x read `email`.
		// Unknown keys are ignored, so both are sent.
		async login({ email, password }) {
			const client = restClient(baseUrl);
			const { data } = await client.post('/rest/login', {
				emailOrLdapLoginId: email,
				email,
				password,
			});
			client.user = data;
			return withHelpers(client, { provisioned });
		},

		// A client on a session a login made elsewhere (another process): n8n limits logins per
		// minute, so a test run logs in once and its test files share that session. n8n ties the
		// auth cookie to the browser-id header, so that travels with it.
		resume({ cookies, browserId }) {
			const client = restClient(baseUrl, { cookies, browserId });
			return withHelpers(client, { provisioned });
		},
	};
	return instance;
}

// REST helpers on a logged-in client.
function withHelpers(client, { provisioned }) {
	return Object.assign(client, {
		async createCredential({ name, type, data }) {
			const { data: created } = await client.post('/rest/credentials', { name, type, data });
			return created;
		},

		async listCredentials() {
			const { data } = await client.get('/rest/credentials');
			return data;
		},

		// The editor's "Test credential" button: POST /rest/credentials/test. The editor sends the
		// form's values, secrets redacted, and n8n puts the stored secrets back in. Without `data`
		// n8n tests nothing useful ("Node "Temp-Node" does not have any credentials"), so when only
		// an `id` is given, send the stored values as the editor would (GET ?includeData=true).
		async testCredential({ id, name, type, data }) {
			if (id && (!data || !type || name === undefined)) {
				const { data: stored } = await client.get(`/rest/credentials/${id}?includeData=true`);
				data = data || stored.data;
				type = type || stored.type;
				name = name === undefined ? stored.name : name;
			}
			const { data: result } = await client.post('/rest/credentials/test', {
				credentials: { id, name: name || '', type, data },
			});
			return result; // { status: 'OK' | 'Error', message }
		},

		// POST /rest/workflows with the exported workflow JSON (both versions). A new id is issued.
		async importWorkflow(workflow) {
			const { id, active, versionId, shared, ...rest } = workflow;
			const { data } = await client.post('/rest/workflows', {
				name: rest.name,
				nodes: rest.nodes,
				connections: rest.connections || {},
				settings: rest.settings || { executionOrder: 'v1' },
				pinData: rest.pinData,
				staticData: rest.staticData,
				meta: rest.meta,
				active: false,
			});
			return data;
		},

		async getWorkflow(id) {
			const { data } = await client.get(`/rest/workflows/${id}`);
			return data;
		},

		// 2.x: POST /rest/workflows/:id/activate { versionId } publishes that version; the
		// triggers/webhooks are then registered asynchronously (publication outbox), so wait for
		// GET /rest/workflows/:id/publication-status to settle. Before that, webhooks answer 404.
		// 1.x: PATCH /rest/workflows/:id { active: true, versionId } activates synchronously.
		async activateWorkflow(id, { timeoutMs = 30_000 } = {}) {
			const { versionId } = await client.getWorkflow(id);
			if (major(provisioned.version) < 2) {
				return (await client.patch(`/rest/workflows/${id}`, { active: true, versionId })).data;
			}
			const { data } = await client.post(`/rest/workflows/${id}/activate`, { versionId });
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const { data: publication } = await client.get(`/rest/workflows/${id}/publication-status`);
				if (publication.status === 'published' && publication.liveVersionId === versionId)
					return data;
				if (publication.status === 'failed' || publication.status === 'partial') {
					const reasons = publication.triggers
						.filter((t) => t.status === 'failed')
						.map((t) => t.errorMessage);
					throw new Error(`Activating workflow ${id} failed: ${reasons.join('; ')}`);
				}
				if (Date.now() > deadline)
					throw new Error(`Workflow ${id} still ${publication.status} after ${timeoutMs} ms`);
				await sleep(200);
			}
		},

		async deactivateWorkflow(id) {
			if (major(provisioned.version) >= 2)
				return (await client.post(`/rest/workflows/${id}/deactivate`, {})).data;
			const { versionId } = await client.getWorkflow(id);
			return (await client.patch(`/rest/workflows/${id}`, { active: false, versionId })).data;
		},

		// All loaded node types. GET /types/nodes.json is what the editor loads; it needs a
		// session in 2.x (public in 1.x). Names are `<package>.<node>`, e.g. n8n-nodes-smepay.smePay.
		async listNodeTypes() {
			return client.getJson('/types/nodes.json');
		},

		async listCredentialTypes() {
			return client.getJson('/types/credentials.json');
		},

		// Manual run (the editor's "Execute workflow"), then wait for the execution and return it
		// with its run data decoded. POST /rest/workflows/:id/run: 2.x runs the stored workflow and
		// needs `triggerToStartFrom` (or `destinationNode`); 1.x wants `workflowData` too.
		async runWorkflow(id, { triggerName, timeoutMs = 120_000 } = {}) {
			const workflow = await client.getWorkflow(id);
			const trigger = triggerName
				? workflow.nodes.find((n) => n.name === triggerName)
				: workflow.nodes.find((n) => /manualTrigger$/.test(n.type)) ||
					workflow.nodes.find((n) => /trigger/i.test(n.type));
			if (!trigger) throw new Error(`Workflow ${id} has no trigger node to start from`);
			const { data } = await client.post(`/rest/workflows/${id}/run`, {
				workflowData: workflow,
				triggerToStartFrom: { name: trigger.name },
			});
			if (!data || !data.executionId) {
				throw new Error(
					`Workflow ${id} did not start (answer: ${JSON.stringify(data)}); a trigger that waits for a webhook cannot be run this way`,
				);
			}
			return client.waitForExecution(data.executionId, { timeoutMs });
		},

		// GET /rest/executions/:id until it has finished; `data` (run data) is decoded.
		async waitForExecution(executionId, { timeoutMs = 120_000 } = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				let execution;
				try {
					({ data: execution } = await client.get(`/rest/executions/${executionId}`));
				} catch (error) {
					// A busy n8n may close a kept-alive socket as it is reused (ECONNRESET): ask again.
					if (!isNetworkError(error) || Date.now() > deadline) throw error;
					await sleep(250);
					continue;
				}
				const done =
					execution &&
					(execution.finished ||
						['success', 'error', 'crashed', 'canceled'].includes(execution.status));
				if (done) {
					execution.data = decodeExecutionData(execution.data, provisioned);
					return execution;
				}
				if (Date.now() > deadline)
					throw new Error(
						`Execution ${executionId} still ${execution && execution.status} after ${timeoutMs} ms`,
					);
				await sleep(250);
			}
		},
	});
}

// Execution data is stored in `flatted` format; use n8n's own copy to decode it.
function decodeExecutionData(data, provisioned) {
	if (typeof data !== 'string') return data;
	const requireFromN8n = createRequire(
		path.join(provisioned.n8nDir, 'node_modules', 'n8n', 'package.json'),
	);
	return requireFromN8n('flatted').parse(data);
}

// Small fetch-based REST client that keeps the `n8n-auth` cookie. A fixed `browser-id` header
// is sent because n8n binds the session cookie to the browser id it was issued with.
function restClient(
	baseUrl,
	{ cookies: initialCookies = {}, browserId = `smepay-harness-${process.pid}` } = {},
) {
	const cookies = new Map(Object.entries(initialCookies));
	async function request(method, url, body, { raw = false } = {}) {
		const headers = { accept: 'application/json', 'browser-id': browserId };
		if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		if (body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(baseUrl + url, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		for (const line of res.headers.getSetCookie ? res.headers.getSetCookie() : []) {
			const [pair] = line.split(';');
			const i = pair.indexOf('=');
			cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
		}
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!res.ok) {
			const message = (json && (json.message || json.error)) || text.slice(0, 300);
			const error = new Error(`${method} ${url} -> ${res.status}: ${message}`);
			error.status = res.status;
			error.body = json || text;
			throw error;
		}
		return raw ? json : json || {};
	}
	return {
		baseUrl,
		cookies,
		browserId,
		session: () => ({ cookies: Object.fromEntries(cookies), browserId }),
		get: (url) => request('GET', url),
		post: (url, body) => request('POST', url, body),
		patch: (url, body) => request('PATCH', url, body),
		delete: (url) => request('DELETE', url),
		getJson: (url) => request('GET', url, undefined, { raw: true }),
	};
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

const isNetworkError = (error) =>
	// By name: under jest the fetch error's TypeError is another realm's, so instanceof is false.
	error?.name === 'TypeError' && /fetch failed/.test(error.message) && error.cause !== undefined;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const major = (version) => Number(String(version).split('.')[0]);
const nodeMajor = (provisioned) =>
	major(String(provisioned.nodeVersion || process.version).replace(/^v/, ''));

module.exports = { startN8n, connectN8n, freePort };
