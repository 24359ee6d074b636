'use strict';
// Workflow JSON built in code for the benchmarks and the soak. Both payout builds get the same
// rows from the same nodes (Set makes an array, Split Out makes one item per row), so the only
// difference between them is the node that pays.

const { randomUUID } = require('node:crypto');

const PACKAGE = 'n8n-nodes-smepay';
// bench/floor-node: one request-helper call per row, nothing else (the floor for any node).
const FLOOR_PACKAGE = 'n8n-nodes-smepay-bench-floor';
const PAYOUTS_PATH = '/api/v1/disbursement/payouts';
const AUTH_PATH = '/api/v1/disbursement/auth';

let nodeSeq = 0;
const node = (name, type, typeVersion, parameters, extra = {}) => ({
	id: `n${++nodeSeq}`,
	name,
	type,
	typeVersion,
	position: [nodeSeq * 220, 0],
	parameters,
	...extra,
});

const chain = (...names) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);

/**
 * The rows as an n8n expression: `count` payouts with unique reference ids `<tag>-000000`…
 * `amounts`, when given, is an array of rupee amounts (cycled); otherwise every row pays ₹1.50.
 */
function rowsExpression({ tag, count, withToken = false, amounts }) {
	const amountList = JSON.stringify(amounts || [1.5]);
	return (
		`={{ Array.from({ length: ${count} }, (_, i) => ({ ` +
		`reference_id: '${tag}-' + String(i).padStart(6, '0'), ` +
		`amount: ${amountList}[i % ${(amounts || [1.5]).length}], ` +
		`beneficiary_name: 'Bench Payee ' + i, beneficiary_account: String(100000000000 + i), ` +
		`beneficiary_ifsc: 'HDFC0001234', remarks: 'bench row ' + i` +
		`${withToken ? ', token: $json.data.token' : ''} })) }}`
	);
}

function rowNodes(rows) {
	return [
		node('Rows', 'n8n-nodes-base.set', 3.4, {
			assignments: { assignments: [{ id: 'rows', name: 'rows', type: 'array', value: rows }] },
			options: {},
		}),
		node('One Item Per Row', 'n8n-nodes-base.splitOut', 1, {
			fieldToSplitOut: 'rows',
			options: {},
		}),
	];
}

/** Send Payout's fields, each mapped from its column by an expression (Map Each Field Below). */
const FIELDS_BY_EXPRESSION = {
	dataMode: 'defineBelow',
	referenceId: '={{ $json.reference_id }}',
	amount: '={{ $json.amount }}',
	beneficiaryName: '={{ $json.beneficiary_name }}',
	beneficiaryAccount: '={{ $json.beneficiary_account }}',
	beneficiaryIfsc: '={{ $json.beneficiary_ifsc }}',
};

/**
 * Manual → Rows → Split Out → SMEPay Send Payout, its fields read from the rows' columns
 * (`autoMap`, Data Mode "Auto-Map Input Data") or mapped one by one with expressions.
 */
function smePayBatchWorkflow({
	tag,
	count,
	concurrency,
	credential,
	callbackUrl,
	amounts,
	autoMap = true,
	continueOnFail = false,
}) {
	const start = node('Start', 'n8n-nodes-base.manualTrigger', 1, {});
	const [rows, split] = rowNodes(rowsExpression({ tag, count, amounts }));
	const pay = node(
		'SMEPay',
		`${PACKAGE}.smePay`,
		1,
		{
			resource: 'payout',
			operation: 'send',
			...(autoMap ? { dataMode: 'autoMapInputData' } : FIELDS_BY_EXPRESSION),
			paymentMode: 'IMPS',
			additionalFields: {
				...(autoMap ? {} : { remarks: '={{ $json.remarks }}' }),
				...(callbackUrl ? { callbackUrl } : {}),
			},
			options: { concurrency },
		},
		{
			credentials: { smePayDisbursementApi: { id: credential.id, name: credential.name } },
			...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		},
	);
	return {
		name: `bench: SMEPay payouts ${tag}`,
		nodes: [start, rows, split, pay],
		connections: chain(start.name, rows.name, split.name, pay.name),
		workNodes: [pay.name],
	};
}

/**
 * Manual → Payout IDs → Split Out → SMEPay Payout → Wait for Status over every id, all together.
 */
