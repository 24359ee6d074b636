// @ts-check
'use strict';
// Control API (/_sandbox/*, Test listener only, no auth) and the Wizard payment page (/@sandbox/<slug>).

const { ok, fail } = require('../reply');
const { findOrder, transition, settleOrder, isFinal, refresh } = require('../orders');
const { finishPayout } = require('../payouts');
const { addFault, publicRule } = require('../faults');
const { expireAllTokens } = require('../tokens');
const { applyConfig, resetState } = require('../state');
const { buildLedger } = require('../ledger');
const { formatPaise } = require('../money');

/** @param {any} v @returns {v is 'SUCCESS'|'FAILED'} */
function isFinalStatus(v) {
	return v === 'SUCCESS' || v === 'FAILED';
}

/** Run fn, turning thrown {status} errors into answers. @param {() => any} fn */
function guarded(fn) {
	try {
		return fn();
	} catch (e) {
		if (e && typeof e.status === 'number') return fail(e.status, e.message);
		throw e;
	}
}

/** Lets every request a `hold` fault keeps go on; how many. @param {Record<string, any>} state */
function releaseHeld(state) {
	const held = state.held.splice(0);
	for (const resolve of held) resolve();
	return held.length;
}

const ENDPOINTS = [
	'GET  /_sandbox/ledger',
	'GET  /_sandbox/config | POST /_sandbox/config',
	'POST /_sandbox/orders/{slug}/pay',
	'POST /_sandbox/orders/{slug}/settle {status, afterMs?}',
	'POST /_sandbox/payouts/{id}/settle {status, failure_reason?, afterMs?}',
	'GET  /_sandbox/requests (API requests seen: at, method, path, slug, status)',
	'GET|POST|DELETE /_sandbox/faults (GET also says how many requests a hold keeps)',
	'POST /_sandbox/faults/release (answers the requests a hold keeps)',
	'POST /_sandbox/tokens/expire',
	'POST /_sandbox/reset',
	'POST /_sandbox/webhooks/resend {kind, id}',
	'GET  /@sandbox/{slug} (payment page)',
];

/**
 * Settles at once, or `afterMs` (× timeScale) later, so a test or bench can have many orders or
 * payouts end at their own times. A later settle does nothing to one that ended meanwhile.
 * @param {Record<string, any>} ctx @param {() => void} settle @param {() => Record<string, any>} view
 */
function settleNowOrLater(ctx, settle, view) {
	const { afterMs } = ctx.body;
	if (afterMs === undefined) {
		settle();
		return ok(view());
	}
	if (typeof afterMs !== 'number' || !Number.isFinite(afterMs) || afterMs < 0) return fail(400, 'afterMs must be a number of milliseconds >= 0');
	ctx.scheduler.after(afterMs * ctx.state.config.timeScale, settle);
	return ok({ ...view(), scheduled: true, afterMs }, 202);
}

