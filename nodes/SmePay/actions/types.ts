import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { StoppedRun } from '../helpers/runItems';
import type { SmePayClient, SmePayCredentialType } from '../transport/SmePayClient';

/** One operation of a resource: its parameters and how one item is executed. */
export interface SmePayOperation<Batch = unknown> {
	description: INodeProperties[];
	/** Optional checks across all items before any of them runs (e.g. repeated reference ids). */
	prepareBatch?: (this: IExecuteFunctions, itemCount: number) => Promise<Batch> | Batch;
	execute: (
		this: IExecuteFunctions,
		itemIndex: number,
		client: SmePayClient,
		batch: Batch,
	) => Promise<INodeExecutionData | INodeExecutionData[]>;
	/** Optional: the error that stops the node, told what the items that finished did. */
	describeStop?: (this: IExecuteFunctions, stop: StoppedRun) => Error;
}

/** What an operation that runs the whole input at once is given. */
export interface WholeInput {
	itemCount: number;
	client: SmePayClient;
	/** The node's Concurrency option: at most this many calls at a time. */
	concurrency: number;
}

/**
 * An operation that takes the whole input at once instead of item by item (Wait for Status: all
 * items wait together). It returns the output items, each with its `pairedItem`, and handles
 * Continue On Fail itself.
 */
export interface WholeInputOperation {
	description: INodeProperties[];
	executeAll: (this: IExecuteFunctions, input: WholeInput) => Promise<INodeExecutionData[]>;
}

export interface SmePayResource {
	/** The option the resource selector shows. */
	option: INodePropertyOptions;
	credentialType: SmePayCredentialType;
	/** Operation selector and every operation's parameters. */
	description: INodeProperties[];
	operations: Record<string, RegisteredOperation>;
}

/** An operation of any batch type: the router hands each the batch its own prepareBatch made. */
export type RegisteredOperation =
	| (Omit<SmePayOperation<never>, 'prepareBatch'> & {
			prepareBatch?: (this: IExecuteFunctions, itemCount: number) => unknown;
	  })
	| WholeInputOperation;
