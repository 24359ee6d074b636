// @ts-check
'use strict';
// Collection API: Wizard (/api/wiz/external/*) and Inline DQR (/api/external/*).

const { ok, fail } = require('../reply');
const { checkClientSecret, requireBearer } = require('../auth');
const { checkIp } = require('../ip');
const { issueToken } = require('../tokens');
const { parseRupeeString, parseRupees, formatPaise, paiseToNumber } = require('../money');
const { newSlug, newWizardOrderId, randomUUID, digits } = require('../ids');
const { transition, findOrder } = require('../orders');
const { unixSeconds, isoUtc } = require('../time');
const { qrDataUrl } = require('../qr');

const UPI_VPA = 'smepay.sandbox@ybl';
const UPI_NAME = 'SMEPay Sandbox';

/** @param {'wizard'|'inline'} integration */
function authenticate(integration) {
	return (/** @type {Record<string, any>} */ ctx) => {
		const { client_id: id, client_secret: secret } = ctx.body;
		if (typeof id !== 'string' || !id || typeof secret !== 'string' || !secret) {
			return fail(400, 'client_id and client_secret are required');
		}
		const checked = checkClientSecret(ctx, 'collection');
		if ('answer' in checked) return checked.answer;
		if (integration === 'inline') {
			const denied = checkIp(checked.client, ctx.ip);
			if (denied) return denied;
		}
		const ttl = ctx.state.config.tokenTtlSeconds.collection;
		const record = issueToken(ctx.state, { product: 'collection', integration, subject: id, mode: checked.client.mode, accept: ctx.headers.accept }, ttl);
		return ok({ access_token: record.token, token_type: 'Bearer', expires_in: ttl, environment: checked.client.mode });
	};
}

/** @param {unknown} v */
function isHttpUrl(v) {
	if (typeof v !== 'string') return false;
	try {
		const u = new URL(v);
		return u.protocol === 'http:' || u.protocol === 'https:';
	} catch {
		return false;
	}
}

/**
 * Checks shared by both create endpoints; returns the new order or an error answer.
 * @param {Record<string, any>} ctx @param {any} client @param {'wizard'|'inline'} integration
 */
function buildOrder(ctx, client, integration) {
	const { state } = ctx;
	const { client_id: clientId, amount, order_id: refId, callback_url: callbackUrl, customer_details: customer } = ctx.body;
	if (typeof clientId !== 'string' || !clientId) return { answer: fail(400, 'client_id is required') };
	if (clientId !== client.clientId) return { answer: fail(400, 'client_id does not match the access token') };
	if (amount === undefined || amount === null || amount === '') return { answer: fail(400, 'amount is required') };
	if (typeof amount !== 'string') return { answer: fail(400, 'amount must be a string, e.g. "100.50"') };
	const amountPaise = parseRupeeString(amount);
	if (amountPaise === null || amountPaise <= 0) {
		return { answer: fail(400, 'amount must be a positive number with at most 2 decimals') };
	}
	const minPaise = Math.round(state.config.minOrderAmount * 100);
	const maxPaise = Math.round(state.config.maxOrderAmount * 100);
	if (amountPaise < minPaise) return { answer: fail(400, `amount below minimum order amount ${formatPaise(minPaise)}`) };
	if (amountPaise > maxPaise) return { answer: fail(400, `amount above maximum order amount ${formatPaise(maxPaise)}`) };
	if (typeof refId !== 'string' || !refId.trim()) return { answer: fail(400, 'order_id is required') };
	if (refId.length > 100) return { answer: fail(400, 'order_id must be at most 100 characters') };
	if (callbackUrl !== undefined && callbackUrl !== null && callbackUrl !== '' && !isHttpUrl(callbackUrl)) {
		return { answer: fail(400, 'callback_url must be a valid http(s) URL') };
	}
	if (customer !== undefined && customer !== null && (typeof customer !== 'object' || Array.isArray(customer))) {
		return { answer: fail(400, 'customer_details must be an object') };
	}
	const refKey = `${client.clientId}\u0000${refId}`;
	if (state.orderRefs.has(refKey)) return { answer: fail(400, 'order_id already exists') };

	let slug = newSlug();
	while (state.ordersBySlug.has(slug)) slug = newSlug();
	const now = Date.now();
	const order = {
		slug,
		orderId: integration === 'wizard' ? newWizardOrderId() : `INT-${randomUUID()}`,
		refId,
		clientId: client.clientId,
		integration,
		mode: client.mode,
		amount,
		amountPaise,
		callbackUrl: callbackUrl || null,
		customerDetails: customer || {},
		transactionId: null,
		provider: 'phonepe',
		status: 'CREATED',
		createdAtMs: now,
		expiresAtMs: now + state.config.orderTtlSeconds * 1000 * state.config.timeScale,
		processedAtMs: null,
		history: [{ status: 'CREATED', at: isoUtc(now) }],
	};
	state.orders.push(order);
	state.ordersBySlug.set(slug, order);
	state.orderRefs.set(refKey, order);
	return { order };
}

