'use strict';
// examples/spreadsheet-payouts.json as a finance team runs it: the pay run's rows in the n8n Data
// Table "SMEPay payouts" → Preview Payouts → an n8n Form page that shows the summary and waits for
// Approve / Reject → the rows read again → Send Payouts with the approved fingerprint and a Batch
// Limit → Wait For Payouts → results written back and a batch report page. The forms are driven
// over HTTP as n8n's page script drives them in a browser (formClient.js); what was paid is read
// from the sandbox's ledger, not from the workflow's own output.
const crypto = require('node:crypto');
const { connectStack, nodeOutput, waitFor } = require('./stackClient');
const { openForm, submitForm } = require('./formClient');
const { dataTables } = require('../../scripts/n8n/dataTables');
const {
	PAYOUTS_TABLE,
	payoutRow,
	pointAtCredentials,
	pointAtDataTables,
} = require('../../scripts/lib/demoSetup');
const { readExamples } = require('../../scripts/starter');

const WORKFLOW = 'SMEPay example: spreadsheet payouts';
const FORM_PATH = 'smepay-pay-run'; // the example's Form Trigger path
const UNPAID = {
	type: 'or',
	filters: [
		{ columnName: 'outcome', condition: 'eq', value: null },
		{ columnName: 'outcome', condition: 'eq', value: '' },
		{ columnName: 'outcome', condition: 'eq', value: 'NOT SENT' },
	],
};
let stack;
let tables;
let tableId;
const activated = [];

beforeAll(async () => {
	stack = await connectStack();
	tables = dataTables(stack.api);
	tableId = stack.state.dataTables[PAYOUTS_TABLE.name].id;
	await stack.api.activateWorkflow(stack.workflowId(WORKFLOW));
	activated.push(stack.workflowId(WORKFLOW));
});

afterAll(async () => {
	for (const id of activated) await stack.api.deactivateWorkflow(id).catch(() => {});
});

const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');
const paise = (amount) => Math.round(Number(amount) * 100);
const batchId = () => `E2E-${Date.now().toString(36).toUpperCase()}`;

function disbursementBalance(ledger) {
	return ledger.balances[stack.state.sandbox.clients.disbursement.test.clientId].availablePaise;
}

/** Payouts the sandbox holds that it did not hold in `before`. */
function newPayouts(before, after) {
	const known = new Set(before.payouts.map((p) => p.id));
	return after.payouts.filter((p) => !known.has(p.id));
}

/** The first page of the pay run, submitted: the approval page it leads to. */
async function startPayRun(path = FORM_PATH) {
	const start = await openForm(`${stack.state.baseUrl}/form/${path}`);
	expect(start.title).toBe('SMEPay pay run');
	const { page, executionId } = await submitForm(start, { 'Your name': 'E2E approver' });
	expect(page.title).toBe('Approve the pay run');
	expect(page.fields.find((f) => f.label === 'Decision').options).toEqual(['Approve', 'Reject']);
	return { page, executionId };
}

/** Submits the decision; returns the last page (the report or the "nothing paid" ending). */
async function decide(approval, decision) {
	const { page, status } = await submitForm(approval, { Decision: decision });
	expect(page).toBeDefined(); // a status of its own (`${status}`) would mean no ending page
	return page;
}

