'use strict';
// The trigger writes its verification errors once a minute (rareLog.ts) so that a flood does not
// fill n8n's log. A trigger for payments and payouts checks them with two credentials: when both
// are wrong, the error naming one must not hold back the error naming the other ("and 1 more like
// it"), or the user fixes one credential while SMEPay gives up on the other's events.
const { useIntegration } = require('../harness/integration');
const { logsOfEachTest } = require('../harness/webhook');
const {
	startTrigger,
	useApiShape,
	createOrder,
	paymentBody,
	createPayout,
	settlePayout,
} = require('./triggerSteps');

const it = useIntegration({ seed: { orderTtlSeconds: 1e7 } }, { clearFaults: true });

let hook;
const logs = logsOfEachTest();
afterEach(async () => {
	await useApiShape(it, { webhookTransactionId: 'txn', orderStatusEndpoint: false });
	await hook?.close();
	hook = undefined;
});

test('both credentials of the other environment: one error names each, within the same minute', async () => {
	await useApiShape(it, { webhookTransactionId: 'txn', orderStatusEndpoint: true });
	hook = await startTrigger(
		it,
		{},
		{ credentials: { ...it.credentials.inlineLive, ...it.credentials.disbursementLive } },
	);
	const order = await createOrder(it, { amount: '55.00' });
	await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
	const payout = await createPayout(it, { amount: 55 });
	await settlePayout(it, payout.id, 'SUCCESS');

	const payment = await hook.post(hook.productionUrl(), await paymentBody(it, order.slug));
	const payoutReply = await hook.post(hook.productionUrl(), { ...payout, status: 'SUCCESS' });
	expect([payment.status, payoutReply.status]).toEqual([503, 503]);
	expect(hook.runs).toHaveLength(0);

	const errors = logs.entries.filter((entry) => entry.level === 'error').map((e) => e.message);
	expect(errors).toEqual([
		expect.stringContaining('for the SMEPay API credential "inlineLive"'),
		expect.stringContaining('for the SMEPay Disbursement API credential "disbursementLive"'),
	]);
});
