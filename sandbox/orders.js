// @ts-check
'use strict';
// The order model: CREATED → INITIATED → PENDING → SUCCESS/FAILED, and EXPIRED when not final
// orderTtlSeconds (× timeScale) after creation. Expiry is applied lazily on every read, so status
// reads see it without a timer; SMEPay sends no webhook for EXPIRED, so none is needed.

const { formatPaise } = require('./money');
const { isoIst, isoUtc, unixSeconds } = require('./time');
const { digits } = require('./ids');

const FINAL = new Set(['SUCCESS', 'FAILED', 'EXPIRED']);

/** @param {Record<string, any>} order @param {string} status @param {number} [at] */
function transition(order, status, at = Date.now()) {
	order.status = status;
	order.history.push({ status, at: isoUtc(at) });
	if (status === 'SUCCESS' || status === 'FAILED') order.processedAtMs = at;
}

/** Apply expiry if due; returns the order. @param {Record<string, any>} order */
function refresh(order) {
	if (!FINAL.has(order.status) && Date.now() >= order.expiresAtMs) transition(order, 'EXPIRED', order.expiresAtMs);
	return order;
}

/** @param {Record<string, any>} state @param {string} slug */
function findOrder(state, slug) {
	const order = typeof slug === 'string' ? state.ordersBySlug.get(slug) : undefined;
	return order ? refresh(order) : null;
}

/** @param {Record<string, any>} order */
function isFinal(order) {
	return FINAL.has(order.status);
}

/**
 * Settle (SUCCESS/FAILED) and fire the webhook when the order has a callback_url.
 * @param {Record<string, any>} order @param {'SUCCESS'|'FAILED'} status
 * @param {{ deliver: Function, transactionIdShape: () => 'txn'|'slug' }} webhooks
 */
function settleOrder(order, status, webhooks) {
	if (!order.transactionId) order.transactionId = `SME_TXN_${digits(12)}`;
	if (order.status === 'CREATED' || order.status === 'INITIATED') transition(order, 'PENDING');
	transition(order, status);
	if (order.callbackUrl) {
		const payload = webhookPayload(order, webhooks.transactionIdShape());
		webhooks.deliver('order', order.slug, order.callbackUrl, payload);
	}
}

/**
 * The documented webhook body. Test-mode businesses send TEST_SUCCESS instead of SUCCESS. With the
 * 'slug' shape (config webhookTransactionId), transaction_id carries the order's slug.
 * @param {Record<string, any>} order @param {'txn'|'slug'} [transactionIdShape]
 */
function webhookPayload(order, transactionIdShape = 'txn') {
	const status = order.status === 'SUCCESS' && order.mode === 'test' ? 'TEST_SUCCESS' : order.status;
	return {
		ref_id: order.refId,
		transaction_id: transactionIdShape === 'slug' ? order.slug : order.transactionId,
		status,
		amount: formatPaise(order.amountPaise),
		processed_at: isoIst(order.processedAtMs),
		created_at: isoIst(order.createdAtMs),
	};
}

/** The ledger view of an order. @param {Record<string, any>} order */
function ledgerView(order) {
	return {
		slug: order.slug,
		order_id: order.orderId,
		ref_id: order.refId,
		client_id: order.clientId,
		integration: order.integration,
		mode: order.mode,
		amount: order.amount,
		amount_paise: order.amountPaise,
		payment_status: order.status,
		callback_url: order.callbackUrl,
		customer_details: order.customerDetails,
		transaction_id: order.transactionId,
		created_at: unixSeconds(order.createdAtMs),
		expires_at: unixSeconds(order.expiresAtMs),
		processed_at: order.processedAtMs ? unixSeconds(order.processedAtMs) : null,
		history: order.history,
	};
}

module.exports = { FINAL, transition, refresh, findOrder, isFinal, settleOrder, webhookPayload, ledgerView };
