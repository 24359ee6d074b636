import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { FINAL_PAYOUT_STATUSES, getPayout } from '../../api/payouts';
import { plainStatus, type Payout } from '../../api/schemas';
import { readWaitTiming, waitProperties } from '../../helpers/waitParameters';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import { waitForAll } from '../../helpers/waitForAll';
import { InputChecker } from '../../validation/InputChecker';
import type { WholeInput } from '../types';
import { payoutIdField } from './fields';

const properties: INodeProperties[] = [
	payoutIdField,
	...waitProperties({
		default: 300,
		description:
			'How long to wait at most, for all items together (they wait at the same time). IMPS usually ends within seconds; NEFT goes in bank batches and can take hours, so for NEFT use a Callback URL with the SMEPay Trigger instead. At the timeout the item comes out with `timedOut` true and the last status seen.',
	}),
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['payout'], operation: ['waitForStatus'] } },
	properties,
);

/**
 * Wait for Status: polls GET /api/v1/disbursement/payouts/{id} for every item together until each
 * is SUCCESS or FAILED, or the one timeout. Outputs each payout with `timedOut` (true when it was
 * still on its way).
 */
export async function executeInput(
	this: IExecuteFunctions,
	itemCount: number,
	{ client, concurrency }: WholeInput,
): Promise<INodeExecutionData[]> {
	return await waitForAll<Payout>(this, itemCount, concurrency, (itemIndex) => {
		const check = new InputChecker(this.getNode(), itemIndex);
		const payoutId = check.uuid('Payout ID', this.getNodeParameter('payoutId', itemIndex));
		return {
			read: async () => await getPayout(client, payoutId, itemIndex),
			isFinal: (payout) => FINAL_PAYOUT_STATUSES.includes(plainStatus(payout.status)),
			...readWaitTiming(this, check, 300),
			output: (last, timedOut) => ({ ...last, timedOut }),
		};
	});
}
