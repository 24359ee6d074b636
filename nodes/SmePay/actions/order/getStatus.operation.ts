import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getOrderStatus } from '../../api/orders';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { InputChecker } from '../../validation/InputChecker';
import { readStatusTarget, slugField, statusOrderIdField } from './fields';

const properties: INodeProperties[] = [slugField, statusOrderIdField, optionsCollection()];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['getStatus'] } },
	properties,
);

/** Get Status: POST /api/external/qr/status → payment_status (CREATED … SUCCESS), amount, times. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: SmePayClient,
): Promise<INodeExecutionData> {
	const check = new InputChecker(this.getNode(), itemIndex);
	const { slug, orderId } = readStatusTarget(this, check);
	const status = await getOrderStatus(client, slug, orderId, itemIndex);
	return { json: { ...status, slug } };
}
