import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources, router } from './actions/router';

export class SmePay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMEPay',
		name: 'smePay',
		icon: { light: 'file:../../icons/smepay.svg', dark: 'file:../../icons/smepay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Collect UPI payments, send bank payouts and onboard merchants with SMEPay',
		defaults: { name: 'SMEPay' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: Object.values(resources).map((resource) => ({
			name: resource.credentialType,
			required: true,
			displayOptions: {
				show: { resource: [resource.option.value] },
				...(resource.withoutCredential && { hide: { operation: resource.withoutCredential } }),
			},
		})),
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: Object.values(resources).map((resource) => resource.option),
				default: 'order',
			},
			...Object.values(resources).flatMap((resource) => resource.description),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
