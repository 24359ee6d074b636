'use strict';
// The pay-run Data Table that npm start and the e2e stack create, and how the example finds it.
const {
	REQUIRED_COLUMNS,
	OPTIONAL_COLUMNS,
} = require('../../nodes/SmePay/actions/payout/autoMapColumns');
const { PAYOUTS_TABLE, ORDERS_TABLE, pointAtDataTables } = require('../../scripts/lib/demoSetup');
const { readExamples } = require('../../scripts/starter');

const columnsOf = (list) => list.split(', ');

test("the table's payout columns are Send Payout's Auto-Map columns, so the example maps nothing", () => {
	const strings = PAYOUTS_TABLE.columns.filter((c) => c.type === 'string').map((c) => c.name);
	for (const column of columnsOf(REQUIRED_COLUMNS)) expect(strings).toContain(column);
	expect(strings).toContain('payment_mode');
	// No column that Auto-Map would read but the pay run does not mean to send.
	const optional = columnsOf(OPTIONAL_COLUMNS).filter((c) => c !== 'payment_mode');
	for (const column of optional) expect(strings).not.toContain(column);
	expect(PAYOUTS_TABLE.columns).toContainEqual({ name: 'fulfilled', type: 'boolean' });
});

test('pointAtDataTables points the Data Table nodes that name a table at its id, and no other node', () => {
	const workflow = {
		nodes: [
			{
				name: 'Rows',
				type: 'n8n-nodes-base.dataTable',
				parameters: {
					dataTableId: { __rl: true, mode: 'list', value: 'x', cachedResultName: 'SMEPay payouts' },
				},
			},
			{
				name: 'Other table',
				type: 'n8n-nodes-base.dataTable',
				parameters: {
					dataTableId: { __rl: true, mode: 'id', value: 'keep', cachedResultName: 'Other' },
				},
			},
			{ name: 'Code', type: 'n8n-nodes-base.code', parameters: {} },
		],
	};
	pointAtDataTables(workflow, { 'SMEPay payouts': { id: 'T1' } });
	expect(workflow.nodes[0].parameters.dataTableId).toMatchObject({ mode: 'list', value: 'T1' });
	expect(workflow.nodes[1].parameters.dataTableId).toMatchObject({ mode: 'id', value: 'keep' });
	expect(workflow.nodes[2].parameters).toEqual({});
});

test('every Data Table node of the examples names a table that npm start creates, so import can point it', () => {
	const created = [PAYOUTS_TABLE.name, ORDERS_TABLE.name];
	const nodes = readExamples()
		.flatMap((workflow) => workflow.nodes)
		.filter((node) => node.type === 'n8n-nodes-base.dataTable');
	expect(nodes.length).toBeGreaterThanOrEqual(3);
	for (const node of nodes) expect(created).toContain(node.parameters.dataTableId.cachedResultName);
	// The pay run, the payout fulfilment and the checkout each use theirs.
	const named = new Set(nodes.map((node) => node.parameters.dataTableId.cachedResultName));
	expect([...named].sort()).toEqual([...created].sort());
});
