import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { SmePayEvent } from './payload';

/**
 * The answers SMEPay gets. SMEPay retries only on 5xx and timeouts, so: 200 for what needs no
 * retry (accepted, duplicate, filtered), 4xx for what must never run (wrong secret, not a SMEPay
 * webhook, contradicted by SMEPay), 503 for what should come again later.
 */

export const CONTRADICTED_STATUS = 422;
export const RETRY_LATER_STATUS = 503;

interface ExpressResponse {
	status(code: number): { json(body: unknown): unknown };
}

/** Answers without starting the workflow. Non-200 answers are written here (n8n would send 200). */
export function answer(
	ctx: IWebhookFunctions,
	code: number,
	body: IDataObject,
): IWebhookResponseData {
	if (code === 200) return { webhookResponse: body };
	(ctx.getResponseObject() as ExpressResponse).status(code).json(body);
	return { noWebhookResponse: true };
}

export const ignored = (result: 'duplicate' | 'filtered'): IDataObject => ({
	received: true,
	result,
});

/** Answers 200 and starts the workflow with one item, in the shape README "SMEPay Trigger" documents. */
export function emit(
	event: SmePayEvent,
	verified: boolean,
	verification: IDataObject,
): IWebhookResponseData {
	return {
		webhookResponse: { received: true, result: 'accepted' },
		workflowData: [
			[
				{
					json: {
						event: event.event,
						status: event.status,
						eventId: event.eventId,
						verified,
						payload: event.payload,
						verification,
						testMode: event.testMode,
					},
				},
			],
		],
	};
}
