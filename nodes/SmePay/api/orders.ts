import type { IDataObject } from 'n8n-workflow';

import { collectionPrefix, INTEGRATION_PREFIX } from '../../../credentials/common/environment';
import type { SmePayClient } from '../transport/SmePayClient';
import { formatRupees, parseAmount } from '../validation/amount';
import { readAnswer, unexpectedAnswer, type AnswerContext } from './answers';
import {
	createdOrderSchema,
	initiatedOrderSchema,
	orderStatusSchema,
	wizardValidationSchema,
	type CreatedOrder,
	type InitiatedOrder,
	type OrderStatus,
	type WizardValidation,
} from './schemas';

/**
 * The collection endpoints, one function each, as the Postman collection gives them. Shared by
 * the SMEPay node's order operations and the trigger's payment verification.
 */

export const FINAL_ORDER_STATUSES = ['SUCCESS', 'FAILED', 'EXPIRED'];

export interface CreateOrderInput {
	amount: string;
	orderId: string;
	callbackUrl?: string;
	customerDetails?: IDataObject;
}

/** POST {wizard|inline}/order/create: never retried (a lost answer would lose the slug). */
export async function createOrder(
	client: SmePayClient,
	input: CreateOrderInput,
	itemIndex: number,
): Promise<CreatedOrder> {
	const credentials = await client.credentials();
	const mayExist = `Order "${input.orderId}" may have been created: check it in the SMEPay dashboard before running this item again; a re-run with the same Order ID is refused, never a second order.`;
	const answer = await client.request<unknown>({
		method: 'POST',
		path: `${collectionPrefix(credentials)}/order/create`,
		body: {
			client_id: credentials.clientId,
			amount: input.amount,
			order_id: input.orderId,
			...(input.callbackUrl ? { callback_url: input.callbackUrl } : {}),
			...(input.customerDetails && Object.keys(input.customerDetails).length
				? { customer_details: input.customerDetails }
				: {}),
		},
		retry: 'never',
		action: 'Create Order',
		itemIndex,
		noAnswerDescription: `The answer was lost, so order "${input.orderId}" may have been created. Check it in the SMEPay dashboard before running this item again; a re-run with the same Order ID is refused, never a second order.`,
	});
	const context: AnswerContext = { action: 'Create Order', itemIndex, whatToDo: mayExist };
	const order = readAnswer(createdOrderSchema, answer, context);
	const asked = parseAmount(input.amount);
	if (order.amount !== undefined && asked !== undefined) {
		const answered = parseAmount(order.amount);
		if (answered?.paise !== asked.paise) {
			throw unexpectedAnswer(
				context,
				`is for another order: it answered for ${answered ? formatRupees(answered.paise) : `"${String(order.amount)}"`}, but this order asked ${formatRupees(asked.paise)}`,
			);
		}
	}
	// Wizard answers `order_slug`, Inline answers `slug`: the next steps need it under one name.
	return { ...order, slug: (order.slug ?? order.order_slug) as string };
}

/** POST /api/external/order/initiate (Inline DQR only): UPI link, app intents and QR. */
export async function initiateOrder(
	client: SmePayClient,
	slug: string,
	itemIndex: number,
): Promise<InitiatedOrder> {
	const credentials = await client.credentials();
	const answer = await client.request<unknown>({
		method: 'POST',
		path: `${INTEGRATION_PREFIX.inline}/order/initiate`,
		body: { slug, client_id: credentials.clientId },
		retry: 'never',
		action: 'Initiate Payment',
		itemIndex,
	});
	return readAnswer(initiatedOrderSchema, answer, {
		action: 'Initiate Payment',
		itemIndex,
		whatToDo:
			'The order may now be initiated, and Initiate works once per order: check it with Get Status. If the customer has no payment link, create a new order (with a new Order ID).',
	});
}

/**
 * POST /api/external/qr/status: the one documented status call. It needs no token, and SMEPay
 * answers it for orders of either integration.
 */
export async function getOrderStatus(
	client: SmePayClient,
	slug: string,
	orderId: string | undefined,
	itemIndex: number,
): Promise<OrderStatus> {
	const answer = await requestOrderStatus(client, slug, orderId, itemIndex);
	return readAnswer(orderStatusSchema, answer, {
		action: 'Get Order Status',
		itemIndex,
		whatToDo: READ_AGAIN,
	});
}

/** POST /api/external/qr/status: SMEPay's answer as it came, not yet read against the schema. */
export async function requestOrderStatus(
	client: SmePayClient,
	slug: string,
	orderId: string | undefined,
	itemIndex: number,
): Promise<unknown> {
	const credentials = await client.credentials();
	return await client.request<unknown>({
		method: 'POST',
		path: `${INTEGRATION_PREFIX.inline}/qr/status`,
		body: { client_id: credentials.clientId, slug, ...(orderId ? { ref_id: orderId } : {}) },
		authenticated: false,
		retry: 'safe',
		action: 'Get Order Status',
		itemIndex,
	});
}

/** POST /api/wiz/external/order/validate (Wizard). */
export async function validateWizardOrder(
	client: SmePayClient,
	slug: string,
	amount: string,
	itemIndex: number,
): Promise<WizardValidation> {
	const credentials = await client.credentials();
	const answer = await client.request<unknown>({
		method: 'POST',
		path: `${INTEGRATION_PREFIX.wizard}/order/validate`,
		body: { client_id: credentials.clientId, amount: Number(amount), slug },
		retry: 'safe',
		action: 'Validate Order',
		itemIndex,
	});
	return readAnswer(wizardValidationSchema, answer, {
		action: 'Validate Order',
		itemIndex,
		whatToDo: `${READ_AGAIN} Do not fulfil the order until Validate answers valid: true.`,
	});
}

/** Said when a read (status, validate) comes back unexpected: reads change nothing. */
const READ_AGAIN =
	'This call only reads, so nothing was changed: run it again later. If it persists, check the order in the SMEPay dashboard, and what is between this n8n and SMEPay (a proxy).';
