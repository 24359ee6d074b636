'use strict';
// Two webhooks for two different payouts handled at overlapping moments. n8n gives each request
// its own copy of the workflow's static data (read when the request starts) and saves that copy
// whole when the request ends, so the later save drops what the earlier one remembered. Until a
// restart the process memory still knows the event; after one, a redelivery of it (SMEPay resends
// when its request timed out, a manual resend) starts a second run.
//
// So the trigger writes again, with its own keys, those this process remembered for the same
// node. (Several n8n processes, as in queue mode, would need storage they share.)
const path = require('node:path');
const { useIntegration } = require('../harness/integration');
const { startTrigger, createPayout, settlePayout } = require('./triggerSteps');

const PAYOUTS = '/api/v1/disbursement/payouts/';
const it = useIntegration();
let hook;
afterEach(async () => {
	await it.control('DELETE', '/faults');
	await hook?.close();
});

async function payoutObject(id) {
	const { clientId, clientSecret } = it.sandbox.clients.disbursement.test;
	const post = await fetch(`${it.sandbox.testUrl}/api/v1/disbursement/auth`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
	});
	const { data } = await post.json();
	const answer = await fetch(`${it.sandbox.testUrl}${PAYOUTS}${id}`, {
		headers: { authorization: `Bearer ${data.token}` },
	});
	return (await answer.json()).data;
}

/** What a restart of n8n forgets: the trigger's process memory (the same module the build loads). */
function forgetProcessMemory() {
	const { processMemory } = require(
		path.join(__dirname, '../../dist/nodes/SmePayTrigger/memory.js'),
	);
	for (const memory of Object.values(processMemory)) memory.forget();
}

test('two events handled at overlapping moments are both remembered across a restart', async () => {
	hook = await startTrigger(it);
	const [a, b] = [await createPayout(it), await createPayout(it)];
	await settlePayout(it, a.id, 'SUCCESS');
	await settlePayout(it, b.id, 'SUCCESS');
	const [bodyA, bodyB] = [await payoutObject(a.id), await payoutObject(b.id)];
	// A's verification is slow, so B's request starts (reading the static data) before A has saved.
	await it.control('POST', '/faults', {
		match: { method: 'GET', path: `${PAYOUTS}${a.id}` },
		action: 'delay',
		delayMs: 300,
		times: 1,
	});
	const first = hook.post(hook.productionUrl(), bodyA);
	await new Promise((resolve) => setTimeout(resolve, 50));
	await it.control('POST', '/faults', {
		match: { method: 'GET', path: `${PAYOUTS}${b.id}` },
		action: 'delay',
		delayMs: 600,
		times: 1,
	});
	const second = hook.post(hook.productionUrl(), bodyB);
	await Promise.all([first, second]);
	expect(hook.runs).toHaveLength(2);

	forgetProcessMemory();
	await hook.post(hook.productionUrl(), bodyA);
	await hook.post(hook.productionUrl(), bodyB);
	expect(hook.responses.slice(2).map((reply) => reply.body.result)).toEqual([
		'duplicate',
		'duplicate',
	]);
	expect(hook.runs).toHaveLength(2);
});
