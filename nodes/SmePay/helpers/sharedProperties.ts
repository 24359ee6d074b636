import type { INodeProperties } from 'n8n-workflow';

/** How many items are sent to SMEPay at the same time; every operation offers it in Options. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: 5,
	description:
		'How many items are sent to SMEPay at the same time. Output keeps the input order. Lower it if SMEPay answers "rate limit exceeded".',
};

export const DEFAULT_CONCURRENCY = 5;
