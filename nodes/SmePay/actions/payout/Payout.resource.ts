import type { INodeProperties } from 'n8n-workflow';

import type { SmePayResource } from '../types';
import * as get from './get.operation';
import * as preview from './preview.operation';
import * as send from './send.operation';
import * as waitForStatus from './waitForStatus.operation';

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
		{
			name: 'Preview Payouts',
			value: 'preview',
			action: 'Preview payouts',
			description:
				'Check every row as Send would and sum it up, without sending anything: the totals, the refused rows and the fingerprint to approve',
		},
		{
			name: 'Send',
			value: 'send',
			action: 'Send a payout',
			description:
				'Pay a bank account by IMPS, NEFT or RTGS; safe to re-run, each Reference ID is paid once',
		},
		{
			name: 'Wait for Status',
			value: 'waitForStatus',
			action: 'Wait for a payout status',
			description: 'Check a payout until it is SUCCESS or FAILED, or a timeout passes',
		},
	],
	default: 'send',
};

export const payout: SmePayResource = {
	option: {
		name: 'Payout',
		value: 'payout',
		description: 'Send money to bank accounts by IMPS, NEFT or RTGS',
	},
	credentialType: 'smePayDisbursementApi',
	withoutCredential: ['preview'],
	description: [
		operationSelector,
		...preview.description,
		...send.description,
		...get.description,
		...waitForStatus.description,
	],
	operations: { send, preview, get, waitForStatus },
};
