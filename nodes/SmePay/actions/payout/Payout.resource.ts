import type { INodeProperties } from 'n8n-workflow';

import type { SmePayResource } from '../types';
import * as get from './get.operation';

const operationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['payout'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			action: 'Get a payout',
			description: 'Read a payout: status, fee, UTR when paid, failure reason when failed',
		},
	],
	default: 'get',
};

export const payout: SmePayResource = {
	option: {
		name: 'Payout',
		value: 'payout',
		description: 'Send money to bank accounts by IMPS, NEFT or RTGS',
	},
	credentialType: 'smePayDisbursementApi',
	description: [operationSelector, ...get.description],
	operations: { get },
};
