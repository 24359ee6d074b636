#!/usr/bin/env node
// @ts-check
'use strict';
// `npm run sandbox`: start the SMEPay sandbox on fixed ports and print how to use it.
// Env: SANDBOX_PORT (4010), SANDBOX_LIVE_PORT (4011), SANDBOX_HOST (127.0.0.1), SANDBOX_TIME_SCALE,
// SANDBOX_LATENCY_MS.

const { startSandbox } = require('./index');

/** @param {string} name @param {number | undefined} fallback */
function envNumber(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isFinite(n) || n < 0) {
		console.error(`${name} must be a non-negative number, got '${raw}'`);
		process.exit(2);
	}
	return n;
}

async function main() {
	const sb = await startSandbox({
		host: process.env.SANDBOX_HOST || '127.0.0.1',
		port: envNumber('SANDBOX_PORT', 4010),
		livePort: envNumber('SANDBOX_LIVE_PORT', 4011),
		timeScale: envNumber('SANDBOX_TIME_SCALE', undefined),
		latencyMs: envNumber('SANDBOX_LATENCY_MS', undefined),
	});
	const c = sb.clients;
	const cfg = sb.state.config;
	console.log(`SMEPay sandbox running (timeScale ${cfg.timeScale}, latency ${cfg.latencyMs} ms)

  Test host  (plays https://staging.smepay.in and https://partner.smepay.in): ${sb.testUrl}
  Live host  (plays https://extranet.smepay.in):                              ${sb.liveUrl}
  Control    (ledger, settle, faults, config, reset):                         ${sb.controlUrl}

  Collection (Wizard and Inline)
    test  client_id ${c.collection.test.clientId}   client_secret ${c.collection.test.clientSecret}   → ${sb.testUrl}
    live  client_id ${c.collection.live.clientId}   client_secret ${c.collection.live.clientSecret}   → ${sb.liveUrl}
  Disbursement
    test  client_id ${c.disbursement.test.clientId}   client_secret ${c.disbursement.test.clientSecret}   → ${sb.testUrl}
    live  client_id ${c.disbursement.live.clientId}   client_secret ${c.disbursement.live.clientSecret}   → ${sb.liveUrl}
    test  client_id ${c.disbursement.testOther.clientId}   client_secret ${c.disbursement.testOther.clientSecret}   → ${sb.testUrl}  (another merchant)
  Partner
    partner_code ${c.partner.partnerCode}   email ${c.partner.email}   → ${sb.testUrl}

  Ledger: curl ${sb.controlUrl}/ledger
Press Ctrl-C to stop.`);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await sb.close();
		console.log('SMEPay sandbox stopped.');
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	console.error(`Could not start the SMEPay sandbox: ${err.message}`);
	process.exit(1);
});
