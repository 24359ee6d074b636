import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { pollAll, type Poll } from './pollAll';
import { asItemError, errorItem } from './runItems';

/** One item's wait: how to read its status, and the output item once it ends. */
export interface ItemWait<T> extends Poll<T> {
	output: (last: T, timedOut: boolean) => IDataObject;
}

/**
 * Wait for Status over the whole input: every item's input is checked first (a bad one is refused,
 * naming the item, before any call), then all items wait together (pollAll), so the input ends
 * within one Timeout. Outputs keep the input order and their `pairedItem`. With Continue On Fail
 * an item that is refused or whose status call fails becomes its own error item and the others go
 * on; without it, the first such item stops the node.
 */
export async function waitForAll<T>(
	ctx: IExecuteFunctions,
	itemCount: number,
	concurrency: number,
	startWait: (itemIndex: number) => ItemWait<T>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const outputs: INodeExecutionData[] = new Array(itemCount);
	const fail = (itemIndex: number, error: Error) => {
		if (!continueOnFail) throw asItemError(ctx, error, itemIndex);
		outputs[itemIndex] = errorItem(error, itemIndex);
	};

	const waits: Array<{ itemIndex: number; wait: ItemWait<T> }> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			waits.push({ itemIndex, wait: startWait(itemIndex) });
		} catch (error) {
			fail(itemIndex, error as Error);
		}
	}

	await pollAll(
		waits.map(({ wait }) => wait),
		{ concurrency, signal: ctx.getExecutionCancelSignal() },
		(index, outcome) => {
			const { itemIndex, wait } = waits[index];
			if ('error' in outcome) return fail(itemIndex, outcome.error);
			outputs[itemIndex] = {
				json: wait.output(outcome.last, outcome.timedOut),
				pairedItem: { item: itemIndex },
			};
		},
	);
	return outputs;
}
