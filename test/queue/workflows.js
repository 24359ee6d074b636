'use strict';
// The two workflows the queue-mode suite runs, as a user builds them in the editor.
const crypto = require('node:crypto');

const node = (name, type, typeVersion, parameters, extra = {}) => ({
	id: crypto.randomUUID(),
	name,
	type,
	typeVersion,
	position: [0, 0],
	parameters,
	...extra,
});
const link = (...names) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((from, i) => [from, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);

/** Pay a sheet: Manual Trigger → read the rows (HTTP) → SMEPay Send Payout, columns mapped. */
function payoutSheetWorkflow({ sheetUrl, concurrency = 5 }) {
	return {
		name: 'Queue mode: pay a sheet',
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
			node('Read Sheet', 'n8n-nodes-base.httpRequest', 4.2, { url: sheetUrl, options: {} }),
			node(
				'SMEPay',
				'n8n-nodes-smepay.smePay',
				1,
				{
					resource: 'payout',
					operation: 'send',
					referenceId: '={{ $json.ref }}',
					amount: '={{ $json.amount }}',
					paymentMode: '={{ $json.mode }}',
					beneficiaryName: '={{ $json.name }}',
					beneficiaryAccount: '={{ $json.account }}',
					beneficiaryIfsc: '={{ $json.ifsc }}',
					additionalFields: {
						remarks: '={{ $json.remarks }}',
						callbackUrl: '={{ $json.callbackUrl }}',
					},
					options: { concurrency },
				},
				{ credentials: { smePayDisbursementApi: { id: 'x', name: 'x' } } },
			),
		],
		connections: link('Start', 'Read Sheet', 'SMEPay'),
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Fulfil each payout SMEPay reports as paid, once: SMEPay Trigger (verifies with SMEPay, dedupes
 * in static data) → Remove Duplicates (the README's safety net, kept in n8n's database) → the
 * fulfilment call.
 */
function payoutWebhookWorkflow({ effectUrl }) {
	const webhookId = crypto.randomUUID();
	return {
		webhookId,
		name: 'Queue mode: fulfil paid payouts',
		nodes: [
			node(
				'SMEPay Trigger',
				'n8n-nodes-smepay.smePayTrigger',
				2,
				{ events: ['payout'], statuses: ['SUCCESS'], verify: true, options: {} },
				{ webhookId, credentials: { smePayDisbursementApi: { id: 'x', name: 'x' } } },
			),
			node(
				'Remove Duplicates',
				'n8n-nodes-base.removeDuplicates',
				2,
				{
					operation: 'removeItemsSeenInPreviousExecutions',
					dedupeValue: '={{ $json.event }}:{{ $json.eventId }}:{{ $json.status }}',
					options: {},
				},
				// As in examples/fulfilment.json. n8n creates the node's list with an insert on its
				// first use: two runs at that moment on two workers both insert, one fails with a
				// duplicate key, and SMEPay (already answered 200) sends nothing again. A retry
				// finds the list and updates it.
				{ retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 },
			),
			node('Fulfil', 'n8n-nodes-base.httpRequest', 4.2, {
				method: 'POST',
				url: effectUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ eventId: $json.eventId, status: $json.status }) }}',
				options: {},
			}),
		],
		connections: link('SMEPay Trigger', 'Remove Duplicates', 'Fulfil'),
		settings: { executionOrder: 'v1' },
	};
}

module.exports = { payoutSheetWorkflow, payoutWebhookWorkflow };
