'use strict';
// What the e2e test files share: a logged-in n8n REST client for the stack globalSetup started,
// the sandbox's control API, and bounded waiting.
const fs = require('node:fs');
const { connectN8n } = require('../../scripts/n8n/instance');
const { sandboxControl } = require('../harness/sandboxControl');

function loadState() {
	const file = process.env.SMEPAY_E2E_STATE;
	if (!file)
		throw new Error('SMEPAY_E2E_STATE is not set: run through jest -c test/e2e/jest.config.js');
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

async function connectStack() {
	const state = loadState();
	const n8n = connectN8n({ baseUrl: state.baseUrl, provisioned: state.provisioned });
	// One login per run (the global setup's): n8n answers 429 after a few logins a minute.
	const api = n8n.resume(state.session);

	const control = sandboxControl(state.sandbox.controlUrl);

	function workflowId(name) {
		const id = state.workflows[name];
		if (!id)
			throw new Error(
				`workflow "${name}" was not imported (have: ${Object.keys(state.workflows).join(', ')})`,
			);
		return id;
	}

	// Executions of one workflow, newest first (GET /rest/executions, same shape in 1.x and 2.x).
	async function executions(id) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: id }));
		const { data } = await api.get(`/rest/executions?filter=${filter}&limit=100`);
		// n8n 2.x can list an execution twice while it moves from running to finished.
		const byId = new Map(data.results.map((execution) => [String(execution.id), execution]));
		return [...byId.values()];
	}

	// The bytes of a binary property of an execution's item: inline base64 (1.x default mode) or
	// stored by n8n (2.x filesystem mode), fetched the way the editor's download button does.
	async function binaryText(binary) {
		if (!String(binary.data).startsWith('filesystem'))
			return Buffer.from(binary.data, 'base64').toString('utf8');
		const url = `${state.baseUrl}/rest/binary-data?id=${encodeURIComponent(binary.id)}&action=download`;
		const response = await fetch(url, {
			headers: {
				cookie: [...api.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
				'browser-id': api.browserId,
			},
		});
		if (!response.ok) throw new Error(`binary download: ${response.status}`);
		return await response.text();
	}

	return {
		state,
		api,
		control,
		ledger: () => control('GET', '/ledger'),
		workflowId,
		executions,
		binaryText,
		webhookUrl: (path) => `${state.baseUrl}/webhook/${path}`,
	};
}

/** Polls fn until it returns something truthy; fails after timeoutMs saying what it waited for. */
async function waitFor(what, fn, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await fn();
		if (last) return last;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** A Manual Trigger node named "Start", at the left of a workflow. */
function manualStart() {
	return {
		id: 'manual',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/** A workflow of a Manual Trigger and one SMEPay node named "SMEPay", to import and run. */
function oneSmePayNodeWorkflow(name, parameters, credentials) {
	return {
		name,
		nodes: [
			manualStart(),
			{
				id: 'smepay',
				name: 'SMEPay',
				type: 'n8n-nodes-smepay.smePay',
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials,
			},
		],
		connections: { Start: { main: [[{ node: 'SMEPay', type: 'main', index: 0 }]] } },
	};
}

/** The items a node output in an execution (first run, first output unless given). */
function nodeOutput(execution, nodeName, { run = 0, output = 0 } = {}) {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs) return undefined;
	return (runs[run].data?.main?.[output] || []).map((item) => item);
}

module.exports = { connectStack, waitFor, nodeOutput, manualStart, oneSmePayNodeWorkflow };
