'use strict';
// Pay runs through the real n8n engine against the sandbox: Preview Payouts (one item for the
// whole input, no call to SMEPay), and Send Payout's Approved Fingerprint, Row Limit and Batch
// Limit, which refuse a whole batch before any call. "No call" is read from the sandbox itself:
// its count of API requests (token exchanges included) and its ledger.
const { useIntegration, smePayNode } = require('../harness/integration');
const {
	BENEFICIARY,
	SEND_PARAMETERS,
	AUTO_MAP,
	newRef,
	row,
	sheetRow,
	sendRows,
	ledgerPayouts,
} = require('./payoutSteps');

const it = useIntegration();

const PREVIEW_PARAMETERS = { ...SEND_PARAMETERS, operation: 'preview' };

async function requests() {
	return (await it.ledger()).requests;
}

/** Runs `fn` and returns how many API requests the sandbox saw meanwhile. */
async function callsDuring(fn) {
	const before = await requests();
	const result = await fn();
	return { result, calls: (await requests()) - before };
}

async function preview(rows, parameters = PREVIEW_PARAMETERS) {
	const result = await sendRows(it, rows, { parameters });
	expect(result.error).toBeUndefined();
	const items = result.output('SMEPay');
	expect(items).toHaveLength(1);
	return items[0];
}

function send(rows, options, { continueOnFail = false, parameters = SEND_PARAMETERS } = {}) {
	return sendRows(it, rows, { parameters: { ...parameters, options }, continueOnFail });
}

/** A sheet: two IMPS rows, one RTGS row and one with a bad IFSC. */
function sheet(prefix) {
	return [
		row(`${prefix}-1`, { amount: '1,500.50' }),
		row(`${prefix}-2`, { amount: '250000', mode: 'RTGS' }),
		row(`${prefix}-3`, { amount: '99.50' }),
		row(`${prefix}-4`, { ifsc: 'HDFC01234' }),
	];
}

describe('Preview Payouts', () => {
	test.each([
		['mapped fields', PREVIEW_PARAMETERS, (r) => r],
		[
			'Auto-Map',
			{ ...AUTO_MAP, operation: 'preview' },
			(r) =>
				sheetRow(r.ref, {
					amount: r.amount,
					payment_mode: r.mode,
					beneficiary_ifsc: r.ifsc,
				}),
		],
	])(
		'%s: one item for the whole input, no call to SMEPay, nothing naming a beneficiary',
		async (_, parameters, toInput) => {
			const prefix = newRef('PREVIEW');
			const rows = sheet(prefix).map(toInput);
			const { result: item, calls } = await callsDuring(() => preview(rows, parameters));
			expect(calls).toBe(0);
			expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			expect(item.json).toEqual({
				summary:
					'4 rows: 3 to pay, ₹2,51,600 (IMPS 2 rows ₹1,600, RTGS 1 row ₹2,50,000); 1 refused',
				fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
				rows: 4,
				accepted: 3,
				refused: [
					{
						item: 3,
						referenceId: `${prefix}-4`,
						reason: 'Beneficiary IFSC is not a valid IFSC (item 3)',
					},
				],
				total: '251600.00',
				totals: {
					IMPS: { rows: 2, total: '1600.00' },
					RTGS: { rows: 1, total: '250000.00' },
				},
			});
			const text = JSON.stringify(item.json);
			expect(text).not.toContain(BENEFICIARY.name);
			expect(text).not.toContain(BENEFICIARY.account);
			expect(await ledgerPayouts(it, prefix)).toEqual([]);
		},
	);
});

test('Preview needs no credential: it calls nothing', async () => {
	const prefix = newRef('NOCRED');
	const result = await it.engine.run({
		nodes: [smePayNode(PREVIEW_PARAMETERS, undefined)],
		input: sheet(prefix),
	});
	expect(result.error).toBeUndefined();
	expect(result.output('SMEPay')[0].json).toMatchObject({ rows: 4, accepted: 3 });
});

describe('Approved Fingerprint', () => {
	test('the approved rows are sent; the same rows in another order match too', async () => {
		const prefix = newRef('APPROVED');
		const rows = sheet(prefix).slice(0, 3);
		const { fingerprint } = (await preview(rows)).json;
		const result = await send([...rows].reverse(), { approvedFingerprint: fingerprint });
		expect(result.error).toBeUndefined();
		expect(result.output('SMEPay').map((item) => item.json.reference_id)).toEqual(
			[...rows].reverse().map((r) => r.ref),
		);
		expect((await ledgerPayouts(it, prefix)).map((p) => p.reference_id).sort()).toEqual(
			rows.map((r) => r.ref).sort(),
		);
	});

	test.each([
		['an amount', (rows) => (rows[1].amount = '250001')],
		['an account number', (rows) => (rows[0].account = '123456789013')],
		['a row added', (rows) => rows.push(row(`${rows[0].ref}-extra`))],
		['a row removed', (rows) => rows.pop()],
	])('%s changed after approval: nothing sent, not one call', async (_, change) => {
		const prefix = newRef('CHANGED');
		const rows = sheet(prefix);
		const { fingerprint } = (await preview(rows)).json;
		change(rows);
		const { result, calls } = await callsDuring(() =>
			send(rows, { approvedFingerprint: fingerprint }, { continueOnFail: true }),
		);
		expect(calls).toBe(0);
		expect(await ledgerPayouts(it, prefix)).toEqual([]);
		const items = result.output('SMEPay');
		expect(items).toHaveLength(rows.length);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({
				reference_id: rows[index].ref,
				refusedBy: 'approvedFingerprint',
				error: expect.stringContaining('changed since they were approved, so nothing was sent'),
			});
		});
	});
});

