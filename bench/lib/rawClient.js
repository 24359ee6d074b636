'use strict';
// The limit: the same token exchange and payout requests as the SMEPay node sends, from a bare
// undici pool with `concurrency` connections and `concurrency` requests in flight.

const { Pool } = require('undici');
const { PAYOUTS_PATH, AUTH_PATH } = require('./workflows');

const REQUEST_TIMEOUT_MS = 30_000;

async function rawPayouts({
	sandboxUrl,
	client,
	tag,
	count,
	concurrency,
	amounts = [1.5],
	callbackUrl, // optional: the URL SMEPay posts the payout's webhook to
}) {
	const pool = new Pool(sandboxUrl, {
		connections: concurrency,
		headersTimeout: REQUEST_TIMEOUT_MS,
		bodyTimeout: REQUEST_TIMEOUT_MS,
	});
	try {
		const started = performance.now();
		const auth = await post(pool, AUTH_PATH, {
			client_id: client.clientId,
			client_secret: client.clientSecret,
		});
		const token = auth.body.data.token;
		let next = 0;
		let failed = 0;
		const lane = async () => {
			while (next < count) {
				const i = next++;
				const res = await post(
					pool,
					PAYOUTS_PATH,
					{
						reference_id: `${tag}-${String(i).padStart(6, '0')}`,
						amount: amounts[i % amounts.length],
						payment_mode: 'IMPS',
						beneficiary_name: `Bench Payee ${i}`,
						beneficiary_account: String(100000000000 + i),
						beneficiary_ifsc: 'HDFC0001234',
						remarks: `bench row ${i}`,
						...(callbackUrl ? { callback_url: callbackUrl } : {}),
					},
					token,
				);
				if (res.status !== 201) failed++;
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
		const ms = performance.now() - started;
		return { ms, rows: count, failed };
	} finally {
		await pool.close();
	}
}

async function post(pool, path, body, token) {
	const res = await pool.request({
		path,
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(token ? { authorization: `Bearer ${token}` } : {}),
		},
		body: JSON.stringify(body),
	});
	return { status: res.statusCode, body: await res.body.json() };
}

module.exports = { rawPayouts };
