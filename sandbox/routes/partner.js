// @ts-check
'use strict';
// Partner (TSP) onboarding API, served on the Test listener (it plays https://partner.smepay.in).
// The auth answer is undocumented: config.partnerTokenShape picks where the token sits.

const { ok, fail } = require('../reply');
const { issueToken, lookupBearer } = require('../tokens');
const { randomUUID } = require('../ids');
const { COLLECTION_UNAUTHORIZED } = require('../auth');

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MOBILE_RE = /^[6-9]\d{9}$/;

/** POST /api/partner/merchants/tsp/auth */
function authenticate(/** @type {Record<string, any>} */ ctx) {
	const { partner_code: code, email } = ctx.body;
	if (typeof code !== 'string' || !code || typeof email !== 'string' || !email) {
		return fail(400, 'partner_code and email are required');
	}
	const partner = ctx.state.partners.get(code);
	if (!partner || partner.email.toLowerCase() !== email.toLowerCase()) return fail(401, 'invalid partner credentials');
	const record = issueToken(ctx.state, { product: 'partner', subject: code, mode: 'test', accept: ctx.headers.accept }, ctx.state.config.tokenTtlSeconds.partner);
	const token = record.token;
	switch (ctx.state.config.partnerTokenShape) {
		case 'token':
			return ok({ status: true, token });
		case 'access_token':
			return ok({ status: true, access_token: token });
		case 'data.token':
			return ok({ status: true, data: { token } });
		case 'none':
			return ok({ status: true, message: 'ok' });
		default:
			return ok({ status: true, data: { access_token: token } });
	}
}

/** POST /api/partner/merchants/extended */
function createMerchant(/** @type {Record<string, any>} */ ctx) {
	const token = lookupBearer(ctx.state, ctx.headers.authorization);
	if (!token || token.product !== 'partner') return fail(401, COLLECTION_UNAUTHORIZED);
	const b = ctx.body;
	for (const field of ['name', 'business_name', 'company_name', 'email', 'mobile']) {
		if (typeof b[field] !== 'string' || !b[field].trim()) return fail(400, `${field} is required`);
	}
	if (!EMAIL_RE.test(b.email)) return fail(400, 'email is not a valid email address');
	if (!MOBILE_RE.test(b.mobile)) return fail(400, 'mobile must be a 10-digit Indian mobile number');
	const emailKey = b.email.toLowerCase();
	if (ctx.state.merchantEmails.has(emailKey)) return fail(409, 'merchant with this email already exists');
	const businessId = randomUUID();
	ctx.state.merchantEmails.add(emailKey);
	ctx.state.merchants.push({
		business_id: businessId,
		partner_code: token.subject,
		name: b.name,
		business_name: b.business_name,
		company_name: b.company_name,
		email: b.email,
		mobile: b.mobile,
		created_at: new Date().toISOString(),
	});
	return ok(
		{ message: 'Merchant created successfully', business_id: businessId, kyc_url: `https://kyc.smepay.in/kyc/${businessId}` },
		201,
	);
}

module.exports = {
	routes: [
		['POST', '/api/partner/merchants/tsp/auth', authenticate, 'test'],
		['POST', '/api/partner/merchants/extended', createMerchant, 'test'],
	],
};
