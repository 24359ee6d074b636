// @ts-check
'use strict';
// Sandbox configuration: defaults, and the merge that POST /_sandbox/config and the `seed` option use.

const { parseRupees } = require('./money');

const PARTNER_TOKEN_SHAPES = ['token', 'access_token', 'data.token', 'data.access_token', 'none'];
// A payout request with a reference_id SMEPay has seen: refused with 400 "duplicate reference_id"
// (the collection's example), or answered with the original payout (as its field table says).
const DUPLICATE_REFERENCE_MODES = ['refuse', 'original'];
// What a payment webhook's transaction_id carries: a transaction id as documented ('txn'), or the
// order's slug, as a live integration showed ('slug').
const WEBHOOK_TRANSACTION_IDS = ['txn', 'slug'];
const QR_STATUS_REF_ID_MODES = ['checked', 'answered', 'ignored'];
// How a payout request's reference_id is checked while SMEPay takes payoutProcessingMs to process
// it: 'atomic' checks and records it in one step after the processing; 'racy' checks it first and
// records the payout after the processing without checking again, so a second request with the
// same reference that arrives meanwhile creates a second payout.
const PAYOUT_REFERENCE_CHECKS = ['atomic', 'racy'];

/** @returns {Record<string, any>} */
function defaultConfig() {
	return {
		timeScale: 1,
		latencyMs: 0,
		orderTtlSeconds: 300,
		minOrderAmount: 1,
		maxOrderAmount: 100000,
		minPayoutAmount: 1,
		maxPayoutAmount: 1000000,
		fees: { IMPS: 5, NEFT: 3, RTGS: 25 },
		autoSettlePayoutsMs: null,
		partnerTokenShape: 'data.access_token',
		duplicateReference: 'refuse',
		payoutProcessingMs: 0,
		payoutReferenceCheck: 'atomic',
		tokenTtlSeconds: { collection: 600, disbursement: 3600, partner: 3600 },
		webhookTimeoutMs: 10000,
		webhookRetryDelaysSeconds: [60, 300, 1500, 7200],
		webhookTransactionId: 'txn',
		// POST /api/external/order/status (by order_id, slug or ref_id): seen live, not documented.
		orderStatusEndpoint: false,
		// POST /api/external/qr/status with a slug and a ref_id: 'checked' answers only when both
		// name one order (404 otherwise); 'answered' answers for the slug alone and names the
		// order's ref_id in the answer (a SMEPay that does not check the pair); 'ignored' answers
		// for the slug alone and names no ref_id (the documented answer, from a SMEPay that does
		// not check the pair).
		qrStatusRefId: 'checked',
		// Per-client overrides: { balance, disbursementEnabled, ipAllowlist }
		clients: {},
	};
}

/** @param {string} msg */
function configError(msg) {
	const err = new Error(msg);
	/** @type {any} */ (err).status = 400;
	return err;
}

/** @param {unknown} v @param {string} name @param {{ min?: number, nullable?: boolean }} [o] */
function checkNumber(v, name, o = {}) {
	if (v === null && o.nullable) return;
	if (typeof v !== 'number' || !Number.isFinite(v) || v < (o.min ?? 0)) {
		throw configError(`config ${name} must be a number >= ${o.min ?? 0}${o.nullable ? ' or null' : ''}`);
	}
}

/**
 * Merge a patch into `config` in place, after checking every key. Unknown keys are refused so a typo
 * in a test does not pass silently.
 * @param {Record<string, any>} config
 * @param {Record<string, any>} patch
 * @param {(clientId: string) => boolean} clientExists
 */
