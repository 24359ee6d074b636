import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export type ItemTask = (itemIndex: number) => Promise<INodeExecutionData | INodeExecutionData[]>;

/** Fields an operation wants on its Continue On Fail item besides the error (e.g. a reference id). */
export function withItemOutput<E extends Error>(error: E, fields: IDataObject): E {
	const withContext = error as E & { context?: IDataObject };
	withContext.context = { ...withContext.context, itemOutput: fields };
	return error;
}

/**
 * Runs one task per input item, at most `concurrency` at a time, and returns the outputs in input
 * order, each with its `pairedItem`. With Continue On Fail a failed item becomes an output item
 * carrying `error`; otherwise no new item starts after a failure, the items already running finish
 * (their money calls cannot be called back) and then the first failure is thrown.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	itemCount: number,
	concurrency: number,
	task: ItemTask,
): Promise<INodeExecutionData[]> {
	const outputs: INodeExecutionData[][] = new Array(itemCount);
	const continueOnFail = ctx.continueOnFail();
	let next = 0;
	const failures: Array<{ itemIndex: number; error: Error }> = [];

	const worker = async () => {
		while (failures.length === 0 && next < itemCount) {
			const itemIndex = next++;
			try {
				const result = await task(itemIndex);
				outputs[itemIndex] = (Array.isArray(result) ? result : [result]).map((item) => ({
					...item,
					pairedItem: { item: itemIndex },
				}));
			} catch (error) {
				if (continueOnFail) {
					outputs[itemIndex] = [errorItem(error, itemIndex)];
				} else {
					failures.push({ itemIndex, error });
				}
			}
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, itemCount));
	await Promise.all(Array.from({ length: workers }, worker));

	if (failures.length > 0) {
		const first = failures.reduce((a, b) => (b.itemIndex < a.itemIndex ? b : a));
		throw asItemError(ctx, first.error, first.itemIndex);
	}
	return outputs.flat();
}

function errorItem(
	error: Error & { description?: string; httpCode?: string; context?: IDataObject },
	itemIndex: number,
): INodeExecutionData {
	return {
		json: {
			error: error.message,
			...(error.description && { errorDescription: error.description }),
			...(error.httpCode && { httpCode: error.httpCode }),
			...((error.context?.itemOutput as IDataObject | undefined) ?? {}),
		},
		pairedItem: { item: itemIndex },
	};
}

// n8n's own errors (NodeApiError, NodeOperationError) carry a `context`; anything else is wrapped.
// Checked by shape, not instanceof: n8n may load a different copy of n8n-workflow than the package.
function asItemError(
	ctx: IExecuteFunctions,
	error: Error & { context?: IDataObject },
	itemIndex: number,
) {
	if (error.context !== undefined && typeof error.context === 'object') {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error, { itemIndex });
}
