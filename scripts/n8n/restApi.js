'use strict';
// The REST API of a running n8n, as the editor calls it: owner setup, login or a resumed session,
// then credentials, workflows, node types and executions. Works with n8n 2.41.x and 1.123.x;
// where the two differ, versions.js says how.

const path = require('node:path');
const { createRequire } = require('node:module');
const { restClient } = require('./restClient');
const { loginBody, activateWorkflow, deactivateWorkflow } = require('./versions');

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

		// POST /rest/login (its body differs by version: see versions.js).
		async login({ email, password }) {
			const client = restClient(baseUrl);
			const { data } = await client.post('/rest/login', loginBody({ email, password }));
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

		// The editor's Save on a credential it opened: it loads the saved values (GET
		// ?includeData=true: secrets and the hidden token redacted), changes the fields the user
		// edited and sends the whole form back (PATCH); n8n puts the redacted values back from what
		// it stored, so fields the user did not touch (the hidden token too) keep their values.
		async updateCredential(id, changes) {
			const { data: stored } = await client.get(`/rest/credentials/${id}?includeData=true`);
			const { data: updated } = await client.patch(`/rest/credentials/${id}`, {
				name: stored.name,
				type: stored.type,
				data: { ...stored.data, ...changes },
			});
			return updated;
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

		// Activated (2.x: published and its triggers registered) when this resolves; see versions.js.
		async activateWorkflow(id, options) {
			return activateWorkflow(client, provisioned.version, id, options);
		},

		async deactivateWorkflow(id) {
			return deactivateWorkflow(client, provisioned.version, id);
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

const isNetworkError = (error) =>
	// By name: under jest the fetch error's TypeError is another realm's, so instanceof is false.
	error?.name === 'TypeError' && /fetch failed/.test(error.message) && error.cause !== undefined;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

module.exports = { connectN8n };
