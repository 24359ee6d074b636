'use strict';
// Send Payout's pay-run controls in a real n8n, with Data Mode "Map Each Field Below" (every field
// an expression on the row) and Row Limit, which the spreadsheet example does not use: Rows →
// Preview Payouts → the rows Send gets → Send Payout with the preview's fingerprint approved. What
// was paid is read from the sandbox's ledger; a refusal must not reach SMEPay at all.
const { connectStack, manualStart, nodeOutput } = require('./stackClient');

let stack;
beforeAll(async () => {
	stack = await connectStack();
});

const batchId = () => `CTRL-${Date.now().toString(36).toUpperCase()}`;

/** Two good rows and one with a bad IFSC, as a sheet's columns name them. */
function sheetRows(batch) {
	return [
		{
			ref: `${batch}-1`,
			rupees: '120.50',
			mode: 'IMPS',
			payee: 'Meena Controls',
			account: '123456789012',
			ifsc: 'HDFC0001234',
		},
		{
			ref: `${batch}-2`,
			rupees: 80,
			mode: 'NEFT',
			payee: 'Kiran Limits',
			account: '000111222333',
			ifsc: 'ICIC0000456',
		},
		{
			ref: `${batch}-3`,
			rupees: '15',
			mode: 'IMPS',
			payee: 'Typo Fingerprint',
			account: '555666777888',
			ifsc: 'HDFC001234',
		},
	];
}

// Each of Send's row fields mapped from the row's own column (Data Mode "Map Each Field Below").
const MAPPED_ROW = {
	dataMode: 'defineBelow',
	referenceId: '={{ $json.ref }}',
	amount: '={{ $json.rupees }}',
	paymentMode: '={{ $json.mode }}',
	beneficiaryName: '={{ $json.payee }}',
	beneficiaryAccount: '={{ $json.account }}',
	beneficiaryIfsc: '={{ $json.ifsc }}',
};

