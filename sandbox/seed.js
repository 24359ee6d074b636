// @ts-check
'use strict';
// The deterministic credentials every sandbox starts with, so docs and examples can name them.

const SEED_CLIENTS = {
	collection: {
		test: { clientId: 'sandbox_test_client', clientSecret: 'sandbox_test_secret' },
		live: { clientId: 'sandbox_live_client', clientSecret: 'sandbox_live_secret' },
	},
	disbursement: {
		test: { clientId: 'sandbox_disb_test_client', clientSecret: 'sandbox_disb_test_secret' },
		live: { clientId: 'sandbox_disb_live_client', clientSecret: 'sandbox_disb_live_secret' },
		// Another merchant's Test keys: a credential switched from one merchant to another.
		testOther: { clientId: 'sandbox_disb_test_client_2', clientSecret: 'sandbox_disb_test_secret_2' },
	},
	partner: { partnerCode: 'SANDBOX_PARTNER', email: 'partner@sandbox.smepay.test' },
};

const DEFAULT_BALANCE_PAISE = 100000000; // ₹10,00,000.00 for each disbursement client
const DEFAULT_IP_ALLOWLIST = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** A fresh copy of the seeded credentials (callers may not mutate the module's constant). */
function seededClients() {
	return JSON.parse(JSON.stringify(SEED_CLIENTS));
}

module.exports = { seededClients, DEFAULT_BALANCE_PAISE, DEFAULT_IP_ALLOWLIST };
