'use strict';
// Send Payout with Data Mode "Auto-Map Input Data", through the real n8n engine against the
// SMEPay sandbox: rows read from their columns in any spelling, the node's Payment Mode and
// Additional Fields as defaults, and the same pre-flight checks, naming item and field, before
// any money call.
const { createHash } = require('node:crypto');
const { useIntegration } = require('../harness/integration');
const {
	BENEFICIARY,
	AUTO_MAP,
	sheetRow,
	newRef,
	sendRows,
	ledgerPayouts,
	allText,
} = require('./payoutSteps');

const it = useIntegration();

async function sendAutoMapped(rows, { parameters = {}, continueOnFail = false } = {}) {
	return await sendRows(it, rows, { parameters: { ...AUTO_MAP, ...parameters }, continueOnFail });
}

test('pays each row from its columns, whatever their spelling; node parameters fill what a row lacks', async () => {
	const prefix = newRef('AUTO');
	const rows = [
		sheetRow(`${prefix}-1`, { amount: 100.1, remarks: 'April salary' }),
		// Headers as a person types them in a sheet.
		{
			'Reference ID': `${prefix}-2`,
			Amount: '250',
			'Payment Mode': 'neft',
			'Beneficiary Name': BENEFICIARY.name,
			'Beneficiary Account Number': BENEFICIARY.account,
			'Beneficiary IFSC': BENEFICIARY.ifsc.toLowerCase(),
			Notes: 'not a payout column',
		},
		{
			referenceId: `${prefix}-3`,
			amount: '200000',
			paymentMode: 'RTGS',
			beneficiaryName: BENEFICIARY.name,
			beneficiaryAccount: BENEFICIARY.account,
			beneficiaryIfsc: BENEFICIARY.ifsc,
			remarks: '',
		},
	];
	const result = await sendAutoMapped(rows, {
		parameters: { paymentMode: 'IMPS', additionalFields: { remarks: 'Payout from n8n' } },
	});
	expect(result.error).toBeUndefined();
	const items = result.output('SMEPay');
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(items.map((item) => item.json)).toEqual([
		expect.objectContaining({
			reference_id: `${prefix}-1`,
			amount: 100.1,
			payment_mode: 'IMPS',
			remarks: 'April salary',
		}),
		expect.objectContaining({
			reference_id: `${prefix}-2`,
			amount: 250,
			payment_mode: 'NEFT',
			remarks: 'Payout from n8n',
		}),
		expect.objectContaining({
			reference_id: `${prefix}-3`,
			amount: 200000,
			payment_mode: 'RTGS',
			remarks: 'Payout from n8n',
		}),
	]);
	const ledger = await ledgerPayouts(it, prefix);
	expect(ledger.map((payout) => payout.reference_id).sort()).toEqual([
		`${prefix}-1`,
		`${prefix}-2`,
		`${prefix}-3`,
	]);
	// The sandbox keeps the account as SMEPay answers it, hashed.
	const accountHash = createHash('sha256').update(BENEFICIARY.account).digest('hex');
	for (const payout of ledger) expect(payout.beneficiary_account).toBe(accountHash);

	const again = await sendAutoMapped(rows);
	expect(again.output('SMEPay').map((item) => item.json)).toEqual(
		rows.map((_, index) =>
			expect.objectContaining({ duplicate: true, reference_id: `${prefix}-${index + 1}` }),
		),
	);
	expect(await ledgerPayouts(it, prefix)).toHaveLength(3);
});

test('a missing column stops the node before any money call, naming the item, the column and the columns it has', async () => {
	const prefix = newRef('AUTOMISS');
	const withoutIfsc = sheetRow(`${prefix}-1`);
	delete withoutIfsc.beneficiary_ifsc;
	const result = await sendAutoMapped([sheetRow(`${prefix}-0`), withoutIfsc]);
	const error = result.nodeError('SMEPay');
	expect(error.message).toBe(
		'Beneficiary IFSC is missing: the input has no beneficiary_ifsc column (item 1)',
	);
	expect(error.description).toMatch(/reference_id, amount, beneficiary_name/);
	expect(error.description).toMatch(/"beneficiary_account"/);
	expect(error.description).toMatch(/No payout was sent/);
	expect(error.context.itemIndex).toBe(1);
	// Column names are listed, never their values.
	expect(allText(error)).not.toContain(BENEFICIARY.account);
	expect(await ledgerPayouts(it, prefix)).toHaveLength(0);
});

