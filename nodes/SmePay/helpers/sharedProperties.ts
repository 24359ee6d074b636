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

/** The Options collection of an operation: its own options, then Concurrency. */
export function optionsCollection(...operationOptions: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...operationOptions, concurrencyOption],
	};
}
