'use strict';
// A credential edited to another merchant's keys: n8n keeps the stored token, so without a check
// the old merchant's token goes on being sent for up to an hour (payouts from the other wallet).
// The token is stored with a digest of what it was issued for; a token whose digest does not match
// the credential's fields, or a token stored before there was a digest, is exchanged again.
const { startIntegration, smePayNode } = require('../harness/integration');
const { newRef, row, sendRows, ledgerPayouts, allText } = require('./payoutSteps');

let env;
beforeAll(async () => {
	env = await startIntegration();
});
afterAll(async () => await env.close());

const stored = () => env.engine.credentials.data('disbursement');
const exchanges = () => env.engine.credentials.preAuthentications.length;

function getPayout(id) {
	return env.engine.run({
		nodes: [
			smePayNode(
				{ resource: 'payout', operation: 'get', payoutId: id },
				env.credentials.disbursement,
				{ onError: 'continueRegularOutput' },
			),
		],
		input: [{}],
	});
}

/** What the editor does to a saved credential: new field values, the hidden token left as it was. */
function editCredential(fields) {
	Object.assign(stored(), fields);
}

test('keys switched to another merchant: the next call exchanges again, and pays from the new merchant only', async () => {
	const merchantA = env.sandbox.clients.disbursement.test;
	const merchantB = env.sandbox.clients.disbursement.testOther;
	const refA = newRef('MERCHANT-A');
	const paidByA = (await sendRows(env, [row(refA)])).output('SMEPay')[0].json;
	const tokenOfA = stored().accessToken;

	editCredential({ clientId: merchantB.clientId, clientSecret: merchantB.clientSecret });
	const before = exchanges();
	// Merchant B cannot see merchant A's payout: the call is made with B's token.
	const item = (await getPayout(paidByA.id)).output('SMEPay')[0].json;
	expect(item.error).toBe('SMEPay Get Payout failed: payout not found');
	expect(exchanges()).toBe(before + 1);
	expect(stored().accessTokenFor).toMatch(/^v1:[0-9a-f]{64}$/);
	expect(stored().accessToken).not.toBe(tokenOfA);

	const refB = newRef('MERCHANT-B');
	await sendRows(env, [row(refB)]);
	const [payoutB] = await ledgerPayouts(env, refB);
	expect(payoutB.client_id).toBe(merchantB.clientId);
	// One exchange for B serves the next calls.
	expect(exchanges()).toBe(before + 1);

	editCredential({ clientId: merchantA.clientId, clientSecret: merchantA.clientSecret });
	expect((await getPayout(paidByA.id)).output('SMEPay')[0].json).toMatchObject({
		id: paidByA.id,
		reference_id: refA,
	});
	expect(exchanges()).toBe(before + 2);
});

test('a token stored before tokens said what they were issued for: exchanged again once, then kept', async () => {
	await sendRows(env, [row(newRef('OLD'))]);
	delete stored().accessTokenFor;
	const before = exchanges();
	await sendRows(env, [row(newRef('OLD')), row(newRef('OLD'))]);
	expect(exchanges()).toBe(before + 1);
	expect(stored().accessTokenFor).toMatch(/^v1:[0-9a-f]{64}$/);
	await sendRows(env, [row(newRef('OLD'))]);
	expect(exchanges()).toBe(before + 1);
});

test('the digest reveals neither the secret nor the token, and changes with every token', async () => {
	const { clientSecret, clientId } = stored();
	const first = stored().accessTokenFor;
	await env.control('POST', '/tokens/expire');
	await sendRows(env, [row(newRef('DIGEST'))]);
	const second = stored().accessTokenFor;
	expect(second).not.toBe(first);
	for (const digest of [first, second]) {
		expect(digest).not.toContain(clientSecret);
		expect(digest).not.toContain(clientId);
		expect(digest).not.toContain(stored().accessToken);
	}
	// Nor does it reach an output item.
	const output = (await sendRows(env, [row(newRef('DIGEST'))])).output('SMEPay');
	expect(allText(output)).not.toContain(second.slice(3));
});
