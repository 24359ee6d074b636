import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { asItemJson } from '../../api/answers';
import { createOrder } from '../../api/orders';
import { optionsCollection } from '../../helpers/sharedProperties';
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
			'Where SMEPay POSTs the payment result. Paste the Production URL of an SMEPay Trigger node here (with ?token=… when it has a Secret): it checks each payment with SMEPay and starts its workflow.',
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
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['create'] } },
	properties,
);

/** Create Order: checks the inputs, then POST {integration}/order/create. */
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
	const order = await createOrder(
		client,
		{
			amount: amount.text,
			orderId,
			callbackUrl: callbackUrl ? check.url('Callback URL', callbackUrl) : undefined,
			customerDetails,
		},
		itemIndex,
	);
	return { json: asItemJson(order) };
}