function mergeConfig(config, patch, clientExists) {
	if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw configError('config must be an object');
	const known = Object.keys(defaultConfig());
	for (const key of Object.keys(patch)) {
		if (!known.includes(key)) throw configError(`unknown config key '${key}'; known: ${known.join(', ')}`);
	}
	for (const key of ['timeScale']) if (key in patch) checkNumber(patch[key], key, { min: 0.000001 });
	for (const key of ['latencyMs', 'payoutProcessingMs', 'orderTtlSeconds', 'minOrderAmount', 'maxOrderAmount', 'minPayoutAmount', 'maxPayoutAmount', 'webhookTimeoutMs']) {
		if (key in patch) checkNumber(patch[key], key);
	}
	if ('autoSettlePayoutsMs' in patch) checkNumber(patch.autoSettlePayoutsMs, 'autoSettlePayoutsMs', { nullable: true });
	if ('partnerTokenShape' in patch && !PARTNER_TOKEN_SHAPES.includes(patch.partnerTokenShape)) {
		throw configError(`config partnerTokenShape must be one of ${PARTNER_TOKEN_SHAPES.join(', ')}`);
	}
	if ('duplicateReference' in patch && !DUPLICATE_REFERENCE_MODES.includes(patch.duplicateReference)) {
		throw configError(`config duplicateReference must be one of ${DUPLICATE_REFERENCE_MODES.join(', ')}`);
	}
	if ('payoutReferenceCheck' in patch && !PAYOUT_REFERENCE_CHECKS.includes(patch.payoutReferenceCheck)) {
		throw configError(`config payoutReferenceCheck must be one of ${PAYOUT_REFERENCE_CHECKS.join(', ')}`);
	}
	if ('webhookTransactionId' in patch && !WEBHOOK_TRANSACTION_IDS.includes(patch.webhookTransactionId)) {
		throw configError(`config webhookTransactionId must be one of ${WEBHOOK_TRANSACTION_IDS.join(', ')}`);
	}
	if ('qrStatusRefId' in patch && !QR_STATUS_REF_ID_MODES.includes(patch.qrStatusRefId)) {
		throw configError(`config qrStatusRefId must be one of ${QR_STATUS_REF_ID_MODES.join(', ')}`);
	}
	if ('orderStatusEndpoint' in patch && typeof patch.orderStatusEndpoint !== 'boolean') {
		throw configError('config orderStatusEndpoint must be a boolean');
	}
	if ('fees' in patch) {
		for (const [mode, fee] of Object.entries(patch.fees || {})) {
			if (!['IMPS', 'NEFT', 'RTGS'].includes(mode)) throw configError(`config fees.${mode}: unknown payment mode`);
			if (parseRupees(fee) === null) throw configError(`config fees.${mode} must be an amount with at most 2 decimals`);
		}
	}
	if ('tokenTtlSeconds' in patch) {
		for (const [kind, ttl] of Object.entries(patch.tokenTtlSeconds || {})) {
			if (!['collection', 'disbursement', 'partner'].includes(kind)) throw configError(`config tokenTtlSeconds.${kind}: unknown token kind`);
			checkNumber(ttl, `tokenTtlSeconds.${kind}`);
		}
	}
	if ('webhookRetryDelaysSeconds' in patch) {
		const d = patch.webhookRetryDelaysSeconds;
		if (!Array.isArray(d)) throw configError('config webhookRetryDelaysSeconds must be an array of seconds');
		d.forEach((x, i) => checkNumber(x, `webhookRetryDelaysSeconds[${i}]`));
	}
	if ('clients' in patch) {
		for (const [clientId, c] of Object.entries(patch.clients || {})) {
			if (!clientExists(clientId)) throw configError(`config clients.${clientId}: unknown client id`);
			if (c.balance !== undefined && parseRupees(c.balance) === null) throw configError(`config clients.${clientId}.balance must be an amount with at most 2 decimals`);
			if (c.disbursementEnabled !== undefined && typeof c.disbursementEnabled !== 'boolean') throw configError(`config clients.${clientId}.disbursementEnabled must be a boolean`);
			if (c.ipAllowlist !== undefined && (!Array.isArray(c.ipAllowlist) || c.ipAllowlist.some((ip) => typeof ip !== 'string'))) {
				throw configError(`config clients.${clientId}.ipAllowlist must be an array of IP strings`);
			}
		}
	}
	for (const [key, value] of Object.entries(patch)) {
		if (key === 'fees' || key === 'tokenTtlSeconds') config[key] = { ...config[key], ...value };
		else if (key === 'clients') {
			for (const [id, c] of Object.entries(value)) config.clients[id] = { ...(config.clients[id] || {}), ...c };
		} else config[key] = value;
	}
}

module.exports = { defaultConfig, mergeConfig, PARTNER_TOKEN_SHAPES, DUPLICATE_REFERENCE_MODES };
