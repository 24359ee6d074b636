import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asItemJson } from '../../api/answers';
import { createMerchant } from '../../api/merchants';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { InputChecker } from '../../validation/InputChecker';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Asha Verma',
		description: "The merchant's contact person",
	},
	{
		displayName: 'Business Name',
		name: 'businessName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Asha Sweets',
		description: 'The name customers know the business by',
	},
	{
		displayName: 'Company Name',
		name: 'companyName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Asha Foods Private Limited',
		description: 'The registered (legal) name of the company',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: "The merchant's email. SMEPay accepts each email for one merchant only.",
	},
	{
		displayName: 'Mobile',
		name: 'mobile',
		type: 'string',
		required: true,
		default: '',
		placeholder: '9876543210',
		description: '10-digit Indian mobile number, optionally with +91',
	},
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['merchant'], operation: ['create'] } },
	properties,
);

/** Create Merchant: POST /api/partner/merchants/extended → { business_id, kyc_url, message }. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: SmePayClient,
): Promise<INodeExecutionData> {
	const check = new InputChecker(this.getNode(), itemIndex);
	const input = {
		name: check.text('Name', this.getNodeParameter('name', itemIndex)),
		businessName: check.text('Business Name', this.getNodeParameter('businessName', itemIndex)),
		companyName: check.text('Company Name', this.getNodeParameter('companyName', itemIndex)),
		email: check.email('Email', this.getNodeParameter('email', itemIndex)),
		// SMEPay takes the 10 digits alone.
		mobile: check.mobile('Mobile', this.getNodeParameter('mobile', itemIndex)).slice(-10),
	};
	return { json: asItemJson(await createMerchant(client, input, itemIndex)) };
}
