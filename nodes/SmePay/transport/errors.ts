import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { HttpFailure } from './httpFailure';
import type { SmePayCredentialType } from './SmePayClient';

/** What to do about each refusal SMEPay documents, matched on its status and message. */
const HINTS: Array<{
	when: (failure: HttpFailure, message: string) => boolean;
	hint: string | ((context: ApiErrorContext) => string);
}> = [
	{
		when: (f, m) => f.body?.error === 'ip_not_whitelisted' || m.includes('not in the allowed list'),
		hint: "Add this n8n server's public IP address to the IP whitelist in the SMEPay dashboard (Settings → API). Test-mode keys skip this check.",
	},
	{
		when: (_, m) => m.includes('insufficient balance'),
		hint: 'The payout wallet does not cover amount + fee. Top up the SMEPay wallet or lower the amounts, then re-run: rows already paid come back as duplicates, not second payments.',
	},
	{
		when: (_, m) => m.includes('disbursement not enabled'),
		hint: 'Payouts are not switched on for this account. Ask the SMEPay admin to enable disbursement for these keys.',
	},
	{
		when: (_, m) => m.includes('order_id already exists'),
		hint: 'Each Order ID can be used for one order only. If this is a re-run, the order already exists: keep its slug from the first run (or find it in the SMEPay dashboard); otherwise use a new Order ID.',
	},
	{
		when: (f, m) => f.status !== 401 && m.includes('expired'),
		hint: 'An unpaid SMEPay order expires 5 minutes after Create Order. Create a new order (with a new Order ID) and send the customer the new link or QR.',
	},
	{
		when: (_, m) => m.includes('initiate needs status created'),
		hint: 'Initiate Payment works once per order, right after Create Order. To show the link or QR again, keep the output of the first Initiate; to check payment, use Get Status.',
	},
	{
		when: (_, m) => m.includes('order amount'),
		hint: 'The amount is outside the minimum/maximum order amount SMEPay set for your account. Check the limits in the SMEPay dashboard or with SMEPay support.',
	},
	{
		when: (_, m) => m.includes('amount below minimum') || m.includes('amount above maximum'),
		hint: 'The amount is outside the min/max payout amount SMEPay configured for your account. Check the limits with SMEPay or split the payment.',
	},
	{
		when: (f, m) => f.status === 401 || m.includes('invalid client credentials'),
		hint: ({ credentialType }) =>
			`SMEPay refused the token even after renewing it. Check ${CREDENTIAL_FIELDS[credentialType]} in the credential.`,
	},
	{
		when: (f) => f.status === 404,
		hint: 'SMEPay has no such record for these keys. Check the id or slug: it must come from the same SMEPay account and environment as this credential.',
	},
	{
		when: (f) => f.status === 429,
		hint: "SMEPay's rate limit was hit and retries did not get through. Lower Concurrency in the node's options, or run the workflow again later.",
	},
	{
		when: (f) => f.status !== undefined && f.status >= 500,
		hint: 'SMEPay had a server error that retrying did not clear. Try again later; if it persists, contact SMEPay support.',
	},
	{
		when: (f) => f.status === undefined,
		hint: 'SMEPay could not be reached. Check the Environment / Base URL of the credential and the network access of this n8n server.',
	},
];

/** What to check in each credential when SMEPay refuses it. */
export const CREDENTIAL_FIELDS: Record<SmePayCredentialType, string> = {
	smePayApi:
		'the Client ID, Client Secret and Environment (Test keys work only with Test, Live keys only with Live)',
	smePayDisbursementApi:
		'the Client ID and Client Secret (the disbursement keys, not the collection ones) and Environment (Test keys work only with Test, Live keys only with Live)',
	smePayPartnerApi: 'the Partner Code and Email',
};

export interface ApiErrorContext {
	itemIndex: number;
	credentialType: SmePayCredentialType;
	/** e.g. "Create Order": says which call failed. */
	action: string;
	/** Said instead of the generic hint where the caller knows better (e.g. lost create answers). */
	description?: string;
}

/**
 * A NodeApiError carrying SMEPay's own message and what to do about it. Only the answer's body is
 * kept, never the request: requests carry tokens and beneficiary details.
 */
export function smePayApiError(node: INode, failure: HttpFailure, context: ApiErrorContext) {
	if (failure.tokenExchangeMessage !== undefined) {
		return new NodeApiError(
			node,
			{ message: failure.tokenExchangeMessage },
			{
				message: failure.tokenExchangeMessage,
				description: `No ${context.action} request was sent: the credential could not get a token.`,
				itemIndex: context.itemIndex,
			},
		);
	}
	const said = apiMessage(failure);
	const lower = said.toLowerCase();
	const found = HINTS.find(({ when }) => when(failure, lower))?.hint;
	const hint = typeof found === 'function' ? found(context) : found;
	const status =
		failure.status === undefined ? (failure.code ?? 'no answer') : `HTTP ${failure.status}`;
	return new NodeApiError(node, (failure.body ?? { message: said }) as JsonObject, {
		message: `SMEPay ${context.action} failed: ${said}`,
		description: `${context.description ?? hint ?? ''} (${status})`.trim(),
		httpCode: failure.status === undefined ? undefined : String(failure.status),
		itemIndex: context.itemIndex,
	});
}

const NO_ANSWER_WORDS: Record<string, string> = {
	ECONNRESET: 'connection dropped',
	ECONNREFUSED: 'connection refused',
	ECONNABORTED: 'timed out',
	ETIMEDOUT: 'timed out',
	ESOCKETTIMEDOUT: 'timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
};

function apiMessage(failure: HttpFailure): string {
	const body: IDataObject = failure.body ?? {};
	for (const key of ['message', 'error', 'detail']) {
		if (typeof body[key] === 'string' && body[key] !== '') return body[key] as string;
	}
	// Plain words, not the error code: n8n replaces a message that names ECONNRESET & co with
	// its own generic text, which would drop what SMEPay call failed.
	if (failure.status === undefined)
		return `no answer (${NO_ANSWER_WORDS[failure.code ?? ''] ?? 'connection failed'})`;
	return `HTTP ${failure.status}`;
}
