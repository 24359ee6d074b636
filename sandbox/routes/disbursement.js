// @ts-check
'use strict';
// Disbursement API: /api/v1/disbursement/auth, POST /payouts, GET /payouts/{id}.

const { ok, fail } = require('../reply');
const { checkClientSecret, requireBearer } = require('../auth');
const { checkIp } = require('../ip');
const { issueToken } = require('../tokens');
const { parseRupeeNumber, parseRupees, formatPaise } = require('../money');
const { UUID_RE, randomUUID, sha256Hex } = require('../ids');
const { createPayout, markProcessing, finishPayout, payoutView } = require('../payouts');

const IFSC_RE = /^[A-Z]{4}0[A-Z0-9]{6}$/;
const ACCOUNT_RE = /^[A-Za-z0-9]{5,20}$/;
const MODES = ['IMPS', 'NEFT', 'RTGS'];
const IMPS_MAX_PAISE = 500000 * 100;
const RTGS_MIN_PAISE = 200000 * 100;

/** POST /api/v1/disbursement/auth — missing credentials are a 401 too, as documented. */
function authenticate(/** @type {Record<string, any>} */ ctx) {
	const checked = checkClientSecret(ctx, 'disbursement');
	if ('answer' in checked) return checked.answer;
	const denied = checkIp(checked.client, ctx.ip);
	if (denied) return denied;
	const ttl = ctx.state.config.tokenTtlSeconds.disbursement;
	const record = issueToken(ctx.state, { product: 'disbursement', subject: checked.client.clientId, mode: checked.client.mode, accept: ctx.headers.accept }, ttl);
	return ok({ status: true, data: { token: record.token, expires_in: ttl } });
}

/** @param {unknown} v */
function nonEmpty(v) {
	return typeof v === 'string' && v.trim() !== '';
}

