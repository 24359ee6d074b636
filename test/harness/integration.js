'use strict';
// One call for an integration test: the SMEPay sandbox on loopback, an engine, and a credential
// of each kind pointing at the sandbox.
const { startSandbox } = require('../../sandbox');
const { Engine } = require('./engine');
const { sandboxControl } = require('./sandboxControl');

async function startIntegration(sandboxOptions = {}) {
	const sandbox = await startSandbox({ port: 0, livePort: 0, ...sandboxOptions });
	const engine = new Engine();
	const { collection, disbursement, partner } = sandbox.clients;
	const add = (id, type, data) => engine.credentials.add(id, type, data);
	const custom = (url) => ({ environment: 'custom', baseUrl: url });

	const credentials = {
		wizard: add('wizard', 'smePayApi', {
			...custom(sandbox.testUrl),
			integration: 'wizard',
			...collection.test,
		}),
		inline: add('inline', 'smePayApi', {
			...custom(sandbox.testUrl),
			integration: 'inline',
			...collection.test,
		}),
		inlineLive: add('inlineLive', 'smePayApi', {
			...custom(sandbox.liveUrl),
			integration: 'inline',
			...collection.live,
		}),
		disbursement: add('disbursement', 'smePayDisbursementApi', {
			...custom(sandbox.testUrl),
			...disbursement.test,
		}),
		disbursementLive: add('disbursementLive', 'smePayDisbursementApi', {
			...custom(sandbox.liveUrl),
			...disbursement.live,
		}),
		partner: add('partner', 'smePayPartnerApi', { baseUrl: sandbox.testUrl, ...partner }),
	};

	/** Calls a sandbox control endpoint: control('POST', '/faults', {...}). */
	const control = sandboxControl(sandbox.controlUrl);

	return {
		sandbox,
		engine,
		credentials,
		control,
		ledger: () => control('GET', '/ledger'),
		close: () => sandbox.close(),
	};
}

/**
 * A test file's integration context: started before its tests, closed after them, and with
 * `clearFaults` every fault injected by a test removed after it. The returned object is filled
 * in by beforeAll, so read its fields inside tests and hooks, not at load time.
 */
function useIntegration(sandboxOptions, { clearFaults = false } = {}) {
	const context = {};
	beforeAll(async () => {
		Object.assign(context, await startIntegration(sandboxOptions));
	});
	afterAll(async () => {
		await context.close?.();
	});
	if (clearFaults) {
		afterEach(async () => {
			await context.control('DELETE', '/faults');
		});
	}
	return context;
}

/** A single SMEPay node, for workflows of one step. */
function smePayNode(parameters, credentials, extra = {}) {
	return { name: 'SMEPay', type: 'smePay', parameters, credentials, ...extra };
}

module.exports = { startIntegration, useIntegration, smePayNode };
