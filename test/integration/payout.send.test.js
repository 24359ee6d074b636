'use strict';
// Send Payout through the real n8n engine against the SMEPay sandbox: one payment per Reference ID,
// pre-flight checks before any money call, duplicates as answers, retries that cannot pay twice,
// and beneficiary details that never come back in clear.
const { useIntegration } = require('../harness/integration');
const { BENEFICIARY, newRef, row, sendRows, ledgerPayouts, allText } = require('./payoutSteps');

const it = useIntegration(undefined, { clearFaults: true });

test('pays each row once, keeps order and pairedItem; a re-run answers duplicate: true', async () => {
	const prefix = newRef('ONCE');
	const rows = [
		row(`${prefix}-1`, { amount: '100.10' }),
		row(`${prefix}-2`, { amount: 250, mode: 'neft', remarks: '' }),
		row(`${prefix}-3`, { amount: '200000', mode: 'RTGS' }),
	];
	const first = await sendRows(it, rows);
	expect(first.error).toBeUndefined();
	const items = first.output('SMEPay');
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(items.map((item) => item.json)).toEqual([
		expect.objectContaining({
			reference_id: `${prefix}-1`,
			amount: 100.1,
			fee_amount: 5,
			payment_mode: 'IMPS',
			status: 'INITIATED',
			remarks: 'test payout',
		}),
		expect.objectContaining({
			reference_id: `${prefix}-2`,
			amount: 250,
			fee_amount: 3,
			payment_mode: 'NEFT',
			status: 'INITIATED',
		}),
		expect.objectContaining({
			reference_id: `${prefix}-3`,
			amount: 200000,
			fee_amount: 25,
			payment_mode: 'RTGS',
		}),
	]);
	for (const { json } of items) expect(json.id).toMatch(/^[0-9a-f-]{36}$/);
	expect(items[1].json).not.toHaveProperty('remarks');

	const ledger = await ledgerPayouts(it, prefix);
	expect(ledger.map((payout) => payout.id).sort()).toEqual(
		items.map((item) => item.json.id).sort(),
	);

	const again = await sendRows(it, rows);
	expect(again.output('SMEPay').map((item) => item.json)).toEqual(
		rows.map((r) =>
			expect.objectContaining({
				duplicate: true,
				reference_id: r.ref,
				message: expect.stringMatching(/not sent again/),
			}),
		),
	);
	expect(await ledgerPayouts(it, prefix)).toHaveLength(3);
});

test('without Continue On Fail one bad row stops the node before any money call', async () => {
	const prefix = newRef('STOP');
	const rows = [
		row(`${prefix}-0`),
		row(`${prefix}-1`),
		row(`${prefix}-2`, { ifsc: 'HDFC1001234' }),
		row(`${prefix}-3`, { amount: '0' }),
	];
	const result = await sendRows(it, rows);
	const error = result.nodeError('SMEPay');
	expect(error.message).toBe('Beneficiary IFSC is not a valid IFSC (item 2)');
	expect(error.description).toMatch(/No payout was sent/);
	expect(error.description).toMatch(/1 more item has problems too: item 3\./);
	expect(error.description).toMatch(/On Error setting to Continue/);
	expect(error.context.itemIndex).toBe(2);
	expect(await ledgerPayouts(it, prefix)).toHaveLength(0);
});

test('a Reference ID repeated in the input: without Continue On Fail nothing is sent, naming both items', async () => {
	const prefix = newRef('REPEAT');
	const rows = [row(`${prefix}-A`), row(`${prefix}-B`), row(`${prefix}-A`, { amount: '999' })];
	const result = await sendRows(it, rows);
	const error = result.nodeError('SMEPay');
	expect(error.message).toBe(
		`Reference ID "${prefix}-A" of item 2 is already used by item 0 of this input`,
	);
	expect(error.description).toMatch(/No payout was sent/);
	expect(await ledgerPayouts(it, prefix)).toHaveLength(0);
});

