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

export interface SmePayResource {
	/** The option the resource selector shows. */
	option: INodePropertyOptions;
	credentialType: SmePayCredentialType;
	/** Operations that call nothing, so ask for no credential (Preview Payouts). */
	withoutCredential?: string[];
	/** Operation selector and every operation's parameters. */
	description: INodeProperties[];
	operations: Record<string, RegisteredOperation>;
}

/**
 * An operation that answers for the whole input at once (Preview Payouts: one item for all rows),
 * returning its items with their `pairedItem`.
 */
export interface WholeInputOperation {
	description: INodeProperties[];
	executeInput: (this: IExecuteFunctions, itemCount: number) => Promise<INodeExecutionData[]>;
}

/** An operation of any batch type: the router hands each the batch its own prepareBatch made. */
export type RegisteredOperation =
	| (Omit<SmePayOperation<never>, 'prepareBatch'> & {
			prepareBatch?: (this: IExecuteFunctions, itemCount: number) => unknown;
	  })
	| WholeInputOperation;