/** POST /api/v1/disbursement/payouts */
async function initiatePayout(/** @type {Record<string, any>} */ ctx) {
	const auth = requireBearer(ctx, { product: 'disbursement', ipCheck: true });
	if ('answer' in auth) return auth.answer;
	const { state } = ctx;
	const { client } = auth;
	const b = ctx.body;
	if (!client.disbursementEnabled) return fail(400, 'disbursement not enabled for this account');
	if (!nonEmpty(b.reference_id)) return fail(400, 'reference_id is required');
	// A slow SMEPay (config payoutProcessingMs): 'atomic' takes its time before the reference check,
	// so the check and the record below happen together; 'racy' takes it between them.
	const { payoutProcessingMs, payoutReferenceCheck } = state.config;
	const racy = payoutReferenceCheck === 'racy' && payoutProcessingMs > 0;
	if (payoutProcessingMs > 0 && !racy) await ctx.scheduler.sleep(payoutProcessingMs);
	const seen = state.payoutRefs.get(`${client.clientId}\u0000${b.reference_id}`);
	if (seen) {
		if (state.config.duplicateReference === 'original') {
			return ok({ status: true, message: 'Payout already exists for this reference_id', data: payoutView(seen) });
		}
		return fail(400, `duplicate reference_id: ${b.reference_id}`);
	}
	if (b.amount === undefined || b.amount === null) return fail(400, 'amount is required');
	if (typeof b.amount !== 'number') return fail(400, 'amount must be a number, e.g. 10.5');
	const amountPaise = parseRupeeNumber(b.amount);
	if (amountPaise === null || amountPaise <= 0) return fail(400, 'amount must be a positive number with at most 2 decimals');
	const mode = b.payment_mode === undefined || b.payment_mode === null || b.payment_mode === '' ? 'IMPS' : b.payment_mode;
	if (!MODES.includes(mode)) return fail(400, `payment_mode must be one of ${MODES.join(', ')}`);
	if (!nonEmpty(b.beneficiary_name)) return fail(400, 'beneficiary_name is required');
	if (!nonEmpty(b.beneficiary_account)) return fail(400, 'beneficiary_account is required');
	if (!ACCOUNT_RE.test(b.beneficiary_account)) return fail(400, 'beneficiary_account must be 5 to 20 letters or digits');
	if (!nonEmpty(b.beneficiary_ifsc)) return fail(400, 'beneficiary_ifsc is required');
	if (!IFSC_RE.test(b.beneficiary_ifsc)) return fail(400, 'beneficiary_ifsc must be an 11-character IFSC code (e.g. HDFC0001234)');
	if (b.remarks !== undefined && b.remarks !== null && typeof b.remarks !== 'string') return fail(400, 'remarks must be a string');
	if (typeof b.remarks === 'string' && b.remarks.length > 50) return fail(400, 'remarks must be at most 50 characters');
	if (b.callback_url !== undefined && b.callback_url !== null && b.callback_url !== '') {
		let valid = false;
		try {
			valid = ['http:', 'https:'].includes(new URL(b.callback_url).protocol);
		} catch {}
		if (!valid) return fail(400, 'callback_url must be a valid http(s) URL');
	}
	const minPaise = /** @type {number} */ (parseRupees(state.config.minPayoutAmount));
	const maxPaise = /** @type {number} */ (parseRupees(state.config.maxPayoutAmount));
	if (amountPaise < minPaise) return fail(400, `amount below minimum: minimum payout is ${formatPaise(minPaise)}`);
	if (amountPaise > maxPaise) return fail(400, `amount above maximum: maximum payout is ${formatPaise(maxPaise)}`);
	if (mode === 'IMPS' && amountPaise > IMPS_MAX_PAISE) return fail(400, `amount above IMPS limit of ${formatPaise(IMPS_MAX_PAISE)}; use NEFT or RTGS`);
	if (mode === 'RTGS' && amountPaise < RTGS_MIN_PAISE) return fail(400, `amount below RTGS minimum of ${formatPaise(RTGS_MIN_PAISE)}; use IMPS or NEFT`);
	if (racy) await ctx.scheduler.sleep(payoutProcessingMs);
	const feePaise = /** @type {number} */ (parseRupees(state.config.fees[mode]));
	if (client.availablePaise < amountPaise + feePaise) {
		return fail(400, `insufficient balance: available ${formatPaise(client.availablePaise)}, required ${formatPaise(amountPaise + feePaise)} (amount + fee)`);
	}
	const payout = createPayout(state, client, {
		id: randomUUID(),
		referenceId: b.reference_id,
		amountPaise,
		feePaise,
		paymentMode: mode,
		remarks: typeof b.remarks === 'string' && b.remarks !== '' ? b.remarks : null,
		callbackUrl: b.callback_url || null,
		beneficiaryNameHash: sha256Hex(b.beneficiary_name),
		beneficiaryAccountHash: sha256Hex(b.beneficiary_account),
		beneficiaryIfscHash: sha256Hex(b.beneficiary_ifsc),
	});
	const auto = state.config.autoSettlePayoutsMs;
	if (auto !== null && auto !== undefined) {
		const total = auto * state.config.timeScale;
		ctx.scheduler.after(total / 2, () => markProcessing(state, payout));
		ctx.scheduler.after(total, () => {
			if (payout.status === 'INITIATED' || payout.status === 'PROCESSING') finishPayout(state, payout, 'SUCCESS', undefined, ctx.webhooks);
		});
	}
	return ok({ status: true, message: 'Payout initiated successfully', data: payoutView(payout) }, 201);
}

/** GET /api/v1/disbursement/payouts/{id} */
function getPayout(/** @type {Record<string, any>} */ ctx) {
	const auth = requireBearer(ctx, { product: 'disbursement', ipCheck: true });
	if ('answer' in auth) return auth.answer;
	const id = ctx.params.id;
	if (!UUID_RE.test(id)) return fail(400, 'invalid payout id: must be a UUID');
	const payout = ctx.state.payoutsById.get(id.toLowerCase());
	if (!payout || payout.clientId !== auth.client.clientId) return fail(404, 'payout not found');
	return ok({ status: true, message: 'Payout retrieved successfully', data: payoutView(payout) });
}

module.exports = {
	routes: [
		['POST', '/api/v1/disbursement/auth', authenticate],
		['POST', '/api/v1/disbursement/payouts', initiatePayout],
		['GET', /^\/api\/v1\/disbursement\/payouts\/(?<id>[^/]+)$/, getPayout],
	],
};