/** POST /api/wiz/external/order/create */
function createWizardOrder(/** @type {Record<string, any>} */ ctx) {
	const auth = requireBearer(ctx, { product: 'collection', integration: 'wizard', ipCheck: false });
	if ('answer' in auth) return auth.answer;
	const built = buildOrder(ctx, auth.client, 'wizard');
	if ('answer' in built) return built.answer;
	const { order } = built;
	return ok({
		amount: paiseToNumber(order.amountPaise),
		callback_url: order.callbackUrl,
		customer_details: order.customerDetails,
		message: 'Order created successfully. Use initiate payment API to start payment process.',
		order_id: order.orderId,
		order_slug: order.slug,
		payment_status: 'CREATED',
		payment_url: `${ctx.urls.testUrl}/@sandbox/${order.slug}`,
		ref_id: order.refId,
		status: true,
	});
}

/** POST /api/external/order/create */
function createInlineOrder(/** @type {Record<string, any>} */ ctx) {
	const auth = requireBearer(ctx, { product: 'collection', integration: 'inline', ipCheck: true });
	if ('answer' in auth) return auth.answer;
	const built = buildOrder(ctx, auth.client, 'inline');
	if ('answer' in built) return built.answer;
	return ok({ status: true, order_id: built.order.orderId, slug: built.order.slug, message: 'Order created' });
}

/** POST /api/external/order/initiate */
function initiateOrder(/** @type {Record<string, any>} */ ctx) {
	const auth = requireBearer(ctx, { product: 'collection', integration: 'inline', ipCheck: true });
	if ('answer' in auth) return auth.answer;
	const { slug, client_id: clientId } = ctx.body;
	if (typeof slug !== 'string' || !slug) return fail(400, 'slug is required');
	if (typeof clientId !== 'string' || !clientId) return fail(400, 'client_id is required');
	if (clientId !== auth.client.clientId) return fail(400, 'client_id does not match the access token');
	const order = findOrder(ctx.state, slug);
	if (!order || order.clientId !== auth.client.clientId) return fail(404, 'order not found');
	if (order.status === 'EXPIRED') return fail(400, 'order EXPIRED: the 5 minute payment window has passed; create a new order');
	if (order.status !== 'CREATED') return fail(400, `order status is ${order.status}; initiate needs status CREATED`);

	order.transactionId = `PP${digits(18)}`;
	const query = new URLSearchParams({
		pa: UPI_VPA,
		pn: UPI_NAME,
		am: formatPaise(order.amountPaise),
		cu: 'INR',
		tr: order.transactionId,
		tn: `Order ${order.refId}`,
	}).toString();
	const paymentLink = `upi://pay?${query}`;
	const qr = qrDataUrl(paymentLink);
	transition(order, 'INITIATED');
	return ok({
		status: true,
		order_id: order.orderId,
		external_reference_id: order.refId,
		provider: order.provider,
		payment_link: paymentLink,
		transaction_id: order.transactionId,
		qr_code: qr,
		payment_status: 'INITIATED',
		expires_at: unixSeconds(order.expiresAtMs),
		intents: {
			gpay: `tez://upi/pay?${query}`,
			phonepe: `phonepe://pay?${query}`,
			paytm: `paytmmp://pay?${query}`,
		},
		message: 'Payment initiated successfully. Payment will be monitored for 5 minutes.',
	});
}