function waitForPayoutsWorkflow({ tag, ids, pollInterval, timeout, concurrency, credential }) {
	const start = node('Start', 'n8n-nodes-base.manualTrigger', 1, {});
	const [rows, split] = rowNodes(`={{ ${JSON.stringify(ids.map((id) => ({ id })))} }}`);
	const wait = node(
		'Wait for Status',
		`${PACKAGE}.smePay`,
		1,
		{
			resource: 'payout',
			operation: 'waitForStatus',
			payoutId: '={{ $json.id }}',
			pollInterval,
			timeout,
			options: { concurrency },
		},
		{ credentials: { smePayDisbursementApi: { id: credential.id, name: credential.name } } },
	);
	return {
		name: `bench: SMEPay wait for payouts ${tag}`,
		nodes: [start, rows, split, wait],
		connections: chain(start.name, rows.name, split.name, wait.name),
		workNodes: [wait.name],
	};
}

/** Manual → Rows → Split Out → the bench floor node (bench/floor-node), the same rows. */
function floorBatchWorkflow({ tag, count, concurrency, credential }) {
	const start = node('Start', 'n8n-nodes-base.manualTrigger', 1, {});
	const [rows, split] = rowNodes(rowsExpression({ tag, count }));
	const pay = node(
		'Floor',
		`${FLOOR_PACKAGE}.benchFloorPayout`,
		1,
		{ concurrency },
		{ credentials: { smePayDisbursementApi: { id: credential.id, name: credential.name } } },
	);
	return {
		name: `bench: floor node payouts ${tag}`,
		nodes: [start, rows, split, pay],
		connections: chain(start.name, rows.name, split.name, pay.name),
		workNodes: [pay.name],
	};
}

/**
 * What a user builds without this package: an HTTP Request for the token, then an HTTP Request
 * per row with the Bearer header and a JSON body. `batching` is the HTTP Request node's own
 * Options → Batching ({ batchSize, batchInterval } in ms), or null for none (all rows at once).
 */
function httpRequestBatchWorkflow({ tag, count, sandboxUrl, client, batching }) {
	const start = node('Start', 'n8n-nodes-base.manualTrigger', 1, {});
	const token = node('Get Token', 'n8n-nodes-base.httpRequest', 4.2, {
		method: 'POST',
		url: `${sandboxUrl}${AUTH_PATH}`,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: JSON.stringify({ client_id: client.clientId, client_secret: client.clientSecret }),
		options: {},
	});
	const [rows, split] = rowNodes(rowsExpression({ tag, count, withToken: true }));
	const pay = node('Send Payout', 'n8n-nodes-base.httpRequest', 4.2, {
		method: 'POST',
		url: `${sandboxUrl}${PAYOUTS_PATH}`,
		sendHeaders: true,
		headerParameters: {
			parameters: [{ name: 'Authorization', value: '=Bearer {{ $json.token }}' }],
		},
		sendBody: true,
		specifyBody: 'json',
		jsonBody:
			'={{ JSON.stringify({ reference_id: $json.reference_id, amount: $json.amount, payment_mode: "IMPS", beneficiary_name: $json.beneficiary_name, beneficiary_account: $json.beneficiary_account, beneficiary_ifsc: $json.beneficiary_ifsc, remarks: $json.remarks }) }}',
		options: batching ? { batching: { batch: batching } } : {},
	});
	return {
		name: `bench: HTTP Request payouts ${tag}`,
		nodes: [start, token, rows, split, pay],
		connections: chain(start.name, token.name, rows.name, split.name, pay.name),
		workNodes: [token.name, pay.name],
	};
}

/** SMEPay Trigger alone (payout events); its Production URL is `/webhook/<webhookId>/webhook`. */
function triggerWorkflow({
	verify,
	credential,
	dedupe = true,
	typeVersion = 2,
	name = 'bench: SMEPay Trigger',
}) {
	const webhookId = randomUUID();
	const trigger = node(
		'SMEPay Trigger',
		`${PACKAGE}.smePayTrigger`,
		typeVersion,
		{ events: ['payout'], statuses: [], verify, options: dedupe ? {} : { dedupe: false } },
		{
			webhookId,
			credentials: { smePayDisbursementApi: { id: credential.id, name: credential.name } },
		},
	);
	return { name, nodes: [trigger], connections: {}, webhookPath: `${webhookId}/webhook` };
}

/** n8n's own Webhook node alone, answering when the run starts (like the trigger). */
function plainWebhookWorkflow({ name = 'bench: plain Webhook' } = {}) {
	const webhookId = randomUUID();
	const hook = node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		{ path: webhookId, httpMethod: 'POST', responseMode: 'onReceived', options: {} },
		{ webhookId },
	);
	return { name, nodes: [hook], connections: {}, webhookPath: webhookId };
}

module.exports = {
	smePayBatchWorkflow,
	waitForPayoutsWorkflow,
	floorBatchWorkflow,
	httpRequestBatchWorkflow,
	triggerWorkflow,
	plainWebhookWorkflow,
	PAYOUTS_PATH,
	AUTH_PATH,
};
