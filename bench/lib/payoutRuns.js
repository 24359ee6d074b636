'use strict';
// One measured payout batch in n8n: import the workflow, start from a cold token (every token the
// sandbox issued is expired, so the run must exchange or renew), run it through n8n's REST API,
// and read from the execution record how long the paying node(s) took.

const { resetPeak, peakMb } = require('./memory');

async function runN8nBatch({ api, n8nPid, sandbox, workflow, timeoutMs = 600_000 }) {
	const { workNodes, ...definition } = workflow;
	const created = await api.importWorkflow(definition);
	await sandbox.expireTokens();
	const tokensBefore = (await sandbox.ledger()).tokens.disbursement;
	resetPeak(n8nPid);
	const execution = await api.runWorkflow(created.id, { timeoutMs });
	const memoryPeakMb = peakMb(n8nPid);
	const tokensAfter = (await sandbox.ledger()).tokens.disbursement;
	const runData = execution.data.resultData.runData;
	const error = execution.data.resultData.error;
	if (execution.status !== 'success') {
		throw new Error(
			`${workflow.name}: execution ${execution.id} ${execution.status}: ${error ? error.message : '?'}`,
		);
	}
	const nodeMs = workNodes.reduce((sum, name) => sum + runData[name][0].executionTime, 0);
	const nodeStartedAt = runData[workNodes[0]][0].startTime;
	const lastNode = runData[workNodes[workNodes.length - 1]][0];
	const items = lastNode.data.main[0];
	return {
		executionId: execution.id,
		nodeMs,
		nodeStartedAt,
		executionMs: new Date(execution.stoppedAt) - new Date(execution.startedAt),
		rowsOut: items.length,
		errors: items.filter((item) => item.json.error !== undefined).length,
		tokenExchanges: tokensAfter - tokensBefore,
		memoryPeakMb,
		items,
	};
}

module.exports = { runN8nBatch };
