import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { initiateOrder } from '../../api/orders';
import { optionsCollection } from '../../helpers/sharedProperties';
import { updateDisplayOptions } from '../../helpers/updateDisplayOptions';
import type { SmePayClient } from '../../transport/SmePayClient';
import { InputChecker } from '../../validation/InputChecker';
import { readSlug, slugField } from './fields';
import { pngFromDataUrl } from './qrImage';

const properties: INodeProperties[] = [
	{
		...slugField,
		description: `${slugField.description} Initiate works once per order, within 5 minutes of Create Order.`,
	},
	optionsCollection(
		{
			displayName: 'QR Code as Image',
			name: 'qrBinary',
			type: 'boolean',
			default: true,
			description:
				'Whether to output the QR code as a PNG file that an Email, Gmail or WhatsApp node can attach directly. When on, the long `qr_code` text is left out of the JSON (the file holds the same image); turn it off to get only that text (a data:image/png;base64 URL).',
		},
		{
			displayName: 'Put QR Image in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'qr',
			description:
				'The binary field name for the QR image; the attachment field of the next node must use the same name',
		},
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['initiate'] } },
	properties,
);

/**
 * Initiate Payment (Inline DQR only): POST /api/external/order/initiate → UPI link, app intents
 * and the QR code, as a PNG file when asked.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: SmePayClient,
): Promise<INodeExecutionData> {
	const check = new InputChecker(this.getNode(), itemIndex);
	const slug = readSlug(check, this.getNodeParameter('slug', itemIndex));
	const qrBinary = this.getNodeParameter('options.qrBinary', itemIndex, true) as boolean;
	const binaryPropertyName = qrBinary
		? check.text(
				'Put QR Image in Field',
				this.getNodeParameter('options.binaryPropertyName', itemIndex, 'qr'),
			)
		: '';
	if ((await client.credentials()).integration !== 'inline') {
		throw new NodeOperationError(
			this.getNode(),
			`Initiate Payment exists only for the Inline DQR integration; this credential uses Wizard (item ${itemIndex})`,
			{
				itemIndex,
				description:
					"With Wizard, SMEPay hosts the payment page: send the customer the `payment_url` from Create Order's output instead, and skip this step. If your keys are enabled for Inline DQR, set the credential's Integration to Inline DQR.",
			},
		);
	}

	const answer = await initiateOrder(client, slug, itemIndex);
	const png = qrBinary ? pngFromDataUrl(answer.qr_code) : undefined;
	if (png === undefined) return { json: { ...answer, slug } };

	// The order is initiated now and cannot be initiated again: from here on nothing may fail.
	const json: IDataObject = { ...answer, slug };
	delete json.qr_code;
	const binary = await this.helpers.prepareBinaryData(png, `smepay-qr-${slug}.png`, 'image/png');
	return { json, binary: { [binaryPropertyName]: binary } };
}
