import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_CONCURRENCY = 5;

/** How many items are sent to SMEPay at the same time; every operation offers it in Options. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: DEFAULT_CONCURRENCY,
	description:
		'How many items are sent to SMEPay at the same time. Output keeps the input order. Lower it if SMEPay answers "rate limit exceeded".',
};

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/** How long one call may take before it counts as lost (and, where safe, is retried). */
export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 300 },
	default: DEFAULT_REQUEST_TIMEOUT_SECONDS,
	description:
		'How long to wait for SMEPay to answer one call. Reads and payouts that time out are retried safely; an order whose creation timed out is not created twice.',
};

/** The Options collection of an operation: its own options, then Concurrency and Request Timeout. */
export function optionsCollection(...operationOptions: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...operationOptions, concurrencyOption, requestTimeoutOption],
	};
}
