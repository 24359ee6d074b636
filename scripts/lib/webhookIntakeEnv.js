'use strict';
// The n8n settings `npm start` and `npm run start:queue` give every n8n process, so that a burst
// of SMEPay webhooks (a payroll settling) is taken in as fast as n8n can: measured by
// `npm run bench -- --only burst` (README, "Settlement bursts"). A value already set in the
// environment wins.

// n8n 2.x builds an expression isolate for every request to a trigger and for every run unless
// it is told to build one only when an expression runs. n8n 1.x has no such setting (and with its
// in-process expression engine, which 1.123 uses on Node 20, no isolates at all).
const N8N_2_SETTINGS = {
	N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
};

function webhookIntakeEnv(n8nVersion, env = process.env) {
	if (Number(String(n8nVersion).split('.')[0]) < 2) return {};
	return Object.fromEntries(Object.entries(N8N_2_SETTINGS).filter(([key]) => !(key in env)));
}

/** `A=1 B=2`, for the ready message. */
const describeEnv = (env) =>
	Object.entries(env)
		.map(([key, value]) => `${key}=${value}`)
		.join(' ');

module.exports = { webhookIntakeEnv, describeEnv, N8N_2_SETTINGS };
