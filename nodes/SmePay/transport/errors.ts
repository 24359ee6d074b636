import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	CREDENTIAL_CHECKS,
	type SmePayCredentialType,
} from '../../../credentials/common/credentialChecks';
import {
	cameFromHttpClient,
	NETWORK_FAILURE_WORDS,
	type HttpFailure,
} from '../../../credentials/common/httpFailure';
import { redactUrls, redactUrlsIn } from '../../../credentials/common/redactUrls';

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
			`SMEPay refused the token even after renewing it. In the credential, check ${CREDENTIAL_CHECKS[credentialType]}.`,
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
		return inOurWords(
			new NodeApiError(
				node,
				{ message: failure.tokenExchangeMessage },
				{ itemIndex: context.itemIndex },
			),
			failure.tokenExchangeMessage,
			`No ${context.action} request was sent: the credential could not get a token.`,
		);
	}
	// SMEPay's words may quote what it was sent: a callback URL with the trigger's ?token=.
	const said = redactUrls(apiMessage(failure));
	const lower = said.toLowerCase();
	const found = HINTS.find(({ when }) => when(failure, lower))?.hint;
	const hint = typeof found === 'function' ? found(context) : found;
	const status =
		failure.status === undefined ? (failure.code ?? 'no answer') : `HTTP ${failure.status}`;
	const message = `SMEPay ${context.action} failed: ${said}`;
	const description = `${context.description ?? hint ?? ''} (${status})`.trim();
	return inOurWords(
		new NodeApiError(node, redactUrlsIn(failure.body ?? { message: said }) as JsonObject, {
			message,
			description,
			httpCode: failure.status === undefined ? undefined : String(failure.status),
			itemIndex: context.itemIndex,
		}),
		message,
		description,
	);
}

/** A call of the run that got no answer from SMEPay after all its tries. */
export interface UnansweredCall {
	itemIndex: number;
	action: string;
	attempts: number;
}

/**
 * Once one call of a run has used all its tries without an answer, the calls after it are not
 * sent: each would wait out its own tries (a 500-row sheet for hours). Nothing was sent for them.
 */
export function smePayNotSentError(
	node: INode,
	unanswered: UnansweredCall,
	context: ApiErrorContext,
): NodeOperationError {
	const message = `SMEPay ${context.action} not sent: SMEPay stopped answering (item ${unanswered.itemIndex} got no answer after ${unanswered.attempts} tries)`;
	const description = `Nothing was sent to SMEPay for item ${context.itemIndex}. Check the Environment / Base URL of the credential, this server's network and SMEPay's status, then run it again: a payout keeps its Reference ID, so a re-run cannot pay twice.`;
	return inOurWords(
		new NodeOperationError(node, message, { description, itemIndex: context.itemIndex }),
		message,
		description,
	);
}

/**
 * A call that ended with neither an answer nor a network failure (a cancelled execution, an
 * answer that is not HTTP, a credential that cannot be read): not retried, and not called
 * unreachable. An error from n8n's HTTP client is said anew (it holds the request, with the
 * token); any other error is the error itself.
 */
export function smePayStoppedError(
	node: INode,
	error: unknown,
	failure: HttpFailure,
	context: ApiErrorContext,
): unknown {
	if (!cameFromHttpClient(error)) return error;
	const message = `SMEPay ${context.action} failed: ${redactUrls(failure.errorMessage ?? 'the call stopped')}`;
	const description = `The call stopped before SMEPay answered, and not because of the network (for example the execution was cancelled, or the answer was not HTTP), so it was not retried. Check that the Environment / Base URL of the credential points at SMEPay.${failure.code ? ` (${failure.code})` : ''}`;
	return inOurWords(
		new NodeOperationError(node, message, { description, itemIndex: context.itemIndex }),
		message,
		description,
	);
}

/**
 * n8n swaps a message that names a network error code, or goes with a known HTTP status, for its
 * own generic text (which loses what failed and what to do): put ours back.
 */
function inOurWords<E extends NodeApiError | NodeOperationError>(
	error: E,
	message: string,
	description: string,
): E {
	error.message = message;
	error.description = description;
	return error;
}

function apiMessage(failure: HttpFailure): string {
	const body: IDataObject = failure.body ?? {};
	for (const key of ['message', 'error', 'detail']) {
		if (typeof body[key] === 'string' && body[key] !== '') return body[key] as string;
	}
	// Plain words, not the error code: a message that names ECONNRESET & co reads as n8n's own.
	if (failure.status === undefined)
		return `no answer (${NETWORK_FAILURE_WORDS[failure.code ?? ''] ?? 'connection failed'})`;
	return `HTTP ${failure.status}`;
}