test('with Continue On Fail: each invalid row and each repeat is an error item with its Reference ID, the rest are paid', async () => {
	const prefix = newRef('MIXED');
	const invalid = {
		ifsc: { ifsc: 'HDFC001234' },
		accountLetters: { account: '12345678901A' },
		accountShort: { account: '1234' },
		amountZero: { amount: '0' },
		amountDecimals: { amount: '10.555' },
		impsLimit: { amount: '500000.01' },
		rtgsMinimum: { amount: '150000', mode: 'RTGS' },
		remarks: { remarks: 'r'.repeat(51) },
		mode: { mode: 'UPI' },
		name: { name: '' },
	};
	const rows = [
		row(`${prefix}-ok-0`),
		...Object.entries(invalid).map(([rule, fields]) => row(`${prefix}-${rule}`, fields)),
		row('', {}),
		row(`${prefix}-ok-0`, { amount: '5' }),
		row(`${prefix}-ok-1`, { amount: '42.42' }),
	];
	const result = await sendRows(it, rows, { continueOnFail: true });
	const items = result.output('SMEPay');
	expect(items).toHaveLength(rows.length);
	items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));

	expect(items[0].json).toMatchObject({
		reference_id: `${prefix}-ok-0`,
		status: 'INITIATED',
		amount: 100,
	});
	expect(items[rows.length - 1].json).toMatchObject({
		reference_id: `${prefix}-ok-1`,
		amount: 42.42,
	});
	const errors = items.slice(1, rows.length - 1).map((item) => item.json);
	const fieldByRule = {
		ifsc: 'Beneficiary IFSC',
		accountLetters: 'Beneficiary Account Number',
		accountShort: 'Beneficiary Account Number',
		amountZero: 'Amount',
		amountDecimals: 'Amount',
		impsLimit: 'Amount',
		rtgsMinimum: 'Amount',
		remarks: 'Remarks',
		mode: 'Payment Mode',
		name: 'Beneficiary Name',
	};
	Object.entries(fieldByRule).forEach(([rule, field], index) => {
		expect(errors[index].reference_id).toBe(`${prefix}-${rule}`);
		expect(errors[index].error.startsWith(`${field} `)).toBe(true);
		expect(errors[index].error).toMatch(new RegExp(`\\(item ${index + 1}\\)$`));
	});
	const missingRef = errors[Object.keys(invalid).length];
	expect(missingRef).toEqual(
		expect.objectContaining({
			error: `Reference ID is empty (item ${Object.keys(invalid).length + 1})`,
		}),
	);
	expect(missingRef).not.toHaveProperty('reference_id');
	const repeat = errors[Object.keys(invalid).length + 1];
	expect(repeat).toMatchObject({
		reference_id: `${prefix}-ok-0`,
		error: expect.stringMatching(/already used by item 0/),
	});

	const ledger = await ledgerPayouts(it, prefix);
	expect(ledger.map((payout) => [payout.reference_id, payout.amount]).sort()).toEqual([
		[`${prefix}-ok-0`, 100],
		[`${prefix}-ok-1`, 42.42],
	]);
});

test('an answer lost after SMEPay created the payout: the retry meets "duplicate", one payout, duplicate: true', async () => {
	const prefix = newRef('LOST');
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: '/api/v1/disbursement/payouts' },
		action: 'dropAfter',
		times: 1,
	});
	const result = await sendRows(it, [row(`${prefix}-1`)]);
	expect(result.output('SMEPay')[0].json).toMatchObject({
		duplicate: true,
		reference_id: `${prefix}-1`,
	});
	expect(await ledgerPayouts(it, prefix)).toHaveLength(1);
});

test('5xx, 429 and a dropped connection before SMEPay saw the request are retried to one payout', async () => {
	const prefix = newRef('RETRY');
	const path = '/api/v1/disbursement/payouts';
	await it.control('POST', '/faults', {
		match: { method: 'POST', path },
		action: 'status',
		status: 503,
		times: 1,
	});
	await it.control('POST', '/faults', {
		match: { method: 'POST', path },
		action: 'status',
		status: 429,
		headers: { 'retry-after': '0' },
		times: 1,
	});
	await it.control('POST', '/faults', {
		match: { method: 'POST', path },
		action: 'drop',
		times: 1,
	});
	const result = await sendRows(it, [row(`${prefix}-1`)]);
	expect(result.output('SMEPay')[0].json).toMatchObject({
		reference_id: `${prefix}-1`,
		status: 'INITIATED',
	});
	expect(await ledgerPayouts(it, prefix)).toHaveLength(1);
	const { faults } = await it.control('GET', '/faults');
	expect(faults.map((fault) => fault.fired)).toEqual([1, 1, 1]);
});