describe('the approval travels as an expression', () => {
	test("one Preview item feeds many Send items: {{ $('Preview Payouts').item.json.fingerprint }}", async () => {
		const prefix = newRef('EXPR');
		const rows = sheet(prefix).slice(0, 3);
		const workflow = (sentRows) => ({
			nodes: [
				{ ...smePayNode(PREVIEW_PARAMETERS, it.credentials.disbursement), name: 'Preview Payouts' },
				{ name: 'Read Sheet Again', type: 'test.rows', parameters: { rows: sentRows } },
				{
					...smePayNode(
						{
							...SEND_PARAMETERS,
							options: {
								approvedFingerprint: "={{ $('Preview Payouts').item.json.fingerprint }}",
							},
						},
						it.credentials.disbursement,
					),
					name: 'Send Payouts',
				},
			],
			connections: {
				'Preview Payouts': { main: [[{ node: 'Read Sheet Again', type: 'main', index: 0 }]] },
				'Read Sheet Again': { main: [[{ node: 'Send Payouts', type: 'main', index: 0 }]] },
			},
			input: rows,
		});

		// The sheet edited between the preview and the send: refused, nothing paid.
		const edited = rows.map((r, index) => (index === 2 ? { ...r, amount: '9999' } : r));
		const refused = await it.engine.run(workflow(edited));
		expect(refused.error?.message).toMatch(/changed since they were approved/);
		expect(await ledgerPayouts(it, prefix)).toEqual([]);

		const result = await it.engine.run(workflow(rows));
		expect(result.error).toBeUndefined();
		expect(result.output('Send Payouts').map((item) => item.json.reference_id)).toEqual(
			rows.map((r) => r.ref),
		);
		expect(await ledgerPayouts(it, prefix)).toHaveLength(3);
	});
});

const AUTO_MAP_SEND = { ...AUTO_MAP, additionalFields: {} };
const toColumns = (r) =>
	sheetRow(r.ref, { amount: r.amount, payment_mode: r.mode, beneficiary_ifsc: r.ifsc });

describe('Row Limit and Batch Limit', () => {
	test.each([
		[
			'Row Limit',
			'mapped fields',
			{ rowLimit: '2,00,000' },
			/Row Limit refused the run: 1 row is above ₹2,00,000/,
		],
		[
			'Row Limit',
			'Auto-Map',
			{ rowLimit: '2,00,000' },
			/Row Limit refused the run: 1 row is above ₹2,00,000/,
		],
		[
			'Batch Limit',
			'mapped fields',
			{ batchLimit: '251599.99' },
			/the rows to send total ₹2,51,600, above ₹2,51,599.99/,
		],
		[
			'Batch Limit',
			'Auto-Map',
			{ batchLimit: '251599.99' },
			/the rows to send total ₹2,51,600, above ₹2,51,599.99/,
		],
	])(
		'%s breached (%s): the whole batch refused, not one call',
		async (_, mode, options, message) => {
			const prefix = newRef('LIMIT');
			const autoMap = mode === 'Auto-Map';
			const rows = sheet(prefix)
				.slice(0, 3)
				.map(autoMap ? toColumns : (r) => r);
			const parameters = autoMap ? AUTO_MAP_SEND : SEND_PARAMETERS;
			const { result, calls } = await callsDuring(() =>
				send(rows, options, { continueOnFail: true, parameters }),
			);
			expect(calls).toBe(0);
			const items = result.output('SMEPay');
			expect(items).toHaveLength(3);
			items.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json).toMatchObject({
					reference_id: `${prefix}-${index + 1}`,
					refusedBy: Object.keys(options)[0],
					error: expect.stringMatching(message),
				});
			});

			// Without Continue On Fail the node stops, with the same message.
			const stopped = await callsDuring(() => send(rows, options, { parameters }));
			expect(stopped.calls).toBe(0);
			expect(stopped.result.error.message).toMatch(message);
			expect(await ledgerPayouts(it, prefix)).toEqual([]);
		},
	);

	test('within both limits (to the paisa), the rows are sent', async () => {
		const prefix = newRef('WITHIN');
		const rows = sheet(prefix).slice(0, 3);
		const result = await send(rows, { rowLimit: '250000', batchLimit: '251600.00' });
		expect(result.error).toBeUndefined();
		expect(await ledgerPayouts(it, prefix)).toHaveLength(3);
	});
});

describe('a control that is added but unusable refuses the run, naming the option', () => {
	test.each([
		[{ approvedFingerprint: '={{ $json.no_such_column }}' }, 'Approved Fingerprint is empty'],
		[{ approvedFingerprint: 'approved' }, 'Approved Fingerprint "approved" is not a fingerprint'],
		[{ batchLimit: '={{ $json.no_such_column }}' }, 'Batch Limit is empty'],
		[{ rowLimit: '5 lakh' }, 'Row Limit "5 lakh" is not an amount'],
	])('%j: not one call', async (options, message) => {
		const prefix = newRef('BADOPTION');
		const { result, calls } = await callsDuring(() => send(sheet(prefix).slice(0, 2), options));
		expect(calls).toBe(0);
		expect(result.error.message).toBe(`${message}, so nothing was sent`);
		expect(await ledgerPayouts(it, prefix)).toEqual([]);
	});
});
