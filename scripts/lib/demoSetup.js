'use strict';
// What `npm start` and `npm run start:queue` set up in their n8n the same way: the demo owner,
// one credential of each SMEPay kind pointing at the sandbox's Test host, the pay-run Data Table
// with a few sandbox rows, and example workflows pointed at those credentials and that table.

const { dataTables } = require('../n8n/dataTables');

const DEMO_OWNER = {
	email: 'demo@smepay.local',
	password: 'SmePay-Demo-1',
	firstName: 'Demo',
	lastName: 'Merchant',
};

/** The three sandbox credentials to create, named so that a second run can find them again. */
function sandboxCredentialSpecs(sandbox) {
	const { collection, disbursement, partner } = sandbox.clients;
	const custom = { environment: 'custom', baseUrl: sandbox.testUrl };
	return [
		{
			name: 'SMEPay Sandbox (collection)',
			type: 'smePayApi',
			data: { ...custom, integration: 'inline', ...keys(collection.test) },
		},
		{
			name: 'SMEPay Sandbox (disbursement)',
			type: 'smePayDisbursementApi',
			data: { ...custom, ...keys(disbursement.test) },
		},
		{
			name: 'SMEPay Sandbox (partner)',
			type: 'smePayPartnerApi',
			data: { baseUrl: sandbox.testUrl, partnerCode: partner.partnerCode, email: partner.email },
		},
	];
}

function keys({ clientId, clientSecret }) {
	return { clientId, clientSecret };
}

/** Points every node's credential of a type in `credentialsByType` at that credential (in place). */
function pointAtCredentials(workflow, credentialsByType) {
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials || {})) {
			const ours = credentialsByType[type];
			if (ours) node.credentials[type] = { id: ours.id, name: ours.name };
		}
	}
	return workflow;
}

/**
 * The pay run's Data Table: one row per payout, editable in n8n (Overview → Data tables). The
 * column names are Send Payout's Auto-Map columns, so the workflow needs no mapping; the pay run
 * writes outcome, payout_id and message back; fulfilled / fulfilled_by are for a workflow that
 * claims a paid row once (a Data Table row update with a filter). n8n columns have no default
 * value: rows are inserted with fulfilled false.
 */
const PAYOUTS_TABLE = {
	name: 'SMEPay payouts',
	columns: [
		...[
			'reference_id',
			'amount',
			'payment_mode',
			'beneficiary_name',
			'beneficiary_account',
			'beneficiary_ifsc',
			'outcome',
			'payout_id',
			'message',
			'fulfilled_by',
		].map((name) => ({ name, type: 'string' })),
		{ name: 'fulfilled', type: 'boolean' },
	],
};

/** A new row of the pay-run table: the payout's fields, nothing paid yet. */
function payoutRow(fields) {
	return {
		outcome: null,
		payout_id: null,
		message: null,
		fulfilled_by: null,
		fulfilled: false,
		...fields,
	};
}

// The demo's first pay run: three good rows and one that the preview refuses (its IFSC has 10
// characters), so the approval page shows both.
const PAYOUTS_SEED = [
	['PAYRUN-2025-07-V001', '1500.00', 'IMPS', 'Asha Traders', '123456789012', 'HDFC0001234'],
	['PAYRUN-2025-07-V002', '820.50', 'IMPS', 'Ravi Kumar', '000111222333', 'ICIC0000456'],
	['PAYRUN-2025-07-V003', '12000.00', 'NEFT', 'Meena Textiles', '987654321098', 'SBIN0004321'],
	['PAYRUN-2025-07-V004', '300.00', 'IMPS', 'Typo Stores', '555666777888', 'HDFC001234'],
].map(
	([reference_id, amount, payment_mode, beneficiary_name, beneficiary_account, beneficiary_ifsc]) =>
		payoutRow({
			reference_id,
			amount,
			payment_mode,
			beneficiary_name,
			beneficiary_account,
			beneficiary_ifsc,
		}),
);

/**
 * The pay-run table, created with the seed rows when it is not there (a table that exists keeps
 * its rows: a second `npm start` must not add the demo rows again or undo what a run wrote).
 * Returns { [table name]: table } for pointAtDataTables.
 */
async function upsertPayoutsTable(api) {
	const tables = dataTables(api);
	const table = await tables.ensure(PAYOUTS_TABLE);
	if (table.created) await tables.insertRows(table.id, PAYOUTS_SEED);
	return { [table.name]: table };
}

/**
 * The checkout example's Data Table: each order it creates (`pending`, `fulfilled` false), claimed
 * once when paid (README "Repeats and queue mode").
 */
const ORDERS_TABLE = {
	name: 'SMEPay orders',
	columns: [
		...['order_id', 'slug', 'amount', 'status', 'fulfilled_by'].map((name) => ({
			name,
			type: 'string',
		})),
		{ name: 'fulfilled', type: 'boolean' },
	],
};

/** Every Data Table the examples use (the pay-run table with its seed rows, the orders table). */
async function upsertExampleTables(api) {
	const orders = await dataTables(api).ensure(ORDERS_TABLE);
	return { ...(await upsertPayoutsTable(api)), [orders.name]: orders };
}

/**
 * Points every Data Table node at the table it names (in place). n8n 1.123's Data Table node
 * selects a table by id only (2.x also by name), and ids differ per n8n: the example files name
 * the table in the locator's cachedResultName, as the editor saves it, and get the id here.
 */
function pointAtDataTables(workflow, tablesByName) {
	for (const node of workflow.nodes) {
		const locator = node.type === 'n8n-nodes-base.dataTable' && node.parameters.dataTableId;
		const table = locator && tablesByName[locator.cachedResultName];
		if (table) Object.assign(locator, { mode: 'list', value: table.id });
	}
	return workflow;
}

module.exports = {
	DEMO_OWNER,
	PAYOUTS_TABLE,
	ORDERS_TABLE,
	sandboxCredentialSpecs,
	pointAtCredentials,
	pointAtDataTables,
	payoutRow,
	upsertPayoutsTable,
	upsertExampleTables,
};
