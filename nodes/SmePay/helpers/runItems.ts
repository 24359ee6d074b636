import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export type ItemTask = (itemIndex: number) => Promise<INodeExecutionData | INodeExecutionData[]>;

/**
 * The run stopped at `itemIndex` (the first item that failed): `completed` holds the outputs of
 * every item that finished, `otherFailures` the items that failed alongside it.
 */
export interface StoppedRun {
	itemIndex: number;
	error: Error;
	completed: Map<number, INodeExecutionData[]>;
	otherFailures: Array<{ itemIndex: number; error: Error }>;
}

/** Lets an operation say, in the error that stops the node, what the finished items did. */
export type StopHandler = (stop: StoppedRun) => Error;

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
 * (their money calls cannot be called back) and then the first failure is thrown, after `onStop`
 * has had the chance to add what the finished items did.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	itemCount: number,
	concurrency: number,
	task: ItemTask,
	onStop?: StopHandler,
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
		const completed = new Map<number, INodeExecutionData[]>();
		outputs.forEach((items, itemIndex) => completed.set(itemIndex, items));
		const otherFailures = failures
			.filter((failure) => failure !== first)
			.sort((a, b) => a.itemIndex - b.itemIndex);
		const error = onStop ? onStop({ ...first, completed, otherFailures }) : first.error;
		throw asItemError(ctx, error, first.itemIndex);
	}
	return outputs.flat();
}

/** The output item of a failed item under Continue On Fail: the error, its hint and its context. */
export function errorItem(
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

// The error that stops the node at `itemIndex`. n8n's own errors (NodeApiError, NodeOperationError)
// go as they are; anything else is wrapped, keeping its description and context. Checked by name,
// not instanceof: n8n may load a different copy of n8n-workflow than the package.
export function asItemError(
	ctx: IExecuteFunctions,
	error: Error & { context?: IDataObject; description?: string },
	itemIndex: number,
) {
	if (N8N_ERRORS.includes(error.name) && typeof error.context === 'object') {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	const wrapped = new NodeOperationError(ctx.getNode(), error.message, {
		itemIndex,
		...(error.description && { description: error.description }),
	});
	Object.assign(wrapped.context, error.context, { itemIndex });
	return wrapped;
}

const N8N_ERRORS = ['NodeApiError', 'NodeOperationError'];
