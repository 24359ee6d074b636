'use strict';
// SMEPay's payout answers are checked, not trusted: a Send Payout answer for another amount or
// another reference, or without an id, is an error that says what differs and what to do, never a
// success. So is an answer that is not SMEPay's (HTML from a proxy, a 200 with status false).
// The wrong answers are the sandbox's real ones with fields rewritten.
const { useIntegration, smePayNode } = require('../harness/integration');
const { BENEFICIARY, newRef, row, sendRows, ledgerPayouts, allText } = require('./payoutSteps');

const PAYOUTS = '/api/v1/disbursement/payouts';
const it = useIntegration(undefined, { clearFaults: true });

const tamper = (fields) =>
	it.control('POST', '/faults', {
		match: { method: 'POST', path: PAYOUTS },
		action: 'tamper',
		...fields,
	});

function expectClean(value) {
	const text = allText(value).toLowerCase();
	for (const secret of Object.values(BENEFICIARY)) expect(text).not.toContain(secret.toLowerCase());
}

const WRONG_ANSWERS = [
	{
		name: 'another amount',
		rule: { set: { 'data.amount': 1000 } },
		error: /answered for ₹1,000, but this row sent ₹100/,
	},
	{
		name: 'an amount one paisa off',
		rule: { set: { 'data.amount': 100.01 } },
		error: /answered for ₹100\.01, but this row sent ₹100/,
	},
	{
		name: 'another reference',
		rule: { set: { 'data.reference_id': 'SOMEONE-ELSE-1' } },
		error: /answered for Reference ID "SOMEONE-ELSE-1", but this row sent "REF"/,
	},
	{ name: 'no id', rule: { remove: ['data.id'] }, error: /id is missing/ },
	{ name: 'no status', rule: { remove: ['data.status'] }, error: /status is missing/ },
	{
		name: 'an unknown status',
		rule: { set: { 'data.status': 'MAYBE' } },
		error: /status .*MAYBE/,
	},
	{ name: 'no data at all', rule: { remove: ['data'] }, error: /data is missing/ },
];

describe.each(WRONG_ANSWERS)('a Send Payout answer with $name', ({ rule, error }) => {
	test('is an error item with its Reference ID, not a payout', async () => {
		const ref = newRef('WRONG');
		await tamper(rule);
		const result = await sendRows(it, [row(ref)], { continueOnFail: true });
		const item = result.output('SMEPay')[0].json;
		expect(item).not.toHaveProperty('id');
		expect(item).not.toHaveProperty('status');
		expect(item.reference_id).toBe(ref);
		expect(item.error).toMatch(new RegExp(error.source.replace('"REF"', `"${ref}"`)));
		expect(item.error).toMatch(/\(item 0\)$/);
		expect(item.errorDescription).toMatch(/Get Payout|SMEPay dashboard/);
		expect(item.errorDescription).toMatch(/same Reference ID/);
		expectClean(result.output('SMEPay'));
		// The sandbox did create the payout: the error must not claim otherwise.
		expect(await ledgerPayouts(it, ref)).toHaveLength(1);
	});
});

test('without Continue On Fail a wrong answer stops the node, naming the item', async () => {
	const ref = newRef('WRONGSTOP');
	await tamper({ set: { 'data.amount': 99 } });
	const result = await sendRows(it, [row(ref)]);
	const error = result.nodeError('SMEPay');
	expect(error.message).toMatch(/answered for ₹99, but this row sent ₹100/);
	expect(error.description).toMatch(/Get Payout|SMEPay dashboard/);
	expect(error.context.itemIndex).toBe(0);
	expectClean(error);
});

describe('an answer that is not SMEPay’s', () => {
	test('an HTML page (a proxy): an error item that says so', async () => {
		await it.control('POST', '/faults', {
			match: { method: 'POST', path: PAYOUTS },
			action: 'status',
			status: 200,
			html: '<html><body>Please log in to the proxy</body></html>',
		});
		const ref = newRef('HTML');
		const item = (await sendRows(it, [row(ref)], { continueOnFail: true })).output('SMEPay')[0]
			.json;
		expect(item.error).toMatch(/not JSON/);
		expect(item.reference_id).toBe(ref);
		expect(item).not.toHaveProperty('id');
	});

	test('a 200 with status false: an error item with SMEPay’s message', async () => {
		await it.control('POST', '/faults', {
			match: { method: 'POST', path: PAYOUTS },
			action: 'status',
			status: 200,
			body: { status: false, message: 'processing halted' },
		});
		const item = (await sendRows(it, [row(newRef('FALSE'))], { continueOnFail: true })).output(
			'SMEPay',
		)[0].json;
		expect(item.error).toMatch(/status false.*processing halted/);
	});
});

describe('Get Payout and Wait for Status check the answer too', () => {
	async function getPayout(id, operation = 'get') {
		return await it.engine.run({
			nodes: [
				smePayNode(
					{ resource: 'payout', operation, payoutId: id, pollInterval: 1, timeout: 2 },
					it.credentials.disbursement,
					{ onError: 'continueRegularOutput' },
				),
			],
			input: [{}],
		});
	}

	test.each(['get', 'waitForStatus'])(
		'%s: an answer for another payout id is an error',
		async (op) => {
			const { id } = (await sendRows(it, [row(newRef('GET'))])).output('SMEPay')[0].json;
			await it.control('POST', '/faults', {
				match: { method: 'GET', path: PAYOUTS },
				action: 'tamper',
				set: { 'data.id': '00000000-0000-4000-8000-000000000000' },
				times: 0,
			});
			const item = (await getPayout(id, op)).output('SMEPay')[0].json;
			expect(item.error).toMatch(/another payout/);
		},
	);

	test('get: an answer without a status is an error', async () => {
		const { id } = (await sendRows(it, [row(newRef('GETS'))])).output('SMEPay')[0].json;
		await it.control('POST', '/faults', {
			match: { method: 'GET', path: PAYOUTS },
			action: 'tamper',
			remove: ['data.status'],
		});
		const item = (await getPayout(id)).output('SMEPay')[0].json;
		expect(item.error).toMatch(/status is missing/);
	});

	test('get: the real answer comes out whole, extra fields included', async () => {
		const { id } = (await sendRows(it, [row(newRef('GETOK'))])).output('SMEPay')[0].json;
		await it.control('POST', '/faults', {
			match: { method: 'GET', path: PAYOUTS },
			action: 'tamper',
			set: { 'data.bank_note': 'kept' },
		});
		const item = (await getPayout(id)).output('SMEPay')[0].json;
		expect(item).toMatchObject({ id, status: 'INITIATED', bank_note: 'kept', amount: 100 });
	});
});

test('an answer for another amount: the error item carries the payout id SMEPay answered with', async () => {
	const ref = newRef('WRONGID');
	await tamper({ set: { 'data.amount': 1000 } });
	const item = (await sendRows(it, [row(ref)], { continueOnFail: true })).output('SMEPay')[0].json;
	const [held] = await ledgerPayouts(it, ref);
	expect(item).toMatchObject({ reference_id: ref, payout_id: held.id });
	expect(item).not.toHaveProperty('id');
});
