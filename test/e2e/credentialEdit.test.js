'use strict';
// In a real n8n: a saved disbursement credential edited to another merchant's keys, as the editor
// saves it. n8n keeps the stored (hidden) token when a credential is edited, so without a check the
// old merchant's token would go on being used for up to an hour: payouts from the other wallet.
// The package stores what the token was issued for and exchanges again when that changed.
const { connectStack, oneSmePayNodeWorkflow } = require('./stackClient');

const AUTH = '/api/v1/disbursement/auth';

let stack;
let credential;
beforeAll(async () => {
	stack = await connectStack();
	const { clientId, clientSecret } = stack.state.sandbox.clients.disbursement.test;
	credential = await stack.api.createCredential({
		name: `SMEPay merchant switch e2e ${Date.now()}`,
		type: 'smePayDisbursementApi',
		data: { environment: 'custom', baseUrl: stack.state.sandbox.testUrl, clientId, clientSecret },
	});
});
afterEach(async () => await stack.control('DELETE', '/faults'));

/** A workflow of one SMEPay node on this test's credential, run once; its item or error. */
async function runNode(parameters) {
	const workflow = await stack.api.importWorkflow(
		oneSmePayNodeWorkflow(`SMEPay merchant switch e2e ${Date.now()}`, parameters, {
			smePayDisbursementApi: { id: credential.id, name: credential.name },
		}),
	);
	const execution = await stack.api.runWorkflow(workflow.id);
	const run = execution.data.resultData.runData.SMEPay?.[0];
	return { error: run?.error, json: run?.data?.main?.[0]?.[0]?.json };
}

const sendPayout = (referenceId) =>
	runNode({
		resource: 'payout',
		operation: 'send',
		referenceId,
		amount: '100',
		beneficiaryName: 'Ravi Kumar',
		beneficiaryAccount: '123456789012',
		beneficiaryIfsc: 'HDFC0001234',
	});

const getPayout = (payoutId) => runNode({ resource: 'payout', operation: 'get', payoutId });

test('keys changed to another merchant in the editor: the next run exchanges again and acts as that merchant', async () => {
	const other = stack.state.sandbox.clients.disbursement.testOther;
	const refA = `E2E-MERCHANT-A-${Date.now()}`;
	const paidByA = await sendPayout(refA);
	expect(paidByA.error).toBeUndefined();
	expect(paidByA.json).toMatchObject({ reference_id: refA, status: 'INITIATED' });

	await stack.api.updateCredential(credential.id, {
		clientId: other.clientId,
		clientSecret: other.clientSecret,
	});
	// Counts the exchanges from here on.
	await stack.control('POST', '/faults', {
		match: { path: AUTH },
		action: 'delay',
		delayMs: 0,
		times: 0,
	});

	// The other merchant cannot see the first merchant's payout: the call went out with its token.
	const seen = await getPayout(paidByA.json.id);
	expect(seen.json).toBeUndefined();
	expect(seen.error.message).toBe('SMEPay Get Payout failed: payout not found');

	const refB = `E2E-MERCHANT-B-${Date.now()}`;
	const paidByB = await sendPayout(refB);
	expect(paidByB.error).toBeUndefined();
	const { payouts } = await stack.control('GET', '/ledger');
	expect(payouts.find((payout) => payout.reference_id === refB).client_id).toBe(other.clientId);
	expect(payouts.find((payout) => payout.reference_id === refA).client_id).toBe(
		stack.state.sandbox.clients.disbursement.test.clientId,
	);
	// One exchange for the new keys served both runs (n8n stored it with what it was issued for).
	const { faults } = await stack.control('GET', '/faults');
	expect(faults[0].fired).toBe(1);
});
