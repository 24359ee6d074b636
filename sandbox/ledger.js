// @ts-check
'use strict';
// GET /_sandbox/ledger: everything the sandbox has seen, for tests, the demo and the benchmarks.
// The payouts list is built from payoutView, which holds only hashes of beneficiary data.

const { refresh, ledgerView } = require('./orders');
const { payoutView } = require('./payouts');
const { paiseToNumber } = require('./money');
const { publicRule } = require('./faults');

/** @param {Record<string, any>} state */
function buildLedger(state) {
	/** @type {Record<string, any>} */
	const balances = {};
	for (const c of state.clients.values()) {
		if (c.product !== 'disbursement') continue;
		balances[c.clientId] = {
			available: paiseToNumber(c.availablePaise),
			locked: paiseToNumber(c.lockedPaise),
			availablePaise: c.availablePaise,
			lockedPaise: c.lockedPaise,
		};
	}
	return {
		orders: state.orders.map((/** @type {any} */ o) => ledgerView(refresh(o))),
		payouts: state.payouts.map((/** @type {any} */ p) => ({
			...payoutView(p),
			client_id: p.clientId,
			callback_url: p.callbackUrl,
			history: p.history,
		})),
		balances,
		tokens: { ...state.tokenCounts },
		tokensByClient: { ...state.tokensByClient },
		webhooks: state.webhooks,
		merchants: state.merchants,
		faults: state.faults.map(publicRule),
		requests: state.requests,
	};
}

module.exports = { buildLedger };
