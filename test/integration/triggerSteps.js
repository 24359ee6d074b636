'use strict';
// What the SMEPay Trigger suites share: a trigger served on loopback, orders and payouts in the
// sandbox whose callback_url points at it, and webhook bodies in the collection's documented shapes.
const path = require('node:path');
const { startWebhookServer } = require('../harness/webhook');
const { newOrderId, runOrder } = require('./orderSteps');

let payoutCounter = 0;

/**
 * A trigger with both credentials; `parameters` as a user sets them in the node. `credentials`
 * replaces the selected ones, e.g. { ...it.credentials.disbursementLive }.
 */
async function startTrigger(it, parameters = {}, { credentials } = {}) {
	return await startWebhookServer(it.engine, {
		parameters: { events: ['payment', 'payout'], ...parameters },
		credentials: credentials ?? { ...it.credentials.wizard, ...it.credentials.disbursement },
	});
}

/**
 * What SMEPay's payment webhooks and API look like in the sandbox: as documented
 * (`{ webhookTransactionId: 'txn', orderStatusEndpoint: false }`) or as seen live ('slug', true).
 */
async function useApiShape(it, { webhookTransactionId, orderStatusEndpoint }) {
	await it.control('POST', '/config', { webhookTransactionId, orderStatusEndpoint });
}

/**
 * The recommended setup: SMEPay → Create Order with the trigger's URL as Callback URL; the slug
 * it returns is kept (here: returned).
 */
async function createOrder(it, { callbackUrl, amount = '100.10', credential = 'wizard' } = {}) {
	const orderId = newOrderId('SHOP');
	const result = await runOrder(it, credential, 'create', {
		amount,
		orderId,
		...(callbackUrl ? { callbackUrl } : {}),
	});
	const { slug } = result.output('SMEPay')[0].json;
	return { slug, orderId };
}

async function ledgerOrder(it, slug) {
	return (await it.ledger()).orders.find((order) => order.slug === slug);
}

/** The documented payment webhook body, with an order's real values from the sandbox. */
async function paymentBody(it, slug, overrides = {}) {
	const order = await ledgerOrder(it, slug);
	const body = {
		ref_id: order.ref_id,
		transaction_id: order.transaction_id ?? 'SME_TXN_456',
		status: order.payment_status === 'SUCCESS' ? 'TEST_SUCCESS' : order.payment_status,
		amount: order.amount_paise === undefined ? '100.00' : (order.amount_paise / 100).toFixed(2),
		processed_at: '2025-01-01T12:00:00+05:30',
		created_at: '2025-01-01T11:55:00+05:30',
	};
	return { ...body, ...overrides };
}

/** POST /api/v1/disbursement/payouts straight to the sandbox (the trigger is under test, not Send Payout). */
async function createPayout(it, { amount = 100, callbackUrl } = {}) {
	const { clientId, clientSecret } = it.sandbox.clients.disbursement.test;
	const auth = await postJson(`${it.sandbox.testUrl}/api/v1/disbursement/auth`, {
		client_id: clientId,
		client_secret: clientSecret,
	});
	const created = await postJson(
		`${it.sandbox.testUrl}/api/v1/disbursement/payouts`,
		{
			reference_id: `TRIG-${Date.now().toString(36)}-${++payoutCounter}`,
			amount,
			payment_mode: 'IMPS',
			beneficiary_name: 'Ravi Kumar',
			beneficiary_account: '123456789012',
			beneficiary_ifsc: 'HDFC0001234',
			...(callbackUrl ? { callback_url: callbackUrl } : {}),
		},
		{ authorization: `Bearer ${auth.data.token}` },
	);
	return created.data;
}

/**
 * `count` checkouts opened straight in the sandbox (SMEPay's Wizard order create, one token) and
 * left unpaid, as anyone can make a shop open them: returns their slug, ref_id and amount.
 */
async function openCheckouts(it, count, { amount = '10.00' } = {}) {
	const base = it.sandbox.testUrl;
	const { clientId, clientSecret } = it.sandbox.clients.collection.test;
	const auth = await postJson(`${base}/api/wiz/external/auth`, {
		client_id: clientId,
		client_secret: clientSecret,
	});
	const headers = { authorization: `Bearer ${auth.access_token}` };
	const run = `${Date.now().toString(36)}-${++payoutCounter}`;
	const open = async (i) => {
		const refId = `CHECKOUT-${run}-${i}`;
		const created = await postJson(
			`${base}/api/wiz/external/order/create`,
			{ client_id: clientId, amount, order_id: refId },
			headers,
		);
		return { slug: created.order_slug, refId, amount };
	};
	const orders = [];
	for (let i = 0; i < count; i += 20) {
		const batch = Array.from({ length: Math.min(20, count - i) }, (_, j) => open(i + j));
		orders.push(...(await Promise.all(batch)));
	}
	return orders;
}

async function settlePayout(it, id, status = 'SUCCESS') {
	await it.control('POST', `/payouts/${id}/settle`, { status });
}

/** Webhook deliveries the sandbox made for one order (slug) or payout (id). */
async function deliveries(it, id) {
	return (await it.ledger()).webhooks.filter((attempt) => attempt.id === id);
}

/** The trigger's memory module, as the build n8n loads has it. */
function builtMemory() {
	return require(path.join(__dirname, '../../dist/nodes/SmePayTrigger/memory.js'));
}

/** What a restart of n8n forgets: the trigger's process memory (the saved static data stays). */
function restartN8n() {
	for (const list of Object.values(builtMemory().processMemory)) list.forget();
}

/** Polls until fn() is truthy. */
async function waitFor(fn, timeoutMs = 5000) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = await fn();
		if (value) return value;
		if (Date.now() > end) throw new Error('waitFor: timed out');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

async function postJson(url, body, headers = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const json = await response.json();
	if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
	return json;
}

module.exports = {
	startTrigger,
	useApiShape,
	createOrder,
	ledgerOrder,
	paymentBody,
	createPayout,
	openCheckouts,
	settlePayout,
	deliveries,
	builtMemory,
	restartN8n,
	waitFor,
};
