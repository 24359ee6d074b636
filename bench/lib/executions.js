'use strict';
// Reading n8n's execution records of one workflow through the REST API the editor uses.

const PAGE = 100; // n8n's maximum page size

/**
 * Every execution of a workflow (summaries: id, status, startedAt, stoppedAt), each once: while
 * runs are finishing, n8n's pages can show one execution twice and miss another (its order
 * changes under the cursor; seen in queue mode), so callers compare the count and read again.
 */
async function listExecutions(api, workflowId, { maxPages = 200 } = {}) {
	const all = new Map();
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	let cursor;
	for (let page = 0; page < maxPages; page++) {
		const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
		const { data } = await api.get(`/rest/executions?filter=${filter}&limit=${PAGE}${after}`);
		for (const execution of data.results || []) all.set(execution.id, execution);
		cursor = data.nextCursor;
		if (!cursor || (data.results || []).length === 0) return [...all.values()];
	}
	throw new Error(`more than ${maxPages * PAGE} executions of workflow ${workflowId}`);
}

/** How many executions the workflow has (n8n counts them; no list is sent). */
async function countExecutions(api, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { data } = await api.get(`/rest/executions?filter=${filter}&limit=1`);
	return data.count;
}

/** Waits (bounded) until `expected` executions of the workflow exist and all have finished. */
async function waitForExecutions(api, workflowId, expected, { timeoutMs = 300_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if ((await countExecutions(api, workflowId)) >= expected) {
			const executions = await listExecutions(api, workflowId);
			const running = executions.filter((e) => ['running', 'new', 'waiting'].includes(e.status));
			if (running.length === 0) return executions;
		}
		if (Date.now() > deadline) {
			throw new Error(
				`workflow ${workflowId}: ${expected} executions not finished after ${timeoutMs} ms`,
			);
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/** The first output item of the trigger node in an execution's run data. */
async function triggerOutput(api, executionId, nodeName) {
	return (await finishedRun(api, executionId, nodeName)).output;
}

/**
 * A finished execution: its status, the trigger node's first output item, and the error that
 * stopped it (first line), so a bench can say why runs failed, not only how many.
 */
async function finishedRun(api, executionId, nodeName) {
	const execution = await api.waitForExecution(executionId, { timeoutMs: 60_000 });
	const { runData = {}, error } = execution.data.resultData;
	const run = runData[nodeName];
	return {
		status: execution.status,
		output: run ? run[0].data.main[0][0].json : undefined,
		error: error ? String(error.message ?? error).split('\n')[0] : undefined,
	};
}

module.exports = {
	listExecutions,
	countExecutions,
	waitForExecutions,
	triggerOutput,
	finishedRun,
};
