// @ts-check
'use strict';
// Webhook delivery with SMEPay's retry rules: retry only on 5xx, timeouts and connection failures,
// after 1 m, 5 m, 25 m, 2 h (× timeScale), 5 attempts in all; 2xx/3xx/4xx end the delivery.
// Every attempt is recorded in state.webhooks.

const http = require('node:http');
const https = require('node:https');
const { isoUtc } = require('./time');

/**
 * @param {Record<string, any>} state
 * @param {ReturnType<import('./scheduler').createScheduler>} scheduler
 */
function createWebhookSender(state, scheduler) {
	/** @type {Set<import('node:http').ClientRequest>} */
	const inFlight = new Set();
	let deliverySeq = 0;

	/**
	 * One POST; resolves with the response code or an error text (never rejects), and for an
	 * answer other than 2xx the `error` its JSON body names (what the receiver said, for benches).
	 * @param {string} url @param {string} json
	 * @returns {Promise<{ code: number | null, error: string | null, said?: string }>}
	 */
	function post(url, json) {
		return new Promise((resolve) => {
			let settled = false;
			/** @param {{ code: number | null, error: string | null, said?: string }} r */
			const done = (r) => {
				if (!settled) {
					settled = true;
					inFlight.delete(req);
					resolve(r);
				}
			};
			let target;
			try {
				target = new URL(url);
			} catch {
				resolve({ code: null, error: 'invalid callback_url' });
				return;
			}
			const lib = target.protocol === 'https:' ? https : http;
			const req = lib.request(
				target,
				{
					method: 'POST',
					agent: false,
					headers: {
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(json),
						'user-agent': 'SMEPay-Sandbox-Webhook/1.0',
					},
					timeout: state.config.webhookTimeoutMs,
				},
				(res) => {
					/** @type {Buffer[]} */
					const chunks = [];
					let size = 0;
					res.on('data', (/** @type {Buffer} */ chunk) => {
						size += chunk.length;
						if (size <= SAID_LIMIT) chunks.push(chunk);
					});
					res.on('end', () => done({ code: res.statusCode || null, error: null, ...saidIn(res.statusCode, chunks) }));
					res.on('error', () => done({ code: res.statusCode || null, error: null }));
				},
			);
			inFlight.add(req);
			req.on('timeout', () => {
				done({ code: null, error: `timeout after ${state.config.webhookTimeoutMs} ms` });
				req.destroy();
			});
			req.on('error', (err) => done({ code: null, error: /** @type {any} */ (err).code || err.message }));
			req.end(json);
		});
	}

	/**
	 * Start a delivery (attempt 1 now, retries as scheduled).
	 * @param {'order'|'payout'} kind @param {string} id slug or payout id @param {string} url @param {any} payload
	 */
	function deliver(kind, id, url, payload) {
		state.lastWebhook.set(`${kind}:${id}`, { url, payload });
		const deliveryId = ++deliverySeq;
		const json = JSON.stringify(payload);
		const epoch = state.epoch;
		const attempt = async (/** @type {number} */ n) => {
			const started = Date.now();
			const { code, error, said } = await post(url, json);
			if (state.epoch !== epoch) return; // the sandbox was reset meanwhile
			const delays = state.config.webhookRetryDelaysSeconds;
			const retry = (code === null || code >= 500) && n <= delays.length;
			const nextMs = retry ? delays[n - 1] * 1000 * state.config.timeScale : null;
			state.webhooks.push({
				deliveryId,
				kind,
				id,
				url,
				payload,
				attempt: n,
				responseStatus: code,
				...(said === undefined ? {} : { responseError: said }),
				error,
				at: isoUtc(started),
				atMs: started,
				durationMs: Date.now() - started,
				nextRetryInMs: nextMs,
			});
			if (nextMs !== null) scheduler.after(nextMs, () => void attempt(n + 1));
		};
		void attempt(1);
		return deliveryId;
	}

	/** Deliver the last webhook of an order or payout again (a duplicate delivery). */
	function resend(/** @type {'order'|'payout'} */ kind, /** @type {string} */ id) {
		const last = state.lastWebhook.get(`${kind}:${id}`);
		if (!last) return null;
		return deliver(kind, id, last.url, last.payload);
	}

	function abortAll() {
		for (const req of inFlight) req.destroy();
		inFlight.clear();
	}

	/** What a payment webhook's transaction_id carries now (config webhookTransactionId). */
	const transactionIdShape = () => state.config.webhookTransactionId;

	return { deliver, resend, abortAll, transactionIdShape };
}

const SAID_LIMIT = 2048;

/**
 * The `error` text of a non-2xx JSON answer (at most 200 characters), e.g. which 503 it was.
 * @param {number | undefined} code @param {Buffer[]} chunks
 */
function saidIn(code, chunks) {
	if (code === undefined || (code >= 200 && code < 300)) return {};
	try {
		const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		return typeof body?.error === 'string' ? { said: body.error.slice(0, 200) } : {};
	} catch {
		return {};
	}
}

module.exports = { createWebhookSender };
