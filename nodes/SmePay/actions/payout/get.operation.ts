import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asItemJson } from '../../api/answers';
import { getPayout } from '../../api/payouts';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { InputChecker } from '../../validation/InputChecker';
import { payoutIdField } from './fields';

const properties: INodeProperties[] = [payoutIdField, optionsCollection()];

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
	return { json: asItemJson(await getPayout(client, payoutId, itemIndex)) };
}
