import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { InputChecker } from '../validation/InputChecker';
import type { Poll } from './pollAll';

const pollIntervalProperty: INodeProperties = {
	displayName: 'Poll Interval (Seconds)',
	name: 'pollInterval',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 60 },
	default: 4,
	description: 'How often to ask SMEPay for the status. SMEPay recommends every 3 to 5 seconds.',
};

const timeoutProperty: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 3600 },
	default: 360,
};

/** Poll Interval and Timeout, shared by the Wait for Status operations. */
export function waitProperties(timeout: {
	default: number;
	description: string;
}): INodeProperties[] {
	return [pollIntervalProperty, { ...timeoutProperty, ...timeout }];
}

/** The checked timing of one item's wait, for pollAll. */
export function readWaitTiming(
	ctx: IExecuteFunctions,
	check: InputChecker,
	defaultTimeout: number,
): Pick<Poll<unknown>, 'intervalMs' | 'timeoutMs'> {
	const { itemIndex } = check;
	const pollInterval = check.seconds(
		'Poll Interval',
		ctx.getNodeParameter('pollInterval', itemIndex, 4),
		1,
		60,
	);
	const timeout = check.seconds(
		'Timeout',
		ctx.getNodeParameter('timeout', itemIndex, defaultTimeout),
		1,
		3600,
	);
	return { intervalMs: pollInterval * 1000, timeoutMs: timeout * 1000 };
}