test('approve: exactly the rows unpaid when approved are paid, once; the refused row is not; results and report', async () => {
	const unpaid = await tables.listRows(tableId, { filter: UNPAID });
	const good = unpaid.filter((row) => /^[A-Z]{4}0[A-Z0-9]{6}$/.test(row.beneficiary_ifsc));
	const bad = unpaid.filter((row) => !good.includes(row));
	expect(good.length).toBeGreaterThanOrEqual(2); // the seed rows npm start adds
	expect(bad.length).toBeGreaterThanOrEqual(1);
	const before = await stack.ledger();

	const { page: approval } = await startPayRun();
	// The page a person approves: counts, total, the refused row and why, the fingerprint; no
	// beneficiary name or account number.
	const total = good.reduce((sum, row) => sum + paise(row.amount), 0);
	expect(approval.text).toContain(`${good.length} of ${unpaid.length} rows will be paid`);
	expect(approval.text).toContain(
		`₹${(total / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`,
	);
	for (const row of bad)
		expect(approval.text).toContain(`${row.reference_id}: Beneficiary IFSC is not a valid IFSC`);
	expect(approval.text).toMatch(/Batch fingerprint: sha256:[0-9a-f]{64}/);
	for (const row of unpaid) {
		expect(approval.text).not.toContain(row.beneficiary_name);
		expect(approval.text).not.toContain(row.beneficiary_account);
	}
	expect((await stack.ledger()).requests).toBe(before.requests); // the preview called nothing

	const report = await decide(approval, 'Approve');
	expect(report.title).toBe('Pay run finished');
	expect(report.text).toContain(`PAID ${good.length}`);
	expect(report.text).toContain(`NOT SENT ${bad.length}`);

	// The sandbox paid each good row once, to its account and IFSC, for its amount and mode.
	const after = await stack.ledger();
	const paid = newPayouts(before, after);
	expect(paid.map((p) => p.reference_id).sort()).toEqual(good.map((r) => r.reference_id).sort());
	for (const row of good) {
		const payout = paid.find((p) => p.reference_id === row.reference_id);
		expect(payout).toMatchObject({
			amount: Number(row.amount),
			payment_mode: row.payment_mode,
			beneficiary_account: sha256(row.beneficiary_account),
			beneficiary_ifsc: sha256(row.beneficiary_ifsc),
			status: 'SUCCESS',
		});
	}
	const fees = paid.reduce((sum, p) => sum + paise(p.fee_amount), 0);
	expect(disbursementBalance(before) - disbursementBalance(after)).toBe(total + fees);
	expect(report.text).toContain(`Fees in all: ₹${(fees / 100).toFixed(2)}`);

	// Written back: paid rows with their payout id, the bad row NOT SENT with the reason.
	const rows = await tables.listRows(tableId);
	for (const row of good) {
		const now = rows.find((r) => r.id === row.id);
		const payout = paid.find((p) => p.reference_id === row.reference_id);
		expect(now).toMatchObject({ outcome: 'PAID', payout_id: payout.id });
		expect(now.message).toContain(payout.utr_number);
	}
	for (const row of bad) {
		const now = rows.find((r) => r.id === row.id);
		expect(now).toMatchObject({ outcome: 'NOT SENT', payout_id: '' });
		expect(now.message).toMatch(/IFSC/);
	}

	// The next pay run sees only the row that was not paid, and pays nothing again.
	const { page: next } = await startPayRun();
	expect(next.text).toContain(`0 of ${bad.length} rows will be paid`);
	const again = await decide(next, 'Approve');
	expect(again.title).toBe('Nothing was paid');
	expect(newPayouts(after, await stack.ledger())).toEqual([]);
});

/** Adds rows to the pay-run table (new Reference IDs), returns them as stored. */
async function addRows(count, batch = batchId()) {
	const accounts = ['123456789012', '000111222333', '987654321098'];
	return tables.insertRows(
		tableId,
		Array.from({ length: count }, (_, i) =>
			payoutRow({
				reference_id: `${batch}-${i + 1}`,
				amount: `${100 + i}.25`,
				payment_mode: 'IMPS',
				beneficiary_name: `E2E Payee ${i + 1}`,
				beneficiary_account: accounts[i % accounts.length],
				beneficiary_ifsc: 'HDFC0001234',
			}),
		),
	);
}

