'use strict';
// What the pay run unit suites share: a whole input as n8n's execute context hands it to Send
// Payout and Preview Payouts (the node, its parameters per item, the input items), and rows.
const { NODE } = require('./fixtures');

/** A valid row as mapped fields (Data Mode "Map Each Field Below"). */
function mappedRow(referenceId, fields = {}) {
	return {
		referenceId,
		amount: '100',
		paymentMode: 'IMPS',
		beneficiaryName: 'Ravi Kumar',
		beneficiaryAccount: '123456789012',
		beneficiaryIfsc: 'HDFC0001234',
		additionalFields: {},
		...fields,
	};
}

/** The same row as Auto-Map columns. */
function columnsOf(row) {
	return {
		reference_id: row.referenceId,
		amount: row.amount,
		payment_mode: row.paymentMode,
		beneficiary_name: row.beneficiaryName,
		beneficiary_account: row.beneficiaryAccount,
		beneficiary_ifsc: row.beneficiaryIfsc,
	};
}

/**
 * The context for an input of `rows`: with mapped fields each row holds its item's parameters,
 * with `autoMap` each row is an item's JSON. `options` is the Options collection as the node
 * holds it; `evaluated` what n8n makes of each option (an expression's value), by default the same.
 */
function inputContext(rows, { autoMap = false, options = {}, evaluated = options } = {}) {
	return {
		getNode: () => ({ ...NODE, parameters: { options } }),
		getInputData: () => rows.map((json) => ({ json: autoMap ? json : {} })),
		continueOnFail: () => false,
		getNodeParameter(name, itemIndex, fallback) {
			if (name === 'dataMode') return autoMap ? 'autoMapInputData' : 'defineBelow';
			if (name.startsWith('options.')) {
				const option = name.slice('options.'.length);
				return option in evaluated ? evaluated[option] : fallback;
			}
			if (autoMap) return fallback;
			const row = rows[itemIndex];
			return name in row ? row[name] : fallback;
		},
	};
}

module.exports = { mappedRow, columnsOf, inputContext };
