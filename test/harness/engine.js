'use strict';
// Runs real n8n workflows in-process: n8n-core's WorkflowExecute over the built node classes,
// credentials through CredentialsStore, real HTTP (to the sandbox on loopback).
const { ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const { createRunExecutionData, Workflow } = require('n8n-workflow');

const { CredentialsStore } = require('./CredentialsStore');
const { HELPER_NODE_TYPES } = require('./helperNodes');
const { PACKAGE, loadCredentialTypes, loadNodeTypes } = require('./nodeTypes');

let executionCounter = 0;

class Engine {
	constructor() {
		this.credentials = new CredentialsStore(loadCredentialTypes());
		this.nodeTypes = loadNodeTypes(HELPER_NODE_TYPES);
	}

	/**
	 * Runs a workflow whose first node receives `input` (an array of JSON objects or items) and
	 * returns { run, output(nodeName) → items, error }.
	 */
	async run({ nodes, connections = {}, input = [{}], settings = {} }) {
		const executionId = String(++executionCounter);
		const workflow = new Workflow({
			id: `wf-${executionId}`,
			name: 'test',
			nodes: nodes.map(withNodeDefaults),
			connections,
			nodeTypes: this.nodeTypes,
			active: false,
			settings,
		});
		const hooks = new ExecutionLifecycleHooks('manual', executionId, {
			id: workflow.id,
			name: 'test',
			active: false,
			nodes,
			connections,
			settings,
			createdAt: new Date(),
			updatedAt: new Date(),
		});
		let resolveRun;
		const finished = new Promise((resolve) => (resolveRun = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));

		const additionalData = {
			executionId,
			credentialsHelper: this.credentials,
			hooks,
			restApiUrl: 'http://127.0.0.1/rest',
			instanceBaseUrl: 'http://127.0.0.1/',
			webhookBaseUrl: 'http://127.0.0.1/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
			formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
			currentNodeParameters: undefined,
			variables: {},
			userId: 'test-user',
			setExecutionStatus: () => {},
			sendDataToUI: () => {},
			executeWorkflow: async () => {
				throw new Error('not supported in tests');
			},
		};

		const startNode = workflow.getNode(nodes[0].name);
		const items = input.map((entry) => (entry && entry.json ? entry : { json: entry }));
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: startNode, data: { main: [items] }, source: null }],
			},
		});
		const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
		await execution.processRunExecutionData(workflow);
		const run = await finished;
		return new RunResult(run);
	}
}

class RunResult {
	constructor(run) {
		this.run = run;
		this.error = run.data.resultData.error;
	}

	/** The items a node put out on its first output (run 0). */
	output(nodeName, outputIndex = 0) {
		const taskData = this.run.data.resultData.runData[nodeName];
		if (!taskData)
			throw new Error(
				`Node "${nodeName}" did not run${this.error ? `: ${this.error.message}` : ''}`,
			);
		if (taskData[0].error) throw taskData[0].error;
		return taskData[0].data.main[outputIndex] ?? [];
	}

	nodeError(nodeName) {
		return this.run.data.resultData.runData[nodeName]?.[0]?.error;
	}
}

function withNodeDefaults(node, index) {
	return {
		id: node.id ?? `node-${index}`,
		typeVersion: 1,
		position: [index * 200, 0],
		parameters: {},
		...node,
		type: node.type.includes('.') ? node.type : `${PACKAGE}.${node.type}`,
	};
}

module.exports = { Engine };