test('Approve submitted twice at once (a double click, a retry): each row is paid once', async () => {
	const added = await addRows(2);
	const before = await stack.ledger();
	const { page: approval } = await startPayRun();
	const submits = await Promise.allSettled([
		decide(approval, 'Approve'),
		decide(approval, 'Approve'),
	]);
	const reports = submits.filter((s) => s.status === 'fulfilled').map((s) => s.value);
	expect(reports.length).toBeGreaterThanOrEqual(1);
	expect(reports[0].title).toBe('Pay run finished');
	// n8n 1.123 may resume the waiting run twice: let every run end (no execution running, and
	// no call reaching the sandbox for 4 s).
	let requests = -1;
	await waitFor(
		'the pay runs to end',
		async () => {
			const runs = await stack.executions(stack.workflowId(WORKFLOW));
			const seen = (await stack.ledger()).requests;
			const quiet = seen === requests;
			requests = seen;
			return quiet && runs.every((run) => run.status !== 'running' && run.status !== 'new');
		},
		{ timeoutMs: 120_000, intervalMs: 4000 },
	);

	const paid = newPayouts(before, await stack.ledger());
	expect(paid.map((p) => p.reference_id).sort()).toEqual(added.map((r) => r.reference_id).sort());
	const rows = await tables.listRows(tableId);
	for (const row of added) {
		const payout = paid.find((p) => p.reference_id === row.reference_id);
		expect(rows.find((r) => r.id === row.id).payout_id).toBe(payout.id);
	}
});

test('reject: nothing is paid, no call to SMEPay, the rows stay unpaid', async () => {
	const added = await addRows(2);
	const before = await stack.ledger();
	const { page: approval } = await startPayRun();
	expect(approval.text).toMatch(/2 of \d+ rows will be paid/);

	const ending = await decide(approval, 'Reject');
	expect(ending.title).toBe('Nothing was paid');
	expect(ending.text).toContain('No payout was sent');

	const after = await stack.ledger();
	expect(newPayouts(before, after)).toEqual([]);
	expect(after.requests).toBe(before.requests);
	const rows = await tables.listRows(tableId);
	for (const row of added)
		expect(rows.find((r) => r.id === row.id)).toMatchObject({ outcome: null, payout_id: null });
});

test('a row changed while the run waited for approval: nothing is paid, no call to SMEPay, and the report says why', async () => {
	const unpaidBefore = await tables.listRows(tableId, { filter: UNPAID });
	expect(
		unpaidBefore.filter((r) => r.reference_id.startsWith('E2E-')).length,
	).toBeGreaterThanOrEqual(2);
	const before = await stack.ledger();
	const { page: approval } = await startPayRun();

	// A person edits one amount in the table view after the preview was shown.
	const target = unpaidBefore.find((r) => r.reference_id.startsWith('E2E-'));
	await tables.updateRow(tableId, target.id, { amount: '9999.00' });

	const report = await decide(approval, 'Approve');
	expect(report.title).toBe('Nothing was paid');
	expect(report.text).toContain('These rows changed since they were approved, so nothing was sent');

	const after = await stack.ledger();
	expect(newPayouts(before, after)).toEqual([]);
	expect(after.requests).toBe(before.requests);
	// Every row says why and stays unpaid, for a new pay run that previews them as they are now.
	const rows = await tables.listRows(tableId, { filter: UNPAID });
	expect(rows.map((r) => r.id).sort()).toEqual(unpaidBefore.map((r) => r.id).sort());
	for (const row of rows.filter((r) => r.reference_id.startsWith('E2E-'))) {
		expect(row.outcome).toBe('NOT SENT');
		expect(row.message).toContain('changed since they were approved');
	}
});

