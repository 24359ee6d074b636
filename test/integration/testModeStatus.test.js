'use strict';
// SMEPay's Test mode may write a status with a TEST_ prefix (TEST_SUCCESS), and the answer schemas
// accept it. Every decision taken on a status must then read it as the status it stands for:
// a new payout answered TEST_INITIATED is new (and its amount checked), and Wait for Status ends
// at TEST_SUCCESS instead of polling to its timeout. The answers are the sandbox's real ones with
// the status rewritten.
const { useIntegration } = require('../harness/integration');
const { newRef, row, sendRows, ledgerPayouts } = require('./payoutSteps');
const { createOrder, runOrder, settle } = require('./orderSteps');

const PAYOUTS = '/api/v1/disbursement/payouts';
const it = useIntegration(undefined, { clearFaults: true });

const tamper = (match, set) =>
	it.control('POST', '/faults', { match, action: 'tamper', set, times: 0 });

test('a new payout answered TEST_INITIATED is reported as new, not as sent before', async () => {
	const ref = newRef('TESTINIT');
	await tamper({ method: 'POST', path: PAYOUTS }, { 'data.status': 'TEST_INITIATED' });
	const item = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
	expect(await ledgerPayouts(it, ref)).toHaveLength(1);
	expect(item.duplicate).not.toBe(true);
	expect(item).toMatchObject({ reference_id: ref, id: expect.any(String) });
});

test('a new payout answered TEST_INITIATED for another amount is an error, not "not sent"', async () => {
	const ref = newRef('TESTAMT');
	await tamper(
		{ method: 'POST', path: PAYOUTS },
		{ 'data.status': 'TEST_INITIATED', 'data.amount': 1000 },
	);
	const result = await sendRows(it, [row(ref)], { continueOnFail: true });
	const item = result.output('SMEPay')[0].json;
	expect(item.duplicate).not.toBe(true);
	expect(item.error).toMatch(/answered for ₹1,000, but this row sent ₹100/);
});

test('Wait for Status (payout) ends at TEST_SUCCESS instead of waiting for its timeout', async () => {
	const ref = newRef('TESTWAIT');
	const sent = (await sendRows(it, [row(ref)])).output('SMEPay')[0].json;
	await tamper({ method: 'GET', path: `${PAYOUTS}/${sent.id}` }, { 'data.status': 'TEST_SUCCESS' });
	const started = Date.now();
	const result = await it.engine.run({
		nodes: [
			{
				name: 'Wait',
				type: 'smePay',
				parameters: {
					resource: 'payout',
					operation: 'waitForStatus',
					payoutId: sent.id,
					pollInterval: 1,
					timeout: 8,
				},
				credentials: it.credentials.disbursement,
			},
		],
		input: [{}],
	});
	const item = result.output('Wait')[0].json;
	expect(item).toMatchObject({ status: 'TEST_SUCCESS', timedOut: false });
	expect(Date.now() - started).toBeLessThan(5000);
});

test('Wait for Status (order) ends at TEST_SUCCESS instead of waiting for its timeout', async () => {
	const order = await createOrder(it, 'inline', '10.00');
	await settle(it, order.slug, 'SUCCESS');
	await tamper({ path: '/api/external/qr/status' }, { payment_status: 'TEST_SUCCESS' });
	const started = Date.now();
	const item = (
		await runOrder(it, 'inline', 'waitForStatus', {
			slug: order.slug,
			pollInterval: 1,
			timeout: 8,
		})
	).output('SMEPay')[0].json;
	expect(item).toMatchObject({ payment_status: 'TEST_SUCCESS', timedOut: false });
	expect(Date.now() - started).toBeLessThan(5000);
});
