'use strict';
// SMEPay's Test mode may write a status with a TEST_ prefix (TEST_SUCCESS), and the answer schemas
// accept it. Every decision taken on a status must then read it as the status it stands for:
// a new payout answered TEST_INITIATED is new (and its amount checked), and Wait for Status ends
// at TEST_SUCCESS instead of polling to its timeout. The answers are the sandbox's real ones with
// the status rewritten.
const { useIntegration } = require('../harness/integration');
const { newRef, row, sendRows, ledgerPayouts } = require('./payoutSteps');
const { createOrder, runOrder, settle } = require('./orderSteps');
const { startTrigger, paymentBody } = require('./triggerSteps');

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

// Validate and the trigger agree on SMEPay's Test mode: a TEST_SUCCESS payment of the right amount
// is paid (testMode: true) on a Test or Custom (sandbox) credential, so the README's fulfilment path
// (Trigger → Validate → IF valid) fulfils in Test mode too. A Live credential never takes one as
// paid (unit tests: test/unit/orderValidation.test.js; the sandbox is reached as Custom).
describe('Validate and the trigger agree on a TEST_SUCCESS payment', () => {
	const paidOrder = async (credential) => {
		const order = await createOrder(it, credential, '10.00');
		await settle(it, order.slug, 'SUCCESS');
		return order;
	};
	const validate = async (credential, slug, amount) =>
		(await runOrder(it, credential, 'validate', { slug, amount })).output('SMEPay')[0].json;

	test('Inline: a TEST_SUCCESS status with the right amount validates, with testMode: true', async () => {
		const order = await paidOrder('inline');
		await tamper({ path: '/api/external/qr/status' }, { payment_status: 'TEST_SUCCESS' });
		expect(await validate('inline', order.slug, '10.00')).toMatchObject({
			valid: true,
			testMode: true,
			payment_status: 'TEST_SUCCESS',
		});
		const short = await validate('inline', order.slug, '10.01');
		expect(short).toMatchObject({ valid: false, testMode: true });
		expect(short.message).toMatch(/Amount mismatch/);
	});

	test('Inline: TEST_PENDING is not paid, and a plain SUCCESS says testMode: false', async () => {
		const order = await paidOrder('inline');
		expect(await validate('inline', order.slug, '10.00')).toMatchObject({
			valid: true,
			testMode: false,
		});
		await tamper({ path: '/api/external/qr/status' }, { payment_status: 'TEST_PENDING' });
		expect(await validate('inline', order.slug, '10.00')).toMatchObject({
			valid: false,
			testMode: true,
			payment_status: 'TEST_PENDING',
		});
	});

	test('Wizard: SMEPay answering valid with TEST_SUCCESS validates, with testMode: true', async () => {
		const order = await paidOrder('wizard');
		await tamper({ path: '/api/wiz/external/order/validate' }, { payment_status: 'TEST_SUCCESS' });
		expect(await validate('wizard', order.slug, '10.00')).toMatchObject({
			valid: true,
			testMode: true,
			payment_status: 'TEST_SUCCESS',
		});
	});

	test('the README path in Test mode: the trigger runs it as paid and Validate says valid', async () => {
		const hook = await startTrigger(it, { events: ['payment'], statuses: ['SUCCESS'] });
		try {
			const order = await paidOrder('inline');
			await tamper({ path: '/api/external/qr/status' }, { payment_status: 'TEST_SUCCESS' });
			// A webhook saying SUCCESS where SMEPay's answer says TEST_SUCCESS is a Test-mode one too.
			const body = await paymentBody(it, order.slug, { status: 'SUCCESS' });
			const answer = await hook.post(hook.productionUrl({ slug: order.slug }), body);
			expect(answer.status).toBe(200);
			expect(hook.runs).toHaveLength(1);
			expect(hook.runs[0].items[0]).toMatchObject({
				status: 'SUCCESS',
				verified: true,
				testMode: true,
			});
			expect(await validate('inline', order.slug, '10.00')).toMatchObject({
				valid: true,
				testMode: true,
			});
		} finally {
			await hook.close();
		}
	});
});
