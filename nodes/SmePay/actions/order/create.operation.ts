import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { collectionPrefix } from '../../../../credentials/SmePayApi.credentials';
import { concurrencyOption } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { InputChecker } from '../../validation/InputChecker';

const properties: INodeProperties[] = [
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '100.50',
		description: 'Amount in rupees, above 0 with at most 2 decimals. Sent exactly as written.',
	},
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'ORDER-2025-0001',
		description:
			'Your own unique ID for this order (e.g. the shop order number). SMEPay refuses an ID it has seen before, so a repeated run cannot create a second order.',
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'https://your-n8n.example.com/webhook/…',
		description:
			'Where SMEPay POSTs the payment result. Paste the Production URL of an SMEPay Trigger node here to react to payments in another workflow.',
	},
	{
		displayName: 'Customer Details',
		name: 'customerDetails',
		type: 'collection',
		placeholder: 'Add customer detail',
		default: {},
		options: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'Mobile',
				name: 'mobile',
				type: 'string',
				default: '',
				placeholder: '9876543210',
				description: '10-digit Indian mobile number, optionally with +91',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [concurrencyOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['create'] } },
	properties,
);

/**
 * POST {integration}/order/create. Never repeated automatically: a retried create whose first
 * answer was lost would meet "order_id already exists" and lose the slug.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: SmePayClient,
): Promise<INodeExecutionData> {
	const check = new InputChecker(this.getNode(), itemIndex);
	const amount = check.amount('Amount', this.getNodeParameter('amount', itemIndex));
	const orderId = check.text('Order ID', this.getNodeParameter('orderId', itemIndex), {
		maxLength: 100,
	});
	const callbackUrl = this.getNodeParameter('callbackUrl', itemIndex, '') as string;
	const customer = this.getNodeParameter('customerDetails', itemIndex, {}) as IDataObject;
	const customerDetails: IDataObject = {
		...(customer.name ? { name: check.text('Customer Name', customer.name) } : {}),
		...(customer.email ? { email: check.email('Customer Email', customer.email) } : {}),
		...(customer.mobile ? { mobile: check.mobile('Customer Mobile', customer.mobile) } : {}),
	};
	const credentials = await client.credentials();

	const answer = await client.request({
		method: 'POST',
		path: `${collectionPrefix(credentials)}/order/create`,
		body: {
			client_id: credentials.clientId,
			amount: amount.text,
			order_id: orderId,
			...(callbackUrl ? { callback_url: check.url('Callback URL', callbackUrl) } : {}),
			...(Object.keys(customerDetails).length ? { customer_details: customerDetails } : {}),
		},
		retry: 'never',
		action: 'Create Order',
		itemIndex,
		noAnswerDescription: `The answer was lost, so order "${orderId}" may have been created. Check it in the SMEPay dashboard before running this item again; a re-run with the same Order ID is refused, never a second order.`,
	});
	// Wizard answers `order_slug`, Inline answers `slug`: the next steps need it under one name.
	return { json: { ...answer, slug: answer.slug ?? answer.order_slug } };
}
