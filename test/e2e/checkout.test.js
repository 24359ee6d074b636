'use strict';
// examples/checkout.json, activated as a shop would use it: an order posted to its webhook goes
// through Create Order → Initiate Payment (UPI link + QR PNG) → (email, disabled out of the box)
// → Wait For Payment, which waits while the customer pays (here: the sandbox's control API
// settles the order mid-run) and ends in the Paid? branch that matches SMEPay's answer. The order
// is recorded in the SMEPay orders Data Table and claimed (fulfilled once) before Mark order paid.
const { connectStack, waitFor, nodeOutput } = require('./stackClient');
const { dataTables } = require('../../scripts/n8n/dataTables');

const WORKFLOW = 'SMEPay example: checkout with a UPI QR';
let stack;
let workflowId;

beforeAll(async () => {
	stack = await connectStack();
	workflowId = stack.workflowId(WORKFLOW);
	await stack.api.activateWorkflow(workflowId);
});

afterAll(async () => {
	await stack.api.deactivateWorkflow(workflowId).catch(() => {});
});

test('the checkout form is served at its production URL', async () => {
	const response = await fetch(`${stack.state.baseUrl}/form/pay-with-upi`);
	expect(response.status).toBe(200);
	const html = await response.text();
	expect(html).toContain('Pay with UPI');
	expect(html).toContain('Amount (₹)');
});

/** A shop posts an order; the customer pays (or fails) while the workflow waits. */
async function checkout(outcome) {
	const orderId = `E2E-${Date.now().toString(36)}-${outcome}`;
	const known = new Set((await stack.executions(workflowId)).map((e) => e.id));
	const response = await fetch(stack.webhookUrl('smepay-checkout'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			order_id: orderId,
			amount: '249.00',
			name: 'Asha Verma',
			email: 'asha@example.com',
			mobile: '9876543210',
		}),
		signal: AbortSignal.timeout(10_000),
	});
	expect(response.status).toBe(200);

	const order = await waitFor(`order ${orderId} initiated in the sandbox`, async () =>
		(await stack.ledger()).orders.find(
			(o) => o.ref_id === orderId && o.payment_status === 'INITIATED',
		),
	);
	const started = await waitFor('the execution the webhook started', async () =>
		(await stack.executions(workflowId)).find((e) => !known.has(e.id)),
	);
	// The workflow is now in Wait For Payment: it must still be running when the customer pays.
	const { data: running } = await stack.api.get(`/rest/executions/${started.id}`);
	expect(running.finished).toBe(false);

	await stack.control('POST', `/orders/${order.slug}/pay`, {});
	await stack.control('POST', `/orders/${order.slug}/settle`, { status: outcome });
	const execution = await stack.api.waitForExecution(started.id, { timeoutMs: 60_000 });
	expect(execution.data.resultData.error).toBeUndefined();
	expect(execution.status).toBe('success');
	return { orderId, order, execution };
}

test('paid order: UPI link and QR image made, the run waits for SMEPay and ends in Mark order paid', async () => {
	const { orderId, order, execution } = await checkout('SUCCESS');

	const [created] = nodeOutput(execution, 'Create Order');
	expect(created.json.slug).toBe(order.slug);
	const [initiated] = nodeOutput(execution, 'Initiate Payment');
	expect(initiated.json.payment_link).toMatch(/^upi:\/\//);
	expect(initiated.binary.qr.mimeType).toBe('image/png');
	const png = await stack.binaryText(initiated.binary.qr);
	expect(png.slice(1, 4)).toBe('PNG');

	const [waited] = nodeOutput(execution, 'Wait For Payment');
	expect(waited.json.payment_status).toBe('SUCCESS');
	expect(nodeOutput(execution, 'Not paid')).toBeUndefined();
	const [claimed] = nodeOutput(execution, 'Claim order');
	expect(claimed.json).toMatchObject({
		order_id: orderId,
		slug: order.slug,
		amount: '249.00',
		status: 'paid',
		fulfilled: true,
		fulfilled_by: String(execution.id),
	});
	const [paid] = nodeOutput(execution, 'Mark order paid');
	expect(paid.json).toMatchObject({ orderId, paid: true });
	expect(await orderRows(orderId)).toEqual([claimed.json]);

	const settled = (await stack.ledger()).orders.find((o) => o.slug === order.slug);
	expect(settled.payment_status).toBe('SUCCESS');
	expect(settled.customer_details).toMatchObject({ email: 'asha@example.com' });
});

test('failed payment: the run ends in Not paid with SMEPay status', async () => {
	const { orderId, execution } = await checkout('FAILED');
	expect(nodeOutput(execution, 'Mark order paid')).toBeUndefined();
	const [notPaid] = nodeOutput(execution, 'Not paid');
	expect(notPaid.json).toMatchObject({ orderId, paid: false, status: 'FAILED' });
	// Recorded, not claimed: still there to be fulfilled if SMEPay later reports it paid.
	expect(nodeOutput(execution, 'Claim order')).toBeUndefined();
	const rows = await orderRows(orderId);
	expect(rows).toHaveLength(1);
	expect(rows[0]).toMatchObject({ status: 'pending', fulfilled: false, fulfilled_by: null });
});

async function orderRows(orderId) {
	const tables = dataTables(stack.api);
	const table = await tables.find('SMEPay orders');
	return (await tables.listRows(table.id)).filter((row) => row.order_id === orderId);
}
