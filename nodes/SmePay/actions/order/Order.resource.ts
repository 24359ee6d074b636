import type { INodeProperties } from 'n8n-workflow';

import type { SmePayResource } from '../types';
import * as create from './create.operation';

const operationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['order'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create an order',
			description: 'Create a payment order; gives the slug the other operations need',
		},
	],
	default: 'create',
};

export const order: SmePayResource = {
	option: {
		name: 'Order',
		value: 'order',
		description: 'Collect a UPI payment from a customer',
	},
	credentialType: 'smePayApi',
	description: [operationSelector, ...create.description],
	operations: { create },
};