/** @type {Array<[string, string | RegExp, (ctx: Record<string, any>) => any]>} */
const routes = [
	['GET', '/_sandbox', (ctx) => ok({ status: true, clients: ctx.state.creds, endpoints: ENDPOINTS })],
	['GET', '/_sandbox/ledger', (ctx) => ok(buildLedger(ctx.state))],
	['GET', '/_sandbox/config', (ctx) => ok(ctx.state.config)],
	['POST', '/_sandbox/config', (ctx) => guarded(() => {
		applyConfig(ctx.state, ctx.body);
		return ok(ctx.state.config);
	})],
	['POST', /^\/_sandbox\/orders\/(?<slug>[^/]+)\/pay$/, (ctx) => {
		const order = findOrder(ctx.state, ctx.params.slug);
		if (!order) return fail(404, 'order not found');
		if (order.status !== 'CREATED' && order.status !== 'INITIATED') {
			return fail(409, `order is ${order.status}; pay needs CREATED or INITIATED`);
		}
		transition(order, 'PENDING');
		return ok({ status: true, slug: order.slug, payment_status: order.status });
	}],
	['POST', /^\/_sandbox\/orders\/(?<slug>[^/]+)\/settle$/, (ctx) => {
		const order = findOrder(ctx.state, ctx.params.slug);
		if (!order) return fail(404, 'order not found');
		if (!isFinalStatus(ctx.body.status)) return fail(400, "status must be 'SUCCESS' or 'FAILED'");
		if (isFinal(order)) return fail(409, `order is already ${order.status}`);
		const settle = () => {
			if (!isFinal(refresh(order))) settleOrder(order, ctx.body.status, ctx.webhooks);
		};
		return settleNowOrLater(ctx, settle, () => ({ status: true, slug: order.slug, payment_status: order.status, webhook: Boolean(order.callbackUrl) }));
	}],
	['POST', /^\/_sandbox\/payouts\/(?<id>[^/]+)\/settle$/, (ctx) => {
		const payout = ctx.state.payoutsById.get(String(ctx.params.id).toLowerCase());
		if (!payout) return fail(404, 'payout not found');
		if (!isFinalStatus(ctx.body.status)) return fail(400, "status must be 'SUCCESS' or 'FAILED'");
		if (isFinalStatus(payout.status)) return fail(409, `payout is already ${payout.status}`);
		const reason = typeof ctx.body.failure_reason === 'string' ? ctx.body.failure_reason : undefined;
		const settle = () => {
			if (!isFinalStatus(payout.status)) finishPayout(ctx.state, payout, ctx.body.status, reason, ctx.webhooks);
		};
		return settleNowOrLater(ctx, settle, () => ({ status: true, id: payout.id, payout_status: payout.status, webhook: Boolean(payout.callbackUrl) }));
	}],
	['GET', '/_sandbox/requests', (ctx) => ok({ requests: ctx.state.requestLog })],
	['GET', '/_sandbox/faults', (ctx) => ok({ faults: ctx.state.faults.map(publicRule), held: ctx.state.held.length })],
	['POST', '/_sandbox/faults/release', (ctx) => ok({ status: true, released: releaseHeld(ctx.state) })],
	['POST', '/_sandbox/faults', (ctx) => guarded(() => ok({ status: true, fault: addFault(ctx.state, ctx.body) }, 201))],
	['DELETE', '/_sandbox/faults', (ctx) => {
		const removed = ctx.state.faults.length;
		ctx.state.faults = [];
		releaseHeld(ctx.state);
		return ok({ status: true, removed });
	}],
	['POST', '/_sandbox/tokens/expire', (ctx) => ok({ status: true, expired: expireAllTokens(ctx.state) })],
	['POST', '/_sandbox/reset', (ctx) => {
		ctx.scheduler.cancelAll();
		releaseHeld(ctx.state);
		resetState(ctx.state, ctx.initialConfig);
		return ok({ status: true });
	}],
	['POST', '/_sandbox/webhooks/resend', (ctx) => {
		const { kind, id } = ctx.body;
		if (kind !== 'order' && kind !== 'payout') return fail(400, "kind must be 'order' or 'payout'");
		if (typeof id !== 'string' || !id) return fail(400, 'id is required (order slug or payout id)');
		let key = id;
		if (kind === 'order') {
			const order = ctx.state.ordersBySlug.get(id) || ctx.state.orders.find((/** @type {any} */ o) => o.orderId === id);
			if (order) key = order.slug;
		}
		const deliveryId = ctx.webhooks.resend(kind, kind === 'payout' ? key.toLowerCase() : key);
		if (deliveryId === null) return fail(404, `no webhook was sent for ${kind} ${id}`);
		return ok({ status: true, deliveryId });
	}],
	['GET', /^\/@sandbox\/(?<slug>[^/]+)$/, (ctx) => {
		const order = findOrder(ctx.state, ctx.params.slug);
		if (!order) return { status: 404, html: '<!doctype html><title>Not found</title><p>Unknown order.</p>' };
		return { status: 200, html: paymentPage(order) };
	}],
];

/** @param {string} s */
function esc(s) {
	return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The tiny page behind a Wizard payment_url: Pay / Fail buttons that post to settle. */
function paymentPage(/** @type {Record<string, any>} */ order) {
	const open = !isFinal(order);
	const slug = JSON.stringify(order.slug);
	return `<!doctype html>
<html><head><meta charset="utf-8"><title>SMEPay Sandbox – pay ${esc(order.refId)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;text-align:center}
button{font-size:1.1rem;padding:.6rem 1.6rem;margin:.5rem;border-radius:.4rem;border:0;cursor:pointer}
#pay{background:#1a7f37;color:#fff}#fail{background:#cf222e;color:#fff}</style></head>
<body><h1>SMEPay Sandbox</h1>
<p>Order <b>${esc(order.refId)}</b> (${esc(order.orderId)})</p>
<p style="font-size:2rem">₹${esc(formatPaise(order.amountPaise))}</p>
<p>Status: <b id="st">${esc(order.status)}</b> · ${esc(order.mode)} mode</p>
${open ? '<button id="pay">Pay</button><button id="fail">Fail</button>' : '<p>This order is final.</p>'}
<script>
async function settle(status){
  const r = await fetch('/_sandbox/orders/' + encodeURIComponent(${slug}) + '/settle', {method:'POST', headers:{'content-type':'application/json'}, body: JSON.stringify({status})});
  const j = await r.json(); document.getElementById('st').textContent = j.payment_status || j.message; location.reload();
}
for (const [id, s] of [['pay','SUCCESS'],['fail','FAILED']]) { const b = document.getElementById(id); if (b) b.onclick = () => settle(s); }
</script></body></html>`;
}

module.exports = { routes };
