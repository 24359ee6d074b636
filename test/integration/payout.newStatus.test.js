'use strict';
// A new payout that SMEPay answers already past INITIATED (PROCESSING, even SUCCESS): it is this
// run's payout, checked like any other (its amount too), and a Stop lists it as paid in this run,
// not as "from before". Only a creation time well before the request makes a payout an earlier one.
const { useIntegration } = require('../harness/integration');
const { newRef, row, sendRows, ledgerPayouts } = require('./payoutSteps');

const PAYOUTS = '/api/v1/disbursement/payouts';
const it = useIntegration(undefined, { clearFaults: true });

const answerWith = (set, extra = {}) =>
	it.control('POST', '/faults', {
		match: { method: 'POST', path: PAYOUTS },
		action: 'tamper',
		set,
		...extra,
	});

test.each(['PROCESSING', 'SUCCESS'])(
	'a new payout answered %s: this run’s payout, not duplicate',
	async (status) => {
		const ref = newRef(`NEW-${status}`);
		await answerWith({ 'data.status': status });
		const json = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
		const [held] = await ledgerPayouts(it, ref);
		expect(json).toMatchObject({ reference_id: ref, id: held.id, status });
		expect(json).not.toHaveProperty('duplicate');
	},
);

test('a new payout answered PROCESSING for another amount: an error, its amount compared', async () => {
	const ref = newRef('NEW-AMT');
	await answerWith({ 'data.status': 'PROCESSING', 'data.amount': 1000 });
	const item = (await sendRows(it, [row(ref)], { continueOnFail: true })).output('SMEPay')[0].json;
	expect(item).not.toHaveProperty('duplicate');
	expect(item.error).toMatch(/answered for ₹1,000, but this row sent ₹100/);
});

test('a Stop after a row answered PROCESSING lists that row as paid in this run, not from before', async () => {
	const prefix = newRef('NEW-STOP');
	const clientId = it.sandbox.clients.disbursement.test.clientId;
	await it.control('POST', '/config', { clients: { [clientId]: { balance: '105.00' } } });
	try {
		await answerWith({ 'data.status': 'PROCESSING' }, { times: 1 });
		const rows = [row(`${prefix}-0`), row(`${prefix}-1`)];
		const result = await sendRows(it, rows, { concurrency: 1 });
		const error = result.nodeError('SMEPay');
		expect(error.message).toMatch(/insufficient balance/);
		const [held] = await ledgerPayouts(it, prefix);
		expect(error.description).toContain(`item 0 ${prefix}-0 (payout ${held.id})`);
		expect(error.description).toMatch(/1 row was paid in this run/);
		expect(error.description).not.toMatch(/from before/);
		expect(error.context.paidBeforeStop).toEqual([
			{ item: 0, reference_id: `${prefix}-0`, payout_id: held.id },
		]);
	} finally {
		await it.control('POST', '/config', { clients: { [clientId]: { balance: '1000000.00' } } });
	}
});
