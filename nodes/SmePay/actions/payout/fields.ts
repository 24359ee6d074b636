import type { INodeProperties } from 'n8n-workflow';

/** The Payout ID parameter, the same in Get and Wait for Status. */
export const payoutIdField: INodeProperties = {
	displayName: 'Payout ID',
	name: 'payoutId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d',
	description: 'The payout ID that Send Payout returned (a UUID)',
};
