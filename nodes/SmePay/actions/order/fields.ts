import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { InputChecker } from '../../validation/InputChecker';

/** Parameters several order operations share, so they read the same everywhere. */

export const slugField: INodeProperties = {
	displayName: 'Order Slug',
	name: 'slug',
	type: 'string',
	required: true,
	default: '',
	placeholder: '2h2m6qf',
	description:
		"The short code SMEPay gave the order: drag the `slug` field of Create Order's output here",
};

export const statusOrderIdField: INodeProperties = {
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	default: '',
	placeholder: 'ORDER-2025-0001',
	description:
		'Optional: your own Order ID that was used in Create Order. When set, SMEPay answers only if the slug belongs to that order.',
};

/** The slug, checked: not empty, and not a whole payment URL pasted by mistake. */
export function readSlug(check: InputChecker, value: unknown): string {
	const slug = check.text('Order Slug', value, { maxLength: 100 });
	if (/[\s/?#]/.test(slug)) {
		check.fail(
			'Order Slug',
			`"${slug}" is not a slug`,
			"Use the `slug` field of Create Order's output (a short code like 2h2m6qf), not the payment URL.",
		);
	}
	return slug;
}

/** The Slug and optional Order ID of the status operations (Get Status, Wait for Status), checked. */
export function readStatusTarget(
	ctx: IExecuteFunctions,
	check: InputChecker,
): { slug: string; orderId: string | undefined } {
	const { itemIndex } = check;
	return {
		slug: readSlug(check, ctx.getNodeParameter('slug', itemIndex)),
		orderId: check.optionalText('Order ID', ctx.getNodeParameter('orderId', itemIndex, ''), {
			maxLength: 100,
		}),
	};
}
