'use strict';
// What the SMEPay Trigger remembers survives a restart of n8n. A second n8n of the tested version
// (its own user folder, the same packed package, the suite's sandbox) with an active trigger
// workflow: SMEPay delivers several settled payouts, n8n stops and starts again on the same
// user folder, and each event posted again must be answered `duplicate` with no new run.
//
// n8n saves a webhook's static data after it started the run, and starting the run builds a
// second Workflow over the same static data object, which clears its "changed" flag
// (n8n-workflow's ObservableObject.create); so what webhook() remembers was never saved, except
// on a workflow whose static data was still empty. The trigger therefore also writes its memory
// from inside the run (the node's execute()), whose changes n8n saves when the run ends.
const fs = require('node:fs');
const { sandboxCredentialSpecs } = require('../../scripts/lib/demoSetup');
const { sandboxControl } = require('../harness/sandboxControl');
const { waitFor, executionsOf, postWebhook, sandboxPayout } = require('./stackClient');
const { startOwnN8n } = require('./ownN8n');
const { triggerWorkflow } = require('../../bench/lib/workflows');

const EVENTS = 3;
const state = JSON.parse(fs.readFileSync(process.env.SMEPAY_E2E_STATE, 'utf8'));
const control = sandboxControl(state.sandbox.controlUrl);
let own;

beforeAll(async () => {
	own = await startOwnN8n(state, { name: 'restart' });
	await control('POST', '/config', { autoSettlePayoutsMs: null });
});

afterAll(async () => {
	await control('POST', '/config', { autoSettlePayoutsMs: 3000 }).catch(() => {});
	await own?.stop();
});

const executionCount = async (workflowId) => (await executionsOf(own.api, workflowId)).length;

test('events delivered before a restart are still duplicates after it', async () => {
	const spec = sandboxCredentialSpecs(state.sandbox).find(
		(c) => c.type === 'smePayDisbursementApi',
	);
	const credential = await own.api.createCredential(spec);
	const { webhookPath, ...definition } = triggerWorkflow({
		verify: true,
		credential,
		name: 'restart: SMEPay Trigger',
	});
	const workflow = await own.api.importWorkflow(definition);
	await own.api.activateWorkflow(workflow.id);
	const callbackUrl = `${own.n8n.baseUrl}/webhook/${webhookPath}`;

	// One after the other, each run ended before the next event: every event but the first
	// meets static data that n8n already saved once.
	const payouts = [];
	const delivered = [];
	for (let i = 0; i < EVENTS; i++) {
		const payout = await sandboxPayout(
			{ state },
			{ callbackUrl, amount: 100 + i, reference: `RESTART-${Date.now().toString(36)}-${i}` },
		);
		payouts.push(payout);
		await control('POST', `/payouts/${payout.id}/settle`, { status: 'SUCCESS' });
		delivered.push(
			await waitFor(`the delivery for ${payout.id}`, async () =>
				(await control('GET', '/ledger')).webhooks.find((d) => d.id === payout.id),
			),
		);
		await waitFor(`run ${i + 1}`, async () => (await executionCount(workflow.id)) >= i + 1);
	}
	expect(delivered.map((d) => d.responseStatus)).toEqual(Array(EVENTS).fill(200));
	// A run that would start late, and n8n's save when a run ends, have had their time.
	await new Promise((resolve) => setTimeout(resolve, 1500));
	expect(await executionCount(workflow.id)).toBe(EVENTS);

	await own.restart();

	// n8n registers the active workflow's webhook shortly after it serves: 404 until then.
	const answers = [];
	for (const delivery of delivered) {
		answers.push(
			await waitFor('the webhook registered again', async () => {
				const answer = await postWebhook(callbackUrl, delivery.payload);
				return answer.status !== 404 && answer;
			}),
		);
	}
	expect(answers.map((a) => [a.status, a.body?.result])).toEqual(
		Array(EVENTS).fill([200, 'duplicate']),
	);
	await new Promise((resolve) => setTimeout(resolve, 1500));
	expect(await executionCount(workflow.id)).toBe(EVENTS);
});
