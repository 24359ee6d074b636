'use strict';
// Small steps the order suites share: run one SMEPay order operation, settle an order in the
// sandbox, read the ledger's view of an order.
const { smePayNode } = require('../harness/integration');

let orderCounter = 0;

/** A fresh Order ID, unique within a sandbox. */
function newOrderId(prefix = 'ORD') {
	return `${prefix}-${Date.now().toString(36)}-${++orderCounter}`;
}

/** Runs one order operation over `input` items; `node` adds node settings (continueOnFail...). */
async function runOrder(it, credential, operation, parameters, { input = [{}], node = {} } = {}) {
	return await it.engine.run({
		nodes: [
			smePayNode(
				{ resource: 'order', operation, ...parameters },
				it.credentials[credential] ?? credential,
				node,
			),
		],
		input,
	});
}

/** Creates one order and returns its output item's JSON. */
async function createOrder(it, credential, amount = '100.10', orderId = newOrderId()) {
	const result = await runOrder(it, credential, 'create', { amount, orderId });
	return { ...result.output('SMEPay')[0].json, orderId };
}

/** The customer pays: the sandbox moves the order to PENDING, then SUCCESS or FAILED. */
async function settle(it, slug, status = 'SUCCESS') {
	await it.control('POST', `/orders/${slug}/pay`, {});
	await it.control('POST', `/orders/${slug}/settle`, { status });
}

async function ledgerOrder(it, slug) {
	return (await it.ledger()).orders.find((order) => order.slug === slug);
}

/** What the node reported for a failed run, or the error item under Continue On Fail. */
function failure(result) {
	const error = result.nodeError('SMEPay');
	if (!error) throw new Error('expected the SMEPay node to fail');
	return error;
}

module.exports = { newOrderId, runOrder, createOrder, settle, ledgerOrder, failure };
