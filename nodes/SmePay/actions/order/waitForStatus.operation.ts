import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { FINAL_ORDER_STATUSES, getOrderStatus } from '../../api/orders';
import { plainStatus, type OrderStatus } from '../../api/schemas';
import { readWaitTiming, waitProperties } from '../../helpers/waitParameters';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import { waitForAll } from '../../helpers/waitForAll';
import { InputChecker } from '../../validation/InputChecker';
import type { WholeInput } from '../types';
import { readStatusTarget, slugField, statusOrderIdField } from './fields';

const properties: INodeProperties[] = [
	slugField,
	statusOrderIdField,
	...waitProperties({
		default: 360,
		description:
			'How long to wait at most, for all items together (they wait at the same time). An unpaid order expires after 5 minutes, so the default of 360 seconds sees every order end. At the timeout the item comes out with `timedOut` true.',
	}),
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['waitForStatus'] } },
	properties,
);

/**
 * Wait for Status: polls POST /api/external/qr/status for every item together until each is
 * SUCCESS, FAILED or EXPIRED, or the one timeout. Outputs each last status with `timedOut`.
 */
export async function executeInput(
	this: IExecuteFunctions,
	itemCount: number,
	{ client, concurrency }: WholeInput,
): Promise<INodeExecutionData[]> {
	return await waitForAll<OrderStatus>(this, itemCount, concurrency, (itemIndex) => {
		const check = new InputChecker(this.getNode(), itemIndex);
		const { slug, orderId } = readStatusTarget(this, check);
		return {
			read: async () => await getOrderStatus(client, slug, orderId, itemIndex),
			isFinal: (status) => FINAL_ORDER_STATUSES.includes(plainStatus(status.payment_status)),
			...readWaitTiming(this, check, 360),
			output: (last, timedOut) => ({ ...last, slug, timedOut }),
		};
	});
}