test('no answer even after retries: an error item that says a re-run is safe; the re-run pays once', async () => {
	const prefix = newRef('NOANSWER');
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: '/api/v1/disbursement/payouts' },
		action: 'dropAfter',
		times: 5,
	});
	const first = await sendRows(it, [row(`${prefix}-1`)], { continueOnFail: true });
	const failed = first.output('SMEPay')[0].json;
	expect(failed.reference_id).toBe(`${prefix}-1`);
	// n8n words a lost connection its own way; what to do about it is the description's job.
	expect(failed.error).toMatch(/connection/i);
	expect(failed.errorDescription).toMatch(/may or may not have been created.*cannot be paid twice/);
	// Each of the 5 attempts reached SMEPay before the answer was lost: the first created it.
	expect(await ledgerPayouts(it, prefix)).toHaveLength(1);

	const again = await sendRows(it, [row(`${prefix}-1`)]);
	expect(again.output('SMEPay')[0].json).toMatchObject({
		duplicate: true,
		reference_id: `${prefix}-1`,
	});
	expect(await ledgerPayouts(it, prefix)).toHaveLength(1);
});

test('SMEPay refusals become error items with its message and a hint; not retried', async () => {
	const prefix = newRef('REFUSED');
	await it.control('POST', '/config', {
		clients: { [it.sandbox.clients.disbursement.test.clientId]: { disbursementEnabled: false } },
	});
	// A rule that changes nothing and fires on every Send Payout request: it counts them.
	await it.control('POST', '/faults', {
		match: { method: 'POST', path: '/api/v1/disbursement/payouts' },
		action: 'delay',
		delayMs: 0,
		times: 0,
	});
	try {
		const result = await sendRows(it, [row(`${prefix}-1`)], { continueOnFail: true });
		const { faults } = await it.control('GET', '/faults');
		expect(faults[0].fired).toBe(1);
		expect(result.output('SMEPay')[0].json).toEqual({
			error: 'SMEPay Send Payout failed: disbursement not enabled for this account',
			errorDescription: expect.stringMatching(/Ask the SMEPay admin to enable disbursement/),
			httpCode: '400',
			reference_id: `${prefix}-1`,
		});
	} finally {
		await it.control('POST', '/config', {
			clients: { [it.sandbox.clients.disbursement.test.clientId]: { disbursementEnabled: true } },
		});
	}
	expect(await ledgerPayouts(it, prefix)).toHaveLength(0);
});

describe('beneficiary details and the token never leave in clear', () => {
	const echo = {
		status: false,
		message: `beneficiary ${BENEFICIARY.name} / ${BENEFICIARY.account} / ${BENEFICIARY.ifsc} is blocked`,
	};
	const path = '/api/v1/disbursement/payouts';

	function expectClean(text) {
		const token = it.engine.credentials.data('disbursement').accessToken;
		expect(token).toBeTruthy();
		for (const secret of [
			BENEFICIARY.name,
			BENEFICIARY.account,
			BENEFICIARY.ifsc,
			token,
			it.sandbox.clients.disbursement.test.clientSecret,
		]) {
			expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
		}
	}

	test('an error answer that echoes them: redacted in the error item', async () => {
		await it.control('POST', '/faults', {
			match: { method: 'POST', path },
			action: 'status',
			status: 400,
			body: echo,
			times: 1,
		});
		const result = await sendRows(it, [row(newRef('ECHO'))], { continueOnFail: true });
		const item = result.output('SMEPay')[0].json;
		expect(item.error).toBe(
			'SMEPay Send Payout failed: beneficiary [redacted] / [redacted] / [redacted] is blocked',
		);
		expectClean(allText(result.output('SMEPay')));
	});

	test('an error answer that echoes them: redacted in the error that stops the node', async () => {
		await it.control('POST', '/faults', {
			match: { method: 'POST', path },
			action: 'status',
			status: 400,
			body: echo,
			times: 1,
		});
		const result = await sendRows(it, [row(newRef('ECHO'))]);
		const error = result.nodeError('SMEPay');
		expect(error.message).toMatch(/\[redacted\]/);
		expectClean(allText(error));
		expectClean(allText(result.error));
	});

	test('lost connections: the HTTP error (which carries the request) is not what comes out', async () => {
		await it.control('POST', '/faults', {
			match: { method: 'POST', path },
			action: 'drop',
			times: 5,
		});
		const result = await sendRows(it, [row(newRef('DROP'))]);
		const error = result.nodeError('SMEPay');
		expect(error.description).toMatch(/may or may not have been created/);
		expectClean(allText(error));
		expectClean(allText(result.error));
	});

	test('successful and duplicate items hold only the hashes SMEPay answers', async () => {
		const ref = newRef('CLEAN');
		const first = await sendRows(it, [row(ref)]);
		const again = await sendRows(it, [row(ref)]);
		expectClean(allText([first.output('SMEPay'), again.output('SMEPay')]));
		expect(first.output('SMEPay')[0].json.beneficiary_account).toMatch(/^[0-9a-f]{64}$/);
	});
});
