// @ts-check
'use strict';
// The payout model and balance accounting (integer paise): amount + fee is locked on initiate,
// debited on SUCCESS and released on FAILED. Lifecycle INITIATED → PROCESSING → SUCCESS/FAILED.

const { paiseToNumber } = require('./money');
const { isoUtc } = require('./time');
const { digits, randomString } = require('./ids');

const DEFAULT_FAILURE_REASON = 'Invalid beneficiary account number';

/** @param {Record<string, any>} payout @param {any} client @param {string} status @param {number} at */
function stamp(payout, client, status, at) {
	payout.status = status;
	payout.updatedAtMs = at;
	payout.availablePaise = client.availablePaise;
	payout.lockedPaise = client.lockedPaise;
	payout.history.push({ status, at: isoUtc(at) });
}

/**
 * Create a payout and lock amount + fee. The caller has checked everything (balance included).
 * @param {Record<string, any>} state @param {any} client @param {Record<string, any>} fields
 */
function createPayout(state, client, fields) {
	const now = Date.now();
	client.availablePaise -= fields.amountPaise + fields.feePaise;
	client.lockedPaise += fields.amountPaise + fields.feePaise;
	const payout = {
		...fields,
		clientId: client.clientId,
		businessId: client.businessId,
		provider: 'paywize',
		status: 'INITIATED',
		utrNumber: null,
		providerReferenceId: null,
		failureReason: null,
		initiatedAtMs: now,
		createdAtMs: now,
		processedAtMs: null,
		history: [],
	};
	stamp(payout, client, 'INITIATED', now);
	state.payouts.push(payout);
	state.payoutsById.set(payout.id, payout);
	state.payoutRefs.set(`${client.clientId}\u0000${payout.referenceId}`, payout);
	return payout;
}

/** @param {Record<string, any>} state @param {Record<string, any>} payout */
function markProcessing(state, payout) {
	if (payout.status !== 'INITIATED') return;
	stamp(payout, state.clients.get(payout.clientId), 'PROCESSING', Date.now());
}

/**
 * Final state; fires the payout webhook when a callback_url was given.
 * @param {Record<string, any>} state @param {Record<string, any>} payout
 * @param {'SUCCESS'|'FAILED'} status @param {string | undefined} failureReason
 * @param {{ deliver: Function }} webhooks
 */
function finishPayout(state, payout, status, failureReason, webhooks) {
	markProcessing(state, payout);
	const client = state.clients.get(payout.clientId);
	const total = payout.amountPaise + payout.feePaise;
	client.lockedPaise -= total;
	const now = Date.now();
	if (status === 'SUCCESS') {
		payout.utrNumber = `UTR${digits(12)}`;
		payout.providerReferenceId = `PAYWIZE-${randomString(10, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`;
	} else {
		client.availablePaise += total;
		payout.failureReason = failureReason || DEFAULT_FAILURE_REASON;
	}
	payout.processedAtMs = now;
	stamp(payout, client, status, now);
	if (payout.callbackUrl) webhooks.deliver('payout', payout.id, payout.callbackUrl, payoutView(payout));
}

/** The documented `data` object (beneficiary fields are SHA-256 hashes; raw values are never kept). */
function payoutView(/** @type {Record<string, any>} */ p) {
	/** @type {Record<string, any>} */
	const view = {
		id: p.id,
		reference_id: p.referenceId,
		amount: paiseToNumber(p.amountPaise),
		fee_amount: paiseToNumber(p.feePaise),
		payment_mode: p.paymentMode,
	};
	if (p.remarks !== null) view.remarks = p.remarks;
	view.status = p.status;
	view.provider = p.provider;
	if (p.status === 'SUCCESS') {
		view.utr_number = p.utrNumber;
		view.provider_reference_id = p.providerReferenceId;
	}
	if (p.status === 'FAILED') view.failure_reason = p.failureReason;
	Object.assign(view, {
		beneficiary_name: p.beneficiaryNameHash,
		beneficiary_account: p.beneficiaryAccountHash,
		beneficiary_ifsc: p.beneficiaryIfscHash,
		business_id: p.businessId,
		available_balance: paiseToNumber(p.availablePaise),
		locked_balance: paiseToNumber(p.lockedPaise),
		initiated_at: isoUtc(p.initiatedAtMs),
	});
	if (p.processedAtMs) view.processed_at = isoUtc(p.processedAtMs);
	view.created_at = isoUtc(p.createdAtMs);
	view.updated_at = isoUtc(p.updatedAtMs);
	return view;
}

module.exports = { createPayout, markProcessing, finishPayout, payoutView, DEFAULT_FAILURE_REASON };
