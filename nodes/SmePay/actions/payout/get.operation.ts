import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { concurrencyOption } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { InputChecker } from '../../validation/InputChecker';

const properties: INodeProperties[] = [
	{
		displayName: 'Payout ID',
		name: 'payoutId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d',
		description: 'The `id` that Send Payout returned (a UUID)',
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
	{ show: { resource: ['payout'], operation: ['get'] } },
	properties,
);

/** GET /api/v1/disbursement/payouts/{id} → the payout object. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: SmePayClient,
): Promise<INodeExecutionData> {
	const payoutId = new InputChecker(this.getNode(), itemIndex).uuid(
		'Payout ID',
		this.getNodeParameter('payoutId', itemIndex),
	);
	return { json: await getPayout(client, payoutId, itemIndex) };
}

export async function getPayout(client: SmePayClient, payoutId: string, itemIndex: number) {
	const answer = await client.request<{ data: IDataObject }>({
		method: 'GET',
		path: `/api/v1/disbursement/payouts/${encodeURIComponent(payoutId)}`,
		retry: 'safe',
		action: 'Get Payout',
		itemIndex,
	});
	return answer.data;
}
