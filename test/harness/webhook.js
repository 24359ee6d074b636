'use strict';
// Serves a trigger node's webhook on loopback the way n8n does: a real HTTP server reads and parses
// the body (as n8n's body parser), builds n8n-core's WebhookContext (the IWebhookFunctions n8n
// gives trigger nodes) over a fresh Workflow per request with the static data n8n would have saved,
// calls the node's webhook(), writes the answer it asks for, and records what it emitted as runs.
const http = require('node:http');
const { ExecuteContext, WebhookContext } = require('n8n-core');
// n8n-core's own copies (it may have newer ones than the top level): the Logger nodes get.
const fromCore = (name) => require(require.resolve(name, { paths: [require.resolve('n8n-core')] }));
const { Logger } = fromCore('@n8n/backend-common');
const { Container } = fromCore('@n8n/di');
const { createRunExecutionData, Workflow } = require('n8n-workflow');

const { PACKAGE } = require('./nodeTypes');

const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024; // n8n's N8N_PAYLOAD_SIZE_MAX default (16 MiB)
let serverCounter = 0;

/**
 * Starts a server for one workflow whose only node is the trigger.
 * @param {import('./engine').Engine} engine  its node types and credentials store are used
 * @param {{ type?: string, parameters?: object, credentials?: object, name?: string }} trigger
 */
async function startWebhookServer(engine, trigger) {
	const server = new WebhookServer(engine, trigger);
	await server.listen();
	return server;
}

class WebhookServer {
	constructor(
		engine,
		{
			type = 'smePayTrigger',
			typeVersion = 2,
			parameters = {},
			n8nMajor = 2,
			credentials = {},
			name = 'SMEPay Trigger',
		},
	) {
		const id = ++serverCounter;
		this.engine = engine;
		/** How n8n saves static data: 2 (2.x) or 1 (1.x, where the webhook's own save works). */
		this.n8nMajor = n8nMajor;
		this.workflowId = `wf-webhook-${id}`;
		this.node = {
			id: `node-trigger-${id}`,
			name,
			type: `${PACKAGE}.${type}`,
			typeVersion,
			position: [0, 0],
			webhookId: `hook-${id}`,
			parameters,
			credentials,
		};
		/** Workflow static data as n8n keeps it in its database between requests. */
		this.savedStaticData = {};
		/** Emitted workflowData, one entry per started run: { mode, items }. */
		this.runs = [];
		/** Every answer: { mode, status, body }. */
		this.responses = [];
		/** Errors thrown by webhook() (n8n answers 500 and records a failed execution). */
		this.errors = [];
		this.testListening = false;
		this.server = http.createServer((req, res) => void this.handle(req, res));
	}

	async listen() {
		// A backlog for floods of a thousand webhooks at once (Node's default, 511, resets the rest).
		const options = { port: 0, host: '127.0.0.1', backlog: 4096 };
		await new Promise((resolve) => this.server.listen(options, resolve));
		this.baseUrl = `http://127.0.0.1:${this.server.address().port}`;
	}

	close() {
		return new Promise((resolve) => this.server.close(resolve));
	}

	/** What the node's "Production URL" would be, with an optional query (?slug=…&token=…). */
	productionUrl(query = {}) {
		return withQuery(`${this.baseUrl}/webhook/${this.node.webhookId}/webhook`, query);
	}

	/** The "Test URL": it answers only while listening, once, like n8n's "Listen for test event". */
	testUrl(query = {}) {
		return withQuery(`${this.baseUrl}/webhook-test/${this.node.webhookId}/webhook`, query);
	}

	listenForTestEvent() {
		this.testListening = true;
	}

	/** The node's own static data, as saved after the last production request. */
	nodeStaticData() {
		return this.savedStaticData[`node:${this.node.name}`] ?? {};
	}