test('with Continue On Fail: bad rows are error items with their Reference ID, the others are paid', async () => {
	const prefix = newRef('AUTOMIX');
	const twice = { ...sheetRow(`${prefix}-twice`), 'Beneficiary IFSC': 'SBIN0001234' };
	const noAmount = sheetRow(`${prefix}-noamount`);
	delete noAmount.amount;
	const rows = [
		sheetRow(`${prefix}-ok`),
		sheetRow(`${prefix}-ifsc`, { beneficiary_ifsc: 'HDFC1001234' }),
		twice,
		noAmount,
		sheetRow(`${prefix}-rtgs`, { payment_mode: 'RTGS', amount: '1000' }),
		sheetRow(`${prefix}-ok`, { amount: '5' }),
	];
	const result = await sendAutoMapped(rows, { continueOnFail: true });
	const items = result.output('SMEPay').map((item) => item.json);
	expect(items).toHaveLength(rows.length);
	expect(items[0]).toMatchObject({ reference_id: `${prefix}-ok`, status: 'INITIATED' });
	expect(items[1]).toMatchObject({
		reference_id: `${prefix}-ifsc`,
		error: 'Beneficiary IFSC is not a valid IFSC (item 1)',
	});
	expect(items[2]).toMatchObject({
		reference_id: `${prefix}-twice`,
		error:
			'Beneficiary IFSC is given twice, as "beneficiary_ifsc" and as "Beneficiary IFSC" (item 2)',
	});
	expect(items[3]).toMatchObject({
		reference_id: `${prefix}-noamount`,
		error: 'Amount is missing: the input has no amount column (item 3)',
	});
	expect(items[4]).toMatchObject({
		reference_id: `${prefix}-rtgs`,
		error: expect.stringMatching(/^Amount .* below the RTGS minimum .*\(item 4\)$/),
	});
	expect(items[5]).toMatchObject({
		reference_id: `${prefix}-ok`,
		error: expect.stringMatching(/already used by item 0/),
	});
	const ledger = await ledgerPayouts(it, prefix);
	expect(ledger.map((payout) => payout.reference_id)).toEqual([`${prefix}-ok`]);
});

test("a row's callback_url column is where SMEPay reports that payout; empty cells take the node's Additional Fields", async () => {
	const prefix = newRef('AUTOCB');
	const nodeHook = 'http://127.0.0.1:9/webhook/node';
	const rowHook = 'http://127.0.0.1:9/webhook/row';
	const rows = [
		sheetRow(`${prefix}-own`, { 'Callback URL': rowHook, remarks: 'April salary' }),
		sheetRow(`${prefix}-empty`, { callback_url: '', remarks: null }),
		sheetRow(`${prefix}-none`),
	];
	const result = await sendAutoMapped(rows, {
		parameters: { additionalFields: { callbackUrl: nodeHook, remarks: 'Payout from n8n' } },
	});
	expect(result.error).toBeUndefined();
	const byReference = Object.fromEntries(
		(await ledgerPayouts(it, prefix)).map((payout) => [payout.reference_id, payout]),
	);
	expect(Object.keys(byReference).sort()).toEqual([
		`${prefix}-empty`,
		`${prefix}-none`,
		`${prefix}-own`,
	]);
	expect(byReference[`${prefix}-own`]).toMatchObject({
		callback_url: rowHook,
		remarks: 'April salary',
	});
	expect(byReference[`${prefix}-empty`]).toMatchObject({
		callback_url: nodeHook,
		remarks: 'Payout from n8n',
	});
	expect(byReference[`${prefix}-none`]).toMatchObject({
		callback_url: nodeHook,
		remarks: 'Payout from n8n',
	});
});

test('without remarks or a callback URL in the row or the node, the payout carries none', async () => {
	const prefix = newRef('AUTONONE');
	const result = await sendAutoMapped([sheetRow(`${prefix}-1`, { remarks: '', callback_url: '' })]);
	expect(result.error).toBeUndefined();
	const [payout] = await ledgerPayouts(it, prefix);
	expect(payout).not.toHaveProperty('remarks');
	expect(payout.callback_url ?? null).toBeNull();
	expect(result.output('SMEPay')[0].json).not.toHaveProperty('remarks');
});

test('a bad row names its Reference ID even when that column is not the first', async () => {
	const prefix = newRef('AUTOREF');
	const row = { Notes: 'bonus', ...sheetRow(`${prefix}-1`, { beneficiary_ifsc: 'XHDFC0001234' }) };
	const result = await sendAutoMapped([row], { continueOnFail: true });
	expect(result.output('SMEPay')[0].json).toMatchObject({
		reference_id: `${prefix}-1`,
		error: 'Beneficiary IFSC is not a valid IFSC (item 0)',
	});
	expect(await ledgerPayouts(it, prefix)).toHaveLength(0);
});
