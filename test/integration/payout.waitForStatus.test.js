'use strict';
// Get Payout and Wait for Status through the real n8n engine against the sandbox: Send → Wait in
// one workflow, SUCCESS with its UTR, FAILED with its reason, the timeout, and bad ids.
const { useIntegration, smePayNode } = require('../harness/integration');
const { newRef, row, SEND_PARAMETERS, sendRows } = require('./payoutSteps');

const it = useIntegration();
afterEach(async () => {
	await it.control('POST', '/config', { autoSettlePayoutsMs: null });
	await it.control('DELETE', '/faults');
});

function waitNode(parameters, extra = {}) {
	return {
		name: 'Wait',
		type: 'smePay',
		parameters: {
			resource: 'payout',
			operation: 'waitForStatus',
			payoutId: '={{ $json.id }}',
			pollInterval: 1,
			timeout: 10,
			...parameters,
		},
		credentials: it.credentials.disbursement,
		...extra,
	};
}

async function sendOne(ref = newRef('WAIT')) {
	const result = await sendRows(it, [row(ref)]);
	return result.output('SMEPay')[0].json;
}

test('Send → Wait for Status in one workflow ends at SUCCESS with the UTR, for every row', async () => {
	// SMEPay settles on its own 1.5 s after the payout is made.
	await it.control('POST', '/config', { autoSettlePayoutsMs: 1500 });
	const refs = [newRef('WAITOK'), newRef('WAITOK')];
	const result = await it.engine.run({
		nodes: [smePayNode(SEND_PARAMETERS, it.credentials.disbursement), waitNode({})],
		connections: { SMEPay: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } },
		input: refs.map((ref) => row(ref)),
	});
	const items = result.output('Wait');
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	items.forEach((item, index) => {
		expect(item.json).toMatchObject({
			reference_id: refs[index],
			status: 'SUCCESS',
			utr_number: expect.stringMatching(/^UTR\d{12}$/),
		});
		expect(item.json).toHaveProperty('timedOut', false);
	});
});

test('ends at FAILED with the failure reason', async () => {
	const sent = await sendOne();
	const waiting = it.engine.run({ nodes: [waitNode({})], input: [{ id: sent.id }] });
	await new Promise((resolve) => setTimeout(resolve, 300));
	await it.control('POST', `/payouts/${sent.id}/settle`, {
		status: 'FAILED',
		failure_reason: 'Account closed',
	});
	const item = (await waiting).output('Wait')[0].json;
	expect(item).toMatchObject({ id: sent.id, status: 'FAILED', failure_reason: 'Account closed' });
});

test('at the timeout: the last status seen, with timedOut: true', async () => {
	const sent = await sendOne();
	const started = Date.now();
	const result = await it.engine.run({
		nodes: [waitNode({ timeout: 2 })],
		input: [{ id: sent.id }],
	});
	const item = result.output('Wait')[0].json;
	expect(item).toMatchObject({ id: sent.id, status: 'INITIATED', timedOut: true });
	expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
	expect(Date.now() - started).toBeLessThan(30_000);
});

test('a status read that meets 5xx and a dropped connection is retried, the wait goes on', async () => {
	const sent = await sendOne();
	await it.control('POST', '/faults', {
		match: { method: 'GET', path: '/api/v1/disbursement/payouts/' },
		action: 'status',
		status: 500,
		times: 1,
	});
	await it.control('POST', '/faults', {
		match: { method: 'GET', path: '/api/v1/disbursement/payouts/' },
		action: 'drop',
		times: 1,
	});
	await it.control('POST', `/payouts/${sent.id}/settle`, { status: 'SUCCESS' });
	const result = await it.engine.run({ nodes: [waitNode({})], input: [{ id: sent.id }] });
	expect(result.output('Wait')[0].json).toMatchObject({ id: sent.id, status: 'SUCCESS' });
	const { faults } = await it.control('GET', '/faults');
	expect(faults.map((fault) => fault.fired)).toEqual([1, 1]);
});

test('Get Payout reads the payout; bad and unknown ids are clear errors', async () => {
	const sent = await sendOne();
	const get = (payoutId, extra) =>
		it.engine.run({
			nodes: [
				smePayNode(
					{ resource: 'payout', operation: 'get', payoutId: '={{ $json.id }}' },
					it.credentials.disbursement,
					extra,
				),
			],
			input: [{ id: payoutId }],
		});
	expect((await get(sent.id)).output('SMEPay')[0].json).toMatchObject({
		id: sent.id,
		reference_id: sent.reference_id,
		status: 'INITIATED',
	});

	const bad = (await get('not-a-uuid')).nodeError('SMEPay');
	expect(bad.message).toBe('Payout ID "not-a-uuid" is not a UUID (item 0)');

	const unknown = (
		await get('00000000-0000-4000-8000-000000000000', { onError: 'continueRegularOutput' })
	).output('SMEPay')[0].json;
	expect(unknown).toMatchObject({
		error: 'SMEPay Get Payout failed: payout not found',
		httpCode: '404',
	});

	const waitBad = (
		await it.engine.run({ nodes: [waitNode({})], input: [{ id: '12345' }] })
	).nodeError('Wait');
	expect(waitBad.message).toBe('Payout ID "12345" is not a UUID (item 0)');
});
