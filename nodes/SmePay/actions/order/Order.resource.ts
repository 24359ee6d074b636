import type { INodeProperties } from 'n8n-workflow';

import type { SmePayResource } from '../types';
import * as create from './create.operation';
import * as getStatus from './getStatus.operation';
import * as initiate from './initiate.operation';
import * as validate from './validate.operation';
import * as waitForStatus from './waitForStatus.operation';

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
			description:
				'Create a payment order; gives the slug the other operations need, and on Wizard the payment URL to send the customer',
		},
		{
			name: 'Get Status',
			value: 'getStatus',
			action: 'Get the status of an order',
			description:
				'Read the payment status once: CREATED, INITIATED, PENDING, SUCCESS, FAILED or EXPIRED',
		},
		{
			name: 'Initiate Payment',
			value: 'initiate',
			action: 'Initiate the payment of an order',
			description:
				'Inline DQR only: get the UPI payment link, app links and QR code image to send the customer',
		},
		{
			name: 'Validate',
			value: 'validate',
			action: 'Validate that an order is paid',
			description:
				'Whether SMEPay received the full amount: valid is true only then (testMode: true for a Test-mode payment)',
		},
		{
			name: 'Wait for Status',
			value: 'waitForStatus',
			action: 'Wait for the final status of an order',
			description:
				'Check the status every few seconds until the payment succeeds, fails or expires',
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
	description: [
		operationSelector,
		...create.description,
		...initiate.description,
		...getStatus.description,
		...validate.description,
		...waitForStatus.description,
	],
	operations: { create, initiate, getStatus, validate, waitForStatus },
};
