import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, DEFAULT_REQUEST_TIMEOUT_SECONDS } from '../helpers/sharedProperties';
import { runItems } from '../helpers/runItems';
import { SmePayClient } from '../transport/SmePayClient';
import { merchant } from './merchant/Merchant.resource';
import { order } from './order/Order.resource';
import { payout } from './payout/Payout.resource';
import type { SmePayResource } from './types';

export const resources: Record<string, SmePayResource> = { order, payout, merchant };

/** Dispatches on resource/operation and runs the operation once per item (or once for all). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resourceName = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const resource = resources[resourceName];
	const operation = resource?.operations[operationName];
	if (operation === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resourceName}" is not supported`,
		);
	}

	const itemCount = this.getInputData().length;
	if ('executeInput' in operation) return [await operation.executeInput.call(this, itemCount)];
	const concurrency = this.getNodeParameter(
		'options.concurrency',
		0,
		DEFAULT_CONCURRENCY,
	) as number;
	const requestTimeout = this.getNodeParameter(
		'options.requestTimeout',
		0,
		DEFAULT_REQUEST_TIMEOUT_SECONDS,
	) as number;
	const client = new SmePayClient(this, resource.credentialType, {
		timeoutMs: requestTimeout * 1000,
	});
	const batch = (await operation.prepareBatch?.call(this, itemCount)) as never;
	const { describeStop } = operation;

	return [
		await runItems(
			this,
			itemCount,
			concurrency,
			async (itemIndex) => await operation.execute.call(this, itemIndex, client, batch),
			describeStop && ((stop) => describeStop.call(this, stop)),
		),
	];
}
