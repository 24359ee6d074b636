'use strict';
// examples/spreadsheet-payouts.json as a user runs it ("Execute workflow"): the sample sheet's
// three good rows are paid once, the bad row is reported and not paid, the results file says so;
// a second run sends nothing again (SMEPay refuses the same Reference IDs: duplicates), and the
// results file says what is known of them: sent before, not "paid".
const { connectStack, nodeOutput } = require('./stackClient');

const WORKFLOW = 'SMEPay example: spreadsheet payouts';
let stack;
let sheetRows; // what "Read sheet rows" extracted from the embedded CSV

beforeAll(async () => {
	stack = await connectStack();
	// A sandbox that has paid nothing yet (as after `npm start`). It also forgets the tokens n8n
	// holds, so the first call gets a 401 and the credential renews its token by itself.
	await stack.control('POST', '/reset', {});
});

/** Payouts the sandbox holds for the sheet's Reference IDs, keyed by reference. */
async function ledgerByReference(references) {
	const { payouts } = await stack.ledger();
	const found = {};
	for (const payout of payouts.filter((p) => references.includes(p.reference_id)))
		(found[payout.reference_id] ||= []).push(payout);
	return found;
}

function disbursementBalance(ledger) {
	return ledger.balances[stack.state.sandbox.clients.disbursement.test.clientId].availablePaise;
}

async function runExample() {
	const execution = await stack.api.runWorkflow(stack.workflowId(WORKFLOW), { timeoutMs: 150_000 });
	expect(execution.data.resultData.error).toBeUndefined();
	expect(execution.status).toBe('success');
	return execution;
}

test('first run: good rows paid exactly once, the bad row reported, a results file written', async () => {
	const balanceBefore = disbursementBalance(await stack.ledger());
	const execution = await runExample();

	sheetRows = nodeOutput(execution, 'Read sheet rows').map((item) => item.json);
	expect(sheetRows.length).toBeGreaterThanOrEqual(2);
	const references = sheetRows.map((row) => `${row.batch}-${row.beneficiary_code}`);
	const results = nodeOutput(execution, 'Results table').map((item) => item.json);
	expect(results.map((row) => row.reference_id)).toEqual(references);

	const bad = results.filter((row) => row.result === 'NOT SENT');
	const paid = results.filter((row) => row.result === 'PAID');
	expect(bad).toHaveLength(1);
	expect(bad[0].detail).toMatch(/IFSC/);
	expect(paid).toHaveLength(sheetRows.length - 1);

	// The sandbox paid each good row once, and the bad one not at all.
	const ledger = await ledgerByReference(references);
	expect(Object.keys(ledger).sort()).toEqual(paid.map((row) => row.reference_id).sort());
	for (const row of paid) {
		expect(ledger[row.reference_id]).toHaveLength(1);
		const [payout] = ledger[row.reference_id];
		expect(payout.status).toBe('SUCCESS');
		expect(row.payout_id).toBe(payout.id);
		expect(row.utr).toBe(payout.utr_number);
		expect(payout.amount).toBe(Number(row.amount));
	}
	const spent = paid.reduce(
		(total, row) => total + Math.round((Number(row.amount) + Number(row.fee)) * 100),
		0,
	);
	expect(balanceBefore - disbursementBalance(await stack.ledger())).toBe(spent);

	// The results file holds the same table as CSV.
	const [file] = nodeOutput(execution, 'Results file');
	expect(file.binary.data.fileName).toBe('payout-results.csv');
	const csv = (await stack.binaryText(file.binary.data)).trim().split(/\r?\n/);
	expect(csv[0].split(',')).toEqual(Object.keys(results[0]));
	expect(csv).toHaveLength(results.length + 1);
	for (const [i, row] of results.entries()) {
		expect(csv[i + 1]).toContain(row.reference_id);
		expect(csv[i + 1]).toContain(row.result);
	}
});

test('second run of the same sheet: nothing sent again, rows come out SENT BEFORE, never said paid', async () => {
	expect(sheetRows).toBeDefined(); // needs the first run
	const references = sheetRows.map((row) => `${row.batch}-${row.beneficiary_code}`);
	const before = await stack.ledger();
	const execution = await runExample();

	const results = nodeOutput(execution, 'Results table').map((item) => item.json);
	expect(results.map((row) => row.result).sort()).toEqual(
		[...Array(sheetRows.length - 1).fill('SENT BEFORE'), 'NOT SENT'].sort(),
	);
	for (const row of results.filter((r) => r.result === 'SENT BEFORE')) {
		expect(row.detail).toMatch(/Not sent again/);
		expect(row.detail).toMatch(/earlier run/);
		expect(row.detail).toMatch(/new batch/);
		expect(row.detail).not.toMatch(/\bpaid\b/i);
	}
	const sent = nodeOutput(execution, 'Send Payout').map((item) => item.json);
	expect(sent.filter((item) => item.duplicate === true)).toHaveLength(sheetRows.length - 1);

	const after = await stack.ledger();
	expect(disbursementBalance(after)).toBe(disbursementBalance(before));
	const ledger = await ledgerByReference(references);
	for (const payouts of Object.values(ledger)) expect(payouts).toHaveLength(1);
	expect(after.payouts.length).toBe(before.payouts.length);
});

test('SMEPay answering a seen Reference ID with the original payout: SENT BEFORE with its payout id and real status', async () => {
	expect(sheetRows).toBeDefined(); // needs the first run
	await stack.control('POST', '/config', { duplicateReference: 'original' });
	try {
		const before = await stack.ledger();
		const execution = await runExample();
		const results = nodeOutput(execution, 'Results table').map((item) => item.json);
		const sentBefore = results.filter((row) => row.result === 'SENT BEFORE');
		expect(sentBefore).toHaveLength(sheetRows.length - 1);
		const held = new Map(before.payouts.map((p) => [p.reference_id, p]));
		for (const row of sentBefore) {
			const payout = held.get(row.reference_id);
			expect(payout.status).toBe('SUCCESS');
			expect(row.payout_id).toBe(payout.id);
			expect(row.utr).toBe(payout.utr_number);
			expect(row.detail).toContain(`payout ${payout.id}, SUCCESS`);
		}
		expect((await stack.ledger()).payouts.length).toBe(before.payouts.length);
	} finally {
		await stack.control('POST', '/config', { duplicateReference: 'refuse' });
	}
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
