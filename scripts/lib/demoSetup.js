'use strict';
// What `npm start` and `npm run start:queue` set up in their n8n the same way: the demo owner,
// one credential of each SMEPay kind pointing at the sandbox's Test host, example workflows
// pointed at those credentials, and the Data Tables the examples claim their rows in.

const { ensureDataTable } = require('../n8n/dataTables');

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
 * The Data Tables the checkout and fulfilment examples claim rows in (README "Repeats and queue
 * mode"): `SMEPay orders`, which checkout.json records each order in, and `SMEPay payouts`, which
 * a pay run records each payout in. A claim sets `fulfilled` and `fulfilled_by` (execution id).
 */
const CLAIM_TABLES = [
	{
		name: 'SMEPay orders',
		columns: [
			...text('order_id', 'slug', 'amount', 'status'),
			{ name: 'fulfilled', type: 'boolean' },
			...text('fulfilled_by'),
		],
	},
	{
		name: 'SMEPay payouts',
		columns: [
			...text('reference_id', 'amount', 'payment_mode', 'beneficiary_name'),
			...text('beneficiary_account', 'beneficiary_ifsc', 'outcome', 'payout_id', 'message'),
			...text('fulfilled_by'),
			{ name: 'fulfilled', type: 'boolean' },
		],
	},
];

function text(...names) {
	return names.map((name) => ({ name, type: 'string' }));
}

/** Creates the claim tables that do not exist yet (by name); returns them by name. */
async function ensureClaimTables(api) {
	const tables = {};
	for (const spec of CLAIM_TABLES) tables[spec.name] = await ensureDataTable(api, spec);
	return tables;
}

/**
 * Points every Data Table node that names one of `tablesByName` (the table picked from the list,
 * `cachedResultName`) at that table's id in this n8n (in place). 1.123's Data Table node has no
 * "By Name" mode, so the examples carry the name and get the id on import.
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
	pointAtDataTables,
	sandboxCredentialSpecs,
	pointAtCredentials,
	CLAIM_TABLES,
	ensureClaimTables,
};