/** POST /api/external/qr/status (no authentication, as documented) */
function orderStatus(/** @type {Record<string, any>} */ ctx) {
	const { client_id: clientId, slug, ref_id: refId } = ctx.body;
	if (typeof clientId !== 'string' || !clientId || typeof slug !== 'string' || !slug) {
		return fail(400, 'client_id and slug are required');
	}
	const order = findOrder(ctx.state, slug);
	const pairChecked = ctx.state.config.qrStatusRefId === 'checked';
	const otherRef = refId !== undefined && refId !== null && refId !== '' && refId !== order?.refId;
	if (!order || order.clientId !== clientId || (pairChecked && otherRef)) {
		return fail(404, 'order not found');
	}
	return ok({
		status: true,
		order_id: order.orderId,
		...(ctx.state.config.qrStatusRefId === 'answered' ? { ref_id: order.refId } : {}),
		payment_status: order.status,
		amount: paiseToNumber(order.amountPaise),
		provider: order.provider,
		created_at: unixSeconds(order.createdAtMs),
		processed_at: order.processedAtMs ? unixSeconds(order.processedAtMs) : null,
	});
}

/**
 * POST /api/external/order/status: not in the collection, but answered by SMEPay in a live
 * integration: client_id with any of order_id (SMEPay's), slug, ref_id (the merchant's order id).
 * Off by default (config orderStatusEndpoint), and then it is an unknown path, as on a SMEPay that
 * lacks it. No authentication, like the documented status call.
 */
function orderStatusByKey(/** @type {Record<string, any>} */ ctx) {
	if (!ctx.state.config.orderStatusEndpoint) return fail(404, 'not found');
	const { client_id: clientId, order_id: orderId, slug, ref_id: refId } = ctx.body;
	if (typeof clientId !== 'string' || !clientId) return fail(400, 'client_id is required');
	const given = [orderId, slug, refId].filter((v) => v !== undefined && v !== null && v !== '');
	if (given.length === 0) return fail(400, 'one of order_id, slug or ref_id is required');
	if (given.some((v) => typeof v !== 'string')) return fail(400, 'order_id, slug and ref_id must be strings');
	/** @type {Array<Record<string, any> | undefined>} */
	const found = [];
	if (slug) found.push(findOrder(ctx.state, slug) || undefined);
	if (refId) {
		const byRef = ctx.state.orderRefs.get(`${clientId}\u0000${refId}`);
		found.push(byRef ? findOrder(ctx.state, byRef.slug) || undefined : undefined);
	}
	if (orderId) found.push(ctx.state.orders.find((/** @type {any} */ o) => o.orderId === orderId));
	const order = found[0];
	if (!order || order.clientId !== clientId || found.some((o) => o !== order)) return fail(404, 'order not found');
	return ok({
		status: true,
		order_id: order.orderId,
		slug: order.slug,
		ref_id: order.refId,
		payment_status: order.status,
		amount: paiseToNumber(order.amountPaise),
		provider: order.provider,
		created_at: unixSeconds(order.createdAtMs),
		processed_at: order.processedAtMs ? unixSeconds(order.processedAtMs) : null,
	});
}

/** POST /api/wiz/external/order/validate */
function validateOrder(/** @type {Record<string, any>} */ ctx) {
	const auth = requireBearer(ctx, { product: 'collection', integration: 'wizard', ipCheck: false });
	if ('answer' in auth) return auth.answer;
	const { client_id: clientId, amount, slug } = ctx.body;
	if (typeof clientId !== 'string' || !clientId) return fail(400, 'client_id is required');
	if (clientId !== auth.client.clientId) return fail(400, 'client_id does not match the access token');
	if (typeof slug !== 'string' || !slug) return fail(400, 'slug is required');
	const amountPaise = parseRupees(amount);
	if (amountPaise === null || amountPaise <= 0) return fail(400, 'amount must be a positive number with at most 2 decimals');
	const order = findOrder(ctx.state, slug);
	if (!order || order.clientId !== clientId) return fail(404, 'order not found');
	let valid = false;
	let message;
	if (order.status !== 'SUCCESS') message = `Order not paid: payment_status is ${order.status}`;
	else if (order.amountPaise !== amountPaise) {
		message = `Amount mismatch: order amount is ${formatPaise(order.amountPaise)}, got ${formatPaise(amountPaise)}`;
	} else {
		valid = true;
		message = 'Order validated successfully';
	}
	return ok({ status: true, valid, payment_status: order.status, message });
}

module.exports = {
	routes: [
		['POST', '/api/wiz/external/auth', authenticate('wizard')],
		['POST', '/api/external/auth', authenticate('inline')],
		['POST', '/api/wiz/external/order/create', createWizardOrder],
		['POST', '/api/external/order/create', createInlineOrder],
		['POST', '/api/external/order/initiate', initiateOrder],
		['POST', '/api/external/qr/status', orderStatus],
		['POST', '/api/external/order/status', orderStatusByKey],
		['POST', '/api/wiz/external/order/validate', validateOrder],
	],
};
