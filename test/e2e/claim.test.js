'use strict';
// The claim recipe (README "Repeats and queue mode") on n8n's default database, SQLite, in one
// process: many runs try to claim the same order's row at the same moment, with nothing in front
// of the claim (a plain Webhook, no trigger memory). Exactly one run per order gets the row and
// reaches the fulfilment call; a row that no condition names is left alone. The same workflow
// runs across processes on PostgreSQL in the queue-mode suite.
const { connectStack, waitFor } = require('./stackClient');
const { startRecorder } = require('../queue/recorder');
const { claimRaceWorkflow } = require('../queue/workflows');
const { dataTables } = require('../../scripts/n8n/dataTables');
const { pointAtDataTables } = require('../../scripts/lib/demoSetup');

let stack;
let recorder;
let workflowId;
let path;

beforeAll(async () => {
	stack = await connectStack();
	recorder = await startRecorder();
	path = `claim-race-${Date.now().toString(36)}`;
	const orders = await dataTables(stack.api).find('SMEPay orders');
	const workflow = await stack.api.importWorkflow(
		pointAtDataTables(claimRaceWorkflow({ effectUrl: recorder.effectUrl, path }), {
			'SMEPay orders': orders,
		}),
	);
	workflowId = workflow.id;
	await stack.api.activateWorkflow(workflowId);
});

afterAll(async () => {
	if (workflowId) await stack.api.deactivateWorkflow(workflowId).catch(() => {});
	if (recorder) await recorder.close();
});

const post = (body) =>
	fetch(stack.webhookUrl(path), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(30_000),
	}).then((response) => response.status);

test('8 runs claim each of 5 orders at the same moment: one fulfilment per order, the fulfilling run recorded, other rows untouched', async () => {
	const tables = dataTables(stack.api);
	const table = await tables.find('SMEPay orders');
	const tag = Date.now().toString(36);
	const orders = Array.from({ length: 5 }, (_, i) => `RACE-${tag}-${i}`);
	const bystander = `RACE-${tag}-untouched`;
	await tables.insertRows(
		table.id,
		[...orders, bystander].map((order_id) => ({
			order_id,
			amount: '10.00',
			status: 'pending',
			fulfilled: false,
		})),
	);

	const statuses = await Promise.all(
		orders.flatMap((order_id) => Array.from({ length: 8 }, () => post({ order_id }))),
	);
	expect(statuses).toEqual(Array(40).fill(200));
	await waitFor(
		'40 finished runs',
		async () => {
			const runs = await stack.executions(workflowId);
			return runs.length >= 40 && runs.every((e) => !['new', 'running'].includes(e.status));
		},
		{ timeoutMs: 120_000 },
	);
	const runs = await stack.executions(workflowId);
	expect(runs.filter((e) => e.status !== 'success')).toEqual([]);

	const fulfilments = (order) => recorder.effects.filter((e) => e.eventId === order);
	expect(orders.map((order) => fulfilments(order).length)).toEqual(Array(5).fill(1));
	const rows = await tables.listRows(table.id);
	for (const order of orders) {
		const row = rows.find((r) => r.order_id === order);
		const [effect] = fulfilments(order);
		expect(row).toMatchObject({ fulfilled: true, fulfilled_by: String(effect.execution) });
		expect(effect.fulfilledBy).toBe(String(effect.execution));
	}
	expect(rows.find((r) => r.order_id === bystander)).toMatchObject({ fulfilled: false });
	expect(fulfilments(bystander)).toEqual([]);
});
