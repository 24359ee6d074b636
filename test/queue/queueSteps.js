'use strict';
// Steps the queue-mode tests share: sheets of payout rows, running the sheet workflow, and
// reading results back from the sandbox ledger and n8n's database.

const BENEFICIARY = { name: 'Ravi Kumar', account: '123456789012', ifsc: 'HDFC0001234' };
let counter = 0;

/** A Reference ID prefix unique within the run. */
function newPrefix(label) {
	return `Q${label}-${Date.now().toString(36)}-${++counter}`;
}

/** `count` valid rows: amounts 100.00–149.99, IMPS. */
function sheet(prefix, count, extra = {}) {
	return Array.from({ length: count }, (_, i) => ({
		ref: `${prefix}-${String(i).padStart(4, '0')}`,
		amount: `${100 + (i % 50)}.${String(i % 100).padStart(2, '0')}`,
		mode: 'IMPS',
		...BENEFICIARY,
		remarks: 'queue mode payout',
		...extra,
	}));
}

/** Starts the sheet workflow (it goes to a worker) and returns its execution id at once. */
async function startSheetRun(h) {
	const workflow = await h.api.getWorkflow(h.sheetWorkflowId);
	const { data } = await h.api.post(`/rest/workflows/${h.sheetWorkflowId}/run`, {
		workflowData: workflow,
		triggerToStartFrom: { name: 'Start' },
	});
	if (!data || !data.executionId) throw new Error(`run did not start: ${JSON.stringify(data)}`);
	return data.executionId;
}

/** Pays `rows` through the sheet workflow; returns { execution, items, worker }. */
async function paySheet(h, rows, { timeoutMs = 240_000 } = {}) {
	h.recorder.setRows(rows);
	const id = await startSheetRun(h);
	const execution = await h.api.waitForExecution(id, { timeoutMs });
	return { execution, items: smePayItems(execution), worker: h.cluster.workerOf(id) };
}

function smePayItems(execution) {
	const runs = execution.data?.resultData?.runData?.SMEPay;
	if (!runs) {
		const error = execution.data?.resultData?.error;
		throw new Error(
			`execution ${execution.id} ${execution.status} without SMEPay output${error ? `: ${error.message}` : ''}`,
		);
	}
	return runs[0].data.main[0].map((item) => item.json);
}

async function payoutsWithPrefix(h, prefix) {
	return (await h.ledger()).payouts.filter((p) => p.reference_id.startsWith(`${prefix}-`));
}

async function disbursementTokens(h) {
	return (await h.ledger()).tokens.disbursement;
}

/** The credential as n8n stores it (encrypted) in PostgreSQL. */
function storedCredential(h, id) {
	return h.services.psql(
		`select data from credentials_entity where id = '${id.replace(/'/g, '')}'`,
	);
}

/** Polls `probe` every `everyMs` until it returns a truthy value or `timeoutMs` passes. */
async function waitUntil(what, probe, { timeoutMs = 60_000, everyMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}

module.exports = {
	newPrefix,
	sheet,
	startSheetRun,
	paySheet,
	smePayItems,
	payoutsWithPrefix,
	disbursementTokens,
	storedCredential,
	waitUntil,
};
