// @ts-check
'use strict';
// The in-memory state: clients, tokens, orders, payouts, webhooks, merchants, faults and counters.
// `resetState` refills the same object, so a reference held by tests stays valid across resets.

const { defaultConfig, mergeConfig } = require('./config');
const { seededClients, DEFAULT_BALANCE_PAISE, DEFAULT_IP_ALLOWLIST } = require('./seed');
const { stableUuid } = require('./ids');
const { parseRupees } = require('./money');

/**
 * @typedef {{ clientId: string, clientSecret: string, product: 'collection'|'disbursement',
 *   mode: 'test'|'live', businessId: string, ipAllowlist: string[], disbursementEnabled: boolean,
 *   availablePaise: number, lockedPaise: number }} Client
 */

/** @returns {Record<string, any>} */
function emptyState() {
	return {};
}

/**
 * @param {Record<string, any>} state
 * @param {Record<string, any>} initialConfig config patch applied on every reset (timeScale, latencyMs, seed)
 */
function resetState(state, initialConfig) {
	const epoch = (state.epoch || 0) + 1;
	for (const key of Object.keys(state)) delete state[key];
	const creds = seededClients();
	/** @type {Map<string, Client>} */
	const clients = new Map();
	for (const product of /** @type {const} */ (['collection', 'disbursement'])) {
		for (const [name, keys] of Object.entries(creds[product])) {
			const { clientId, clientSecret } = keys;
			const mode = name === 'live' ? 'live' : 'test';
			clients.set(clientId, {
				clientId,
				clientSecret,
				product,
				mode,
				businessId: stableUuid(`smepay-sandbox-business:${clientId}`),
				ipAllowlist: [...DEFAULT_IP_ALLOWLIST],
				disbursementEnabled: product === 'disbursement',
				availablePaise: product === 'disbursement' ? DEFAULT_BALANCE_PAISE : 0,
				lockedPaise: 0,
			});
		}
	}
	Object.assign(state, {
		creds,
		config: defaultConfig(),
		clients,
		partners: new Map([[creds.partner.partnerCode, { ...creds.partner }]]),
		tokens: new Map(),
		tokenCounts: { collection: 0, disbursement: 0, partner: 0 },
		tokensByClient: {},
		orders: [],
		ordersBySlug: new Map(),
		orderRefs: new Map(), // `${clientId}\u0000${merchant order_id}` → order
		payouts: [],
		payoutsById: new Map(),
		payoutRefs: new Map(), // `${clientId}\u0000${reference_id}` → payout
		webhooks: [],
		lastWebhook: new Map(), // `${kind}:${id}` → { url, payload }
		merchants: [],
		merchantEmails: new Set(),
		faults: [],
		held: [], // resolvers of requests a `hold` fault keeps (faults.js)
		faultSeq: 0,
		requests: 0,
		requestLog: [], // { at, method, path, slug?, status?, inFlight } per API request, for counting calls (server.js)
		inFlight: 0, // API requests being handled now
		epoch, // bumped on every reset, so late timers of the old state do nothing
	});
	applyConfig(state, initialConfig);
}

/**
 * Merge a config patch and apply its per-client part to the clients.
 * @param {Record<string, any>} state
 * @param {Record<string, any>} patch
 */
function applyConfig(state, patch) {
	mergeConfig(state.config, patch, (id) => state.clients.has(id));
	for (const [clientId, c] of Object.entries(patch.clients || {})) {
		const client = state.clients.get(clientId);
		if (c.balance !== undefined) client.availablePaise = /** @type {number} */ (parseRupees(c.balance));
		if (c.disbursementEnabled !== undefined) client.disbursementEnabled = c.disbursementEnabled;
		if (c.ipAllowlist !== undefined) client.ipAllowlist = [...c.ipAllowlist];
	}
}

module.exports = { emptyState, resetState, applyConfig };