test('over the Batch Limit: the run is refused before any call to SMEPay', async () => {
	// The example with a Batch Limit below the rows' total, on its own form path.
	const [example] = readExamples().filter((w) => w.name === WORKFLOW);
	const workflow = JSON.parse(JSON.stringify(example));
	workflow.name = `e2e: pay run over the limit ${batchId()}`;
	const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger');
	trigger.parameters.options.path = `e2e-pay-run-limit-${Date.now()}`;
	trigger.webhookId = crypto.randomUUID();
	for (const node of workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.form'))
		node.webhookId = crypto.randomUUID();
	workflow.nodes.find((n) => n.name === 'Send Payouts').parameters.options.batchLimit = '150';
	pointAtDataTables(pointAtCredentials(workflow, stack.state.credentials), stack.state.dataTables);
	const imported = await stack.api.importWorkflow(workflow);
	await stack.api.activateWorkflow(imported.id);
	activated.push(imported.id);

	const unpaid = await tables.listRows(tableId, { filter: UNPAID });
	const before = await stack.ledger();
	const { page: approval } = await startPayRun(trigger.parameters.options.path);
	const report = await decide(approval, 'Approve');
	expect(report.title).toBe('Nothing was paid');
	expect(report.text).toMatch(
		/Batch Limit refused the run: the rows to send total ₹[\d,.]+, above ₹150, so nothing was sent/,
	);

	const after = await stack.ledger();
	expect(newPayouts(before, after)).toEqual([]);
	expect(after.requests).toBe(before.requests);
	const rows = await tables.listRows(tableId, { filter: UNPAID });
	expect(rows.map((r) => r.id).sort()).toEqual(unpaid.map((r) => r.id).sort());
});

test('a sheet whose columns are named like the fields, with Data Mode Auto-Map: paid once, a re-run pays nothing', async () => {
	const batch = `AUTOMAP-${Date.now().toString(36)}`;
	// Headers as a sheet has them; the third row's IFSC is wrong and must not be paid.
	const rows = [
		{
			'Reference ID': `${batch}-1`,
			Amount: '150.25',
			'Beneficiary Name': 'Asha Traders',
			'Beneficiary Account': '123456789012',
			'Beneficiary IFSC': 'HDFC0001234',
		},
		{
			'Reference ID': `${batch}-2`,
			Amount: 2000,
			'Payment Mode': 'NEFT',
			'Beneficiary Name': 'Ravi Kumar',
			'Beneficiary Account': '000111222333',
			'Beneficiary IFSC': 'ICIC0000456',
			Remarks: 'Invoice 7',
		},
		{
			'Reference ID': `${batch}-3`,
			Amount: '10',
			'Beneficiary Name': 'Typo Stores',
			'Beneficiary Account': '555666777888',
			'Beneficiary IFSC': 'HDFC001234',
		},
	];
	const workflow = await stack.api.importWorkflow({
		name: `e2e: auto-mapped payouts ${batch}`,
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'sheet',
				name: 'Sheet',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));` },
			},
			{
				id: 'pay',
				name: 'Send Payout',
				type: 'n8n-nodes-smepay.smePay',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'payout',
					operation: 'send',
					dataMode: 'autoMapInputData',
					additionalFields: { remarks: 'e2e auto-map' },
				},
				credentials: { smePayDisbursementApi: stack.state.credentials.smePayDisbursementApi },
				onError: 'continueRegularOutput',
			},
		],
		connections: {
			Start: { main: [[{ node: 'Sheet', type: 'main', index: 0 }]] },
			Sheet: { main: [[{ node: 'Send Payout', type: 'main', index: 0 }]] },
		},
	});
	const run = async () => {
		const execution = await stack.api.runWorkflow(workflow.id, { timeoutMs: 120_000 });
		expect(execution.status).toBe('success');
		return nodeOutput(execution, 'Send Payout').map((item) => item.json);
	};

	const first = await run();
	expect(first).toEqual([
		expect.objectContaining({
			reference_id: `${batch}-1`,
			amount: 150.25,
			payment_mode: 'IMPS',
			remarks: 'e2e auto-map',
		}),
		expect.objectContaining({
			reference_id: `${batch}-2`,
			amount: 2000,
			payment_mode: 'NEFT',
			remarks: 'Invoice 7',
		}),
		expect.objectContaining({
			reference_id: `${batch}-3`,
			error: 'Beneficiary IFSC is not a valid IFSC (item 2)',
		}),
	]);
	const paid = (await stack.ledger()).payouts.filter((p) => p.reference_id.startsWith(`${batch}-`));
	expect(paid.map((p) => p.reference_id).sort()).toEqual([`${batch}-1`, `${batch}-2`]);

	const again = await run();
	expect(again.slice(0, 2)).toEqual([
		expect.objectContaining({ duplicate: true, reference_id: `${batch}-1` }),
		expect.objectContaining({ duplicate: true, reference_id: `${batch}-2` }),
	]);
	expect(
		(await stack.ledger()).payouts.filter((p) => p.reference_id.startsWith(`${batch}-`)),
	).toHaveLength(2);
});