	/** POSTs to the server; body is JSON-encoded unless `raw` (a string) is given. */
	async post(url, body, { headers = {}, raw } = {}) {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: raw ?? JSON.stringify(body),
		});
		const text = await response.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: response.status, body: parsed };
	}

	async handle(req, res) {
		addExpressResponse(res);
		const url = new URL(req.url, this.baseUrl);
		const mode = this.modeFor(url.pathname);
		if (mode === undefined || req.method !== 'POST') {
			res.status(404).json({ message: 'The requested webhook is not registered.' });
			return;
		}
		const raw = await readBody(req);
		if (raw === undefined) {
			res.status(413).json({ message: 'Request body too large' });
			return;
		}
		let body;
		try {
			body = parseBody(raw, req.headers['content-type']);
		} catch (error) {
			// n8n's body parser refuses such a request before any node sees it.
			res.status(422).json({ message: 'Failed to parse request body', error: error.message });
			return;
		}
		Object.assign(req, {
			body,
			rawBody: raw,
			query: Object.fromEntries(url.searchParams),
			params: {},
			header: (name) => req.headers[name.toLowerCase()],
		});
		const recordAnswer = () =>
			this.responses.push({ mode, status: res.statusCode, body: res.sentBody });
		res.on('finish', recordAnswer);

		const staticData = structuredClone(this.savedStaticData);
		const workflow = this.workflow(mode, staticData);
		const node = workflow.getNode(this.node.name);
		const additionalData = this.additionalData(req, res);
		const webhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: `${this.node.webhookId}/webhook`,
			webhookDescription: workflow.nodeTypes.getByName(node.type).description.webhooks[0],
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
			isTest: mode === 'manual',
		};
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		const nodeType = workflow.nodeTypes.getByName(node.type);
		let result;
		try {
			result = await nodeType.webhook.call(context);
		} catch (error) {
			this.errors.push(error);
			if (!res.writableEnded) res.status(500).json({ message: 'Workflow could not be started!' });
			return;
		}
		if (result.workflowData !== undefined) {
			// n8n 2.x starts the run before it saves the webhook's static data, and the run builds
			// a Workflow over the same static data object, which clears its "changed" flag
			// (WorkflowRunner.establishContextForPersistence, n8n-workflow's ObservableObject).
			if (this.n8nMajor >= 2) this.workflow(mode, staticData);
		}
		// n8n saves the static data after the webhook call when it changed (production only).
		if (mode === 'webhook') this.saveIfChanged(workflow);
		if (result.workflowData !== undefined && nodeType.execute) {
			// The run: its Workflow holds the static data as saved, its first node is the trigger
			// (n8n calls a webhook node's execute() when it has one), and n8n saves the static data
			// when the run ends, when it changed.
			const run = this.workflow(mode, structuredClone(this.savedStaticData));
			const items = result.workflowData[0];
			const runNode = run.getNode(this.node.name);
			const executeContext = new ExecuteContext(
				run,
				runNode,
				additionalData,
				mode,
				createRunExecutionData(),
				0,
				items,
				{ main: [items] },
				{ node: runNode, data: { main: [items] }, source: null },
				[],
			);
			result.workflowData = await nodeType.execute.call(executeContext);
			if (mode === 'webhook') this.saveIfChanged(run);
		}
		if (result.noWebhookResponse === true) {
			if (!res.writableEnded) {
				this.errors.push(new Error('noWebhookResponse without an answer written'));
				res.status(500).json({ message: 'no answer written' });
			}
			return;
		}
		if (result.workflowData !== undefined) {
			this.runs.push({ mode, items: result.workflowData[0].map((item) => item.json) });
		}
		const fallback = result.workflowData ? 'Workflow was started' : 'Webhook call received';
		res.status(200).json(result.webhookResponse ?? { message: fallback });
	}

	modeFor(pathname) {
		if (pathname === `/webhook/${this.node.webhookId}/webhook`) return 'webhook';
		if (pathname === `/webhook-test/${this.node.webhookId}/webhook` && this.testListening) {
			this.testListening = false;
			return 'manual';
		}
		return undefined;
	}

	saveIfChanged(workflow) {
		if (workflow.staticData.__dataChanged !== true) return;
		this.savedStaticData = JSON.parse(JSON.stringify(workflow.staticData));
	}

	/** A Workflow over `staticData` (read from the "database"), as n8n builds one per request. */
	workflow(mode, staticData) {
		return new Workflow({
			id: this.workflowId,
			name: 'webhook test',
			nodes: [structuredClone(this.node)],
			connections: {},
			nodeTypes: this.engine.nodeTypes,
			active: mode === 'webhook',
			staticData,
			settings: {},
		});
	}

	additionalData(req, res) {
		return {
			executionId: undefined,
			credentialsHelper: this.engine.credentials,
			httpRequest: req,
			httpResponse: res,
			restApiUrl: `${this.baseUrl}/rest`,
			instanceBaseUrl: `${this.baseUrl}/`,
			webhookBaseUrl: `${this.baseUrl}/webhook`,
			webhookWaitingBaseUrl: `${this.baseUrl}/webhook-waiting`,
			webhookTestBaseUrl: `${this.baseUrl}/webhook-test`,
			formWaitingBaseUrl: `${this.baseUrl}/form-waiting`,
			variables: {},
			userId: 'test-user',
			setExecutionStatus: () => {},
			sendDataToUI: () => {},
		};
	}
}

/** The raw body, or undefined past n8n's payload limit. */
function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
		});
		req.on('end', () => resolve(size > MAX_PAYLOAD_BYTES ? undefined : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** n8n's body parser: JSON, form-encoded, plain text; other types leave the body empty. */
function parseBody(raw, contentType = '') {
	if (raw.length === 0) return {};
	const type = contentType.split(';')[0].trim().toLowerCase();
	if (type === 'application/json') return JSON.parse(raw.toString('utf8'));
	if (type === 'application/x-www-form-urlencoded') {
		return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	}
	if (type === 'text/plain') return raw.toString('utf8');
	return {};
}

/** The two Express response methods trigger nodes use, on the real ServerResponse. */
function addExpressResponse(res) {
	res.status = (code) => {
		res.statusCode = code;
		return res;
	};
	res.json = (body) => {
		res.sentBody = body;
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify(body));
		return res;
	};
}

function withQuery(url, query) {
	const search = new URLSearchParams(query).toString();
	return search ? `${url}?${search}` : url;
}

/**
 * Records what nodes write to n8n's log (the Logger every node context's `this.logger` is), still
 * passing each call on to it. Returns { entries: [{ level, message, meta }], stop() }.
 */
function captureLogs(levels = ['error', 'warn']) {
	const logger = Container.get(Logger);
	const entries = [];
	const originals = {};
	for (const level of levels) {
		originals[level] = logger[level];
		logger[level] = function (message, meta) {
			entries.push({ level, message, meta });
			return originals[level].call(this, message, meta);
		};
	}
	return {
		entries,
		stop() {
			for (const level of levels) logger[level] = originals[level];
		},
	};
}

/**
 * captureLogs() around every test of the file (or describe block) that calls it: `entries` are
 * always the current test's.
 */
function logsOfEachTest(levels) {
	let current;
	beforeEach(() => {
		current = captureLogs(levels);
	});
	afterEach(() => current.stop());
	return {
		get entries() {
			return current.entries;
		},
	};
}

module.exports = { startWebhookServer, captureLogs, logsOfEachTest };
