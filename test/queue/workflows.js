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
 * The claim (README "Repeats and queue mode"): a Data Table Update of the row where every
 * condition holds and `fulfilled` is false, setting `fulfilled` and `fulfilled_by` (the
 * execution). It returns the rows it changed: the row to exactly one run, nothing to the others.
 */
function claimNode(name, { table, column, value }) {
	// `table`: a Data Table's name, pointed at its id on import (pointAtDataTables).
	return node(name, 'n8n-nodes-base.dataTable', 1, {
		resource: 'row',
		operation: 'update',
		dataTableId: { __rl: true, mode: 'list', value: '', cachedResultName: table },
		matchType: 'allConditions',
		filters: {
			conditions: [
				{ keyName: column, condition: 'eq', keyValue: value },
				{ keyName: 'fulfilled', condition: 'isFalse' },
			],
		},
		columns: {
			mappingMode: 'defineBelow',
			value: { fulfilled: true, fulfilled_by: '={{ $execution.id }}' },
			matchingColumns: [],
			schema: ['fulfilled', 'fulfilled_by'].map((id) => ({
				id,
				displayName: id,
				required: false,
				defaultMatch: false,
				display: true,
				type: id === 'fulfilled' ? 'boolean' : 'string',
				readOnly: false,
				removed: false,
			})),
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		},
		options: {},
	});
}

/** The fulfilment system's call: one POST per run that got past the claim. */
function effectNode(effectUrl, eventIdExpression) {
	return node('Fulfil', 'n8n-nodes-base.httpRequest', 4.2, {
		method: 'POST',
		url: effectUrl,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: `={{ JSON.stringify({ eventId: ${eventIdExpression}, fulfilledBy: $json.fulfilled_by, execution: $execution.id }) }}`,
		options: {},
	});
}

/**
 * Fulfil each payout SMEPay reports as paid, once, as examples/fulfilment.json does: SMEPay
 * Trigger (verifies with SMEPay, remembers events) → claim the payout's row in `SMEPay payouts`
 * by Reference ID → the fulfilment call.
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
			claimNode('Claim payout', {
				table: 'SMEPay payouts',
				column: 'reference_id',
				value: '={{ $json.payload.reference_id }}',
			}),
			effectNode(effectUrl, "$('SMEPay Trigger').item.json.eventId"),
		],
		connections: link('SMEPay Trigger', 'Claim payout', 'Fulfil'),
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The claim alone, behind a plain Webhook (no trigger memory in front of it): every POST of
 * `{ "order_id": … }` starts a run that tries to claim that order's row in `SMEPay orders`.
 */
function claimRaceWorkflow({ effectUrl, path }) {
	return {
		name: `Claim race ${path}`,
		nodes: [
			node(
				'Webhook',
				'n8n-nodes-base.webhook',
				2,
				{ httpMethod: 'POST', path, options: {} },
				{ webhookId: crypto.randomUUID() },
			),
			claimNode('Claim order', {
				table: 'SMEPay orders',
				column: 'order_id',
				value: '={{ $json.body.order_id }}',
			}),
			effectNode(effectUrl, "$('Webhook').item.json.body.order_id"),
		],
		connections: link('Webhook', 'Claim order', 'Fulfil'),
		settings: { executionOrder: 'v1' },
	};
}

module.exports = { payoutSheetWorkflow, payoutWebhookWorkflow, claimRaceWorkflow };