const codeNode = (name, rows, x) => ({
	id: name.toLowerCase().replace(/\W+/g, '-'),
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [x, 0],
	parameters: { jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));` },
});

/**
 * Imports and runs Start → Rows → Preview Payouts and, with `send`, → Send Rows (the rows as they
 * are when Send runs: `send.rows`) → Send Payout with `send.options`. Returns the execution.
 */
async function runPayRun(label, rows, send) {
	const credentials = { smePayDisbursementApi: stack.state.credentials.smePayDisbursementApi };
	const nodes = [
		manualStart(),
		codeNode('Rows', rows, 200),
		{
			id: 'preview',
			name: 'Preview Payouts',
			type: 'n8n-nodes-smepay.smePay',
			typeVersion: 1,
			position: [400, 0],
			parameters: { resource: 'payout', operation: 'preview', ...MAPPED_ROW },
			credentials,
		},
	];
	const connections = {
		Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
		Rows: { main: [[{ node: 'Preview Payouts', type: 'main', index: 0 }]] },
	};
	if (send) {
		nodes.push(codeNode('Send Rows', send.rows, 600), {
			id: 'send',
			name: 'Send Payout',
			type: 'n8n-nodes-smepay.smePay',
			typeVersion: 1,
			position: [800, 0],
			parameters: {
				resource: 'payout',
				operation: 'send',
				...MAPPED_ROW,
				options: send.options,
			},
			credentials,
			// As for a sheet: a refused row comes out as an error item, the others are paid.
			onError: 'continueRegularOutput',
		});
		connections['Preview Payouts'] = {
			main: [[{ node: 'Send Rows', type: 'main', index: 0 }]],
		};
		connections['Send Rows'] = { main: [[{ node: 'Send Payout', type: 'main', index: 0 }]] };
	}
	const workflow = await stack.api.importWorkflow({
		name: `e2e: pay-run controls ${label}`,
		nodes,
		connections,
	});
	const execution = await stack.api.runWorkflow(workflow.id, { timeoutMs: 60_000 });
	expect(execution.status).toBe('success');
	return execution;
}

const APPROVED = "={{ $('Preview Payouts').first().json.fingerprint }}";
const json = (execution, node) => nodeOutput(execution, node).map((item) => item.json);

/** The payouts of this batch the sandbox holds. */
async function paidIn(batch) {
	const ledger = await stack.ledger();
	return ledger.payouts.filter((p) => p.reference_id.startsWith(`${batch}-`));
}

/** Send refused the whole run: every row an error item saying `pattern`, no request to SMEPay. */
async function expectRefusedRun(execution, rows, before, pattern) {
	const out = json(execution, 'Send Payout');
	expect(out).toHaveLength(rows.length);
	for (const item of out) expect(item.error).toMatch(pattern);
	const after = await stack.ledger();
	expect(after.requests).toBe(before.requests);
	expect(after.payouts.length).toBe(before.payouts.length);
}

test('Preview Payouts with mapped fields: one item, exact totals, the refused row and why, a fingerprint, no beneficiary', async () => {
	const batch = batchId();
	const rows = sheetRows(batch);
	const before = await stack.ledger();
	const execution = await runPayRun(`preview ${batch}`, rows);

	const out = json(execution, 'Preview Payouts');
	expect(out).toHaveLength(1);
	const [preview] = out;
	expect(preview).toMatchObject({
		rows: 3,
		accepted: 2,
		total: '200.50',
		totals: { IMPS: { rows: 1, total: '120.50' }, NEFT: { rows: 1, total: '80.00' } },
		refused: [
			{ item: 2, referenceId: `${batch}-3`, reason: expect.stringMatching(/Beneficiary IFSC/) },
		],
	});
	expect(preview.refused[0].reason).toContain('is not a valid IFSC');
	expect(preview.summary).toBe(
		'3 rows: 2 to pay, ₹200.50 (IMPS 1 row ₹120.50, NEFT 1 row ₹80); 1 refused',
	);
	expect(preview.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
	const text = JSON.stringify(out);
	for (const row of rows) {
		expect(text).not.toContain(row.payee);
		expect(text).not.toContain(row.account);
	}
	expect((await stack.ledger()).requests).toBe(before.requests); // a preview calls nothing
});

test('Send with the preview fingerprint approved pays exactly the accepted rows, once', async () => {
	const batch = batchId();
	const rows = sheetRows(batch);
	const execution = await runPayRun(`approved ${batch}`, rows, {
		rows,
		options: { approvedFingerprint: APPROVED },
	});

	const paid = await paidIn(batch);
	expect(paid.map((p) => [p.reference_id, p.amount, p.payment_mode]).sort()).toEqual([
		[`${batch}-1`, 120.5, 'IMPS'],
		[`${batch}-2`, 80, 'NEFT'],
	]);
	const out = json(execution, 'Send Payout');
	expect(out.map((item) => item.reference_id)).toEqual(rows.map((r) => r.ref));
	expect(out[2].error).toMatch(/Beneficiary IFSC is not a valid IFSC/);
	for (const item of out.slice(0, 2)) expect(item.error).toBeUndefined();
});

test('a row changed between Preview and Send: nothing is paid, no request to SMEPay, the rows changed since approval', async () => {
	const batch = batchId();
	const rows = sheetRows(batch);
	const changed = rows.map((row, i) => (i === 1 ? { ...row, rupees: '8000' } : row));
	const before = await stack.ledger();
	const execution = await runPayRun(`changed ${batch}`, rows, {
		rows: changed,
		options: { approvedFingerprint: APPROVED },
	});

	await expectRefusedRun(
		execution,
		changed,
		before,
		/^These rows changed since they were approved, so nothing was sent/,
	);
	expect(await paidIn(batch)).toEqual([]);
});

test('Row Limit below one row: the whole run is refused before any request to SMEPay', async () => {
	const batch = batchId();
	const rows = sheetRows(batch);
	const before = await stack.ledger();
	const execution = await runPayRun(`row limit ${batch}`, rows, {
		rows,
		options: { approvedFingerprint: APPROVED, rowLimit: '100' },
	});

	await expectRefusedRun(
		execution,
		rows,
		before,
		/^Row Limit refused the run: 1 row is above ₹100, so nothing was sent/,
	);
	expect(await paidIn(batch)).toEqual([]);
});
