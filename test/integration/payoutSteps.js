'use strict';
// What the payout suites share: a sheet row of beneficiaries, the Send Payout node mapped onto
// its columns as a user would map a Google Sheet, and ways to read results back.
const { smePayNode } = require('../harness/integration');

/** The beneficiary every valid row pays: tests look for these in outputs and errors. */
const BENEFICIARY = { name: 'Ravi Kumar', account: '123456789012', ifsc: 'HDFC0001234' };

let counter = 0;

/** A Reference ID unique within a sandbox run. */
function newRef(prefix = 'PAY') {
	return `${prefix}-${Date.now().toString(36)}-${++counter}`;
}

/** One sheet row. */
function row(ref, fields = {}) {
	return { ref, amount: '100', mode: 'IMPS', ...BENEFICIARY, remarks: 'test payout', ...fields };
}

/** Send Payout with every field mapped from the row's columns. */
const SEND_PARAMETERS = {
	resource: 'payout',
	operation: 'send',
	referenceId: '={{ $json.ref }}',
	amount: '={{ $json.amount }}',
	paymentMode: '={{ $json.mode }}',
	beneficiaryName: '={{ $json.name }}',
	beneficiaryAccount: '={{ $json.account }}',
	beneficiaryIfsc: '={{ $json.ifsc }}',
	additionalFields: { remarks: '={{ $json.remarks }}' },
};

/** Runs Send Payout over the rows; `parameters` replaces the fields mapped one by one. */
async function sendRows(
	it,
	rows,
	{
		continueOnFail = false,
		concurrency,
		credential = 'disbursement',
		parameters = SEND_PARAMETERS,
	} = {},
) {
	return await it.engine.run({
		nodes: [
			smePayNode(
				{ ...parameters, ...(concurrency && { options: { concurrency } }) },
				it.credentials[credential],
				continueOnFail ? { onError: 'continueRegularOutput' } : {},
			),
		],
		input: rows,
	});
}

/**
 * How long before a run a payout must have been created to be told from one this run created:
 * SMEPay's clock (its Date header) and created_at count whole seconds, and the node allows 2 s.
 */
const EARLIER_RUN_MS = 4_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Payouts in the sandbox ledger whose reference id starts with `prefix`. */
async function ledgerPayouts(it, prefix) {
	return (await it.ledger()).payouts.filter((payout) => payout.reference_id.startsWith(prefix));
}

/** Every string an error or output holds, own and inherited-looking properties included (cause, errorResponse). */
function allText(value, seen = new Set()) {
	if (typeof value === 'string') return value;
	if (value === null || typeof value !== 'object' || seen.has(value)) return '';
	seen.add(value);
	return Object.getOwnPropertyNames(value)
		.map((key) => `${key}:${allText(value[key], seen)}`)
		.join('\n');
}

/** Send Payout's parameters in Data Mode "Auto-Map Input Data". */
const AUTO_MAP = { resource: 'payout', operation: 'send', dataMode: 'autoMapInputData' };

/** A sheet row with SMEPay's column names, for Auto-Map. */
function sheetRow(referenceId, fields = {}) {
	return {
		reference_id: referenceId,
		amount: '100',
		beneficiary_name: BENEFICIARY.name,
		beneficiary_account: BENEFICIARY.account,
		beneficiary_ifsc: BENEFICIARY.ifsc,
		...fields,
	};
}

module.exports = {
	BENEFICIARY,
	EARLIER_RUN_MS,
	sleep,
	newRef,
	row,
	sendRows,
	ledgerPayouts,
	allText,
	SEND_PARAMETERS,
	AUTO_MAP,
	sheetRow,
};
