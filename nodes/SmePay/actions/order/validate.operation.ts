import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { validateOrder } from '../../api/orders';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { InputChecker } from '../../validation/InputChecker';
import { readSlug, slugField } from './fields';

const properties: INodeProperties[] = [
	slugField,
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: '100.50',
		description:
			'The amount the customer had to pay, in rupees (e.g. the shop order total). The order counts as paid only when SMEPay received exactly this amount.',
	},
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['validate'] } },
	properties,
);

/**
 * Validate: is the order paid in full? Wizard asks POST /api/wiz/external/order/validate; Inline
 * DQR reads POST /api/external/qr/status. Output `valid` is the one field to branch on.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: SmePayClient,
): Promise<INodeExecutionData> {
	const check = new InputChecker(this.getNode(), itemIndex);
	const slug = readSlug(check, this.getNodeParameter('slug', itemIndex));
	const amount = check.amount('Amount', this.getNodeParameter('amount', itemIndex));
	const validation = await validateOrder(client, slug, amount, itemIndex);
	return { json: { ...validation, slug, expectedAmount: amount.text } };
}
