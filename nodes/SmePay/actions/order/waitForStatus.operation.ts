import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { FINAL_ORDER_STATUSES, getOrderStatus } from '../../api/orders';
import { plainStatus } from '../../api/schemas';
import { pollUntil } from '../../helpers/pollUntil';
import { readWaitTiming, waitProperties } from '../../helpers/waitParameters';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { InputChecker } from '../../validation/InputChecker';
import { readStatusTarget, slugField, statusOrderIdField } from './fields';

const properties: INodeProperties[] = [
	slugField,
	statusOrderIdField,
	...waitProperties({
		default: 360,
		description:
			'How long to wait at most. An unpaid order expires after 5 minutes, so the default of 360 seconds sees every order end. At the timeout the item comes out with `timedOut` true.',
	}),
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['waitForStatus'] } },
	properties,
);

/**
 * Wait for Status: polls POST /api/external/qr/status until SUCCESS, FAILED or EXPIRED, or the
 * timeout. Outputs the last status with `timedOut`.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: SmePayClient,
): Promise<INodeExecutionData> {
	const check = new InputChecker(this.getNode(), itemIndex);
	const { slug, orderId } = readStatusTarget(this, check);

	const { last, timedOut } = await pollUntil({
		read: async () => await getOrderStatus(client, slug, orderId, itemIndex),
		isFinal: (status) => FINAL_ORDER_STATUSES.includes(plainStatus(status.payment_status)),
		...readWaitTiming(this, check, 360),
	});
	return { json: { ...last, slug, timedOut } };
}
