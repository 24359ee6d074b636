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
		// The sandbox's finished deliveries of one payout's webhook (each with the answer it got).
		payoutDeliveries: async (payoutId) =>
			(await control('GET', '/ledger')).webhooks.filter(
				(d) => d.kind === 'payout' && d.id === payoutId,
			),
		workflowId,
		executions: (id) => executionsOf(api, id),
		binaryText,
		webhookUrl: (path) => `${state.baseUrl}/webhook/${path}`,
	};
}

/** Executions of one workflow, newest first (GET /rest/executions, same shape in 1.x and 2.x). */
async function executionsOf(api, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { data } = await api.get(`/rest/executions?filter=${filter}&limit=100`);
	// n8n 2.x can list an execution twice while it moves from running to finished.
	const byId = new Map(data.results.map((execution) => [String(execution.id), execution]));
	return [...byId.values()];
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

/**
 * A workflow of one SMEPay Trigger (Verify With SMEPay on unless given), imported and activated:
 * its id and Production URL.
 */
async function activeTrigger(stack, name, parameters, credentials, settings = {}) {
	const webhookId = `e2e-${name}-${Date.now().toString(36)}`;
	const workflow = await stack.api.importWorkflow({
		name: `E2E trigger: ${name}`,
		nodes: [
			{
				parameters: { verify: true, options: {}, ...parameters },
				id: `trigger-${webhookId}`,
				name: 'SMEPay Trigger',
				type: 'n8n-nodes-smepay.smePayTrigger',
				typeVersion: 2,
				position: [0, 0],
				credentials,
				webhookId,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1', ...settings },
	});
	await stack.api.activateWorkflow(workflow.id);
	return { id: workflow.id, url: stack.webhookUrl(`${webhookId}/webhook`) };
}

/** POSTs JSON as SMEPay does: the status and the answer's body (undefined if not JSON). */
async function postWebhook(url, body, { timeoutMs = 15_000 } = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** POSTs JSON to the sandbox's API: the answer's body; throws on a status other than 2xx. */
async function postJson(url, body, headers = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(10_000),
	});
	const json = await response.json();
	if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
	return json;
}

/** A payout made straight at the sandbox (test keys); its webhook goes to callbackUrl, if given. */
async function sandboxPayout(stack, { callbackUrl, amount, reference }) {
	const { testUrl, clients } = stack.state.sandbox;
	const { clientId, clientSecret } = clients.disbursement.test;
	const auth = await postJson(`${testUrl}/api/v1/disbursement/auth`, {
		client_id: clientId,
		client_secret: clientSecret,
	});
	const created = await postJson(
		`${testUrl}/api/v1/disbursement/payouts`,
		{
			reference_id: reference,
			amount,
			payment_mode: 'IMPS',
			beneficiary_name: 'Asha Traders',
			beneficiary_account: '123456789012',
			beneficiary_ifsc: 'HDFC0001234',
			...(callbackUrl ? { callback_url: callbackUrl } : {}),
		},
		{ authorization: `Bearer ${auth.data.token}` },
	);
	return created.data;
}

module.exports = {
	connectStack,
	executionsOf,
	waitFor,
	nodeOutput,
	manualStart,
	oneSmePayNodeWorkflow,
	activeTrigger,
	postWebhook,
	postJson,
	sandboxPayout,
};
