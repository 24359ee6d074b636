import type { INodeProperties } from 'n8n-workflow';

import type { SmePayResource } from '../types';
import * as create from './create.operation';

const operationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['merchant'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a merchant',
			description:
				'Onboard a merchant under your partner account; gives its business ID and KYC link',
		},
	],
	default: 'create',
};

export const merchant: SmePayResource = {
	option: {
		name: 'Merchant',
		value: 'merchant',
		description: 'Onboard merchants as an SMEPay partner',
	},
	credentialType: 'smePayPartnerApi',
	description: [operationSelector, ...create.description],
	operations: { create },
};
