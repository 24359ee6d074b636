import type { IDataObject } from 'n8n-workflow';

import { INTEGRATION_PREFIX } from '../../../credentials/common/environment';
import type { SmePayClient } from '../transport/SmePayClient';

/**
 * POST /api/external/order/status: not in SMEPay's collection, but answered by SMEPay in a live
 * integration, with `client_id` and any of `order_id`, `slug`, `ref_id`. Here: by `ref_id`, the
 * Order ID the merchant gave Create Order. Like the documented status call, it needs no token.
 * A SMEPay without it answers 404; callers treat that as "cannot look it up this way".
 */
export async function getOrderByReference(
	client: SmePayClient,
	refId: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await lookUp(client, { ref_id: refId }, itemIndex);
}

/**
 * The same call naming no order. A SMEPay that has the endpoint refuses it (it needs one of
 * order_id, slug, ref_id); one without it answers 404, as to any path it does not know. So after
 * a 404 by ref_id this tells "SMEPay knows no such order" from "SMEPay has no such look-up".
 */
export async function lookUpWithoutKey(client: SmePayClient, itemIndex: number): Promise<unknown> {
	return await lookUp(client, {}, itemIndex);
}

async function lookUp(
	client: SmePayClient,
	key: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const credentials = await client.credentials();
	return await client.request({
		method: 'POST',
		path: `${INTEGRATION_PREFIX.inline}/order/status`,
		body: { client_id: credentials.clientId, ...key },
		authenticated: false,
		retry: 'safe',
		action: 'Get Order Status by Order ID',
		itemIndex,
	});
}
