import type { IWebhookFunctions } from 'n8n-workflow';

import { FINAL_PAYOUT_STATUSES, getPayout } from '../SmePay/api/payouts';
import { readHttpFailure } from '../../credentials/common/httpFailure';
import {
	SmePayClient,
	type SmePayClientOptions,
	type SmePayCredentialType,
} from '../SmePay/transport/SmePayClient';
import type { SmePayEvent } from './payload';
import { compare, PAYOUT_STAGES, type Verdict } from './verdict';
import { refusal, verifyPayment } from './verifyPayment';

export type { Verdict } from './verdict';

/**
 * Asks SMEPay about the order or payout a webhook names, and says whether SMEPay agrees with it.
 * SMEPay signs nothing, so this is what tells a real event from a forged one.
 */

// Answer fast: one try with a short timeout. A failure answers 503, and SMEPay's own retries
// (1 m, 5 m, 25 m, 2 h) are the retries.
const BUDGET_MS = 5_000;
const CLIENT_OPTIONS: SmePayClientOptions = {
	maxAttempts: 1,
	timeoutMs: BUDGET_MS,
	budgetMs: BUDGET_MS,
};

const CREDENTIAL_NAMES: Record<SmePayCredentialType, string> = {
	smePayApi: 'SMEPay API',
	smePayDisbursementApi: 'SMEPay Disbursement API',
	smePayPartnerApi: 'SMEPay Partner API',
};

// The most a verification takes, whatever SMEPay does. n8n's HTTP timeout fires only on a
// connection left idle, not on an answer that trickles in byte by byte (a stalled proxy, a bad
// network); the trigger's look-up places (admission.ts) are handed on only when a look-up ends.
const VERIFY_DEADLINE_MS = BUDGET_MS + 250;

export async function verifyEvent(ctx: IWebhookFunctions, event: SmePayEvent): Promise<Verdict> {
	return await Promise.race([askSmePay(ctx, event), deadline()]);
}

/** A 503 verdict once VERIFY_DEADLINE_MS has passed (the timer is Node's, unref'd: nothing to clear). */
async function deadline(): Promise<Verdict> {
	const signal = AbortSignal.timeout(VERIFY_DEADLINE_MS);
	await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
	const reason = `SMEPay's answer did not come within ${BUDGET_MS / 1000} s`;
	return { kind: 'notYet', reason };
}

async function askSmePay(ctx: IWebhookFunctions, event: SmePayEvent): Promise<Verdict> {
	if (event.event === 'payout') return await verifyPayout(ctx, event);
	const client = new SmePayClient(ctx, 'smePayApi', CLIENT_OPTIONS);
	return await verifyPayment({
		event,
		client: hasCredential(ctx, 'smePayApi') ? client : undefined,
		unknownOrder: async (what) => await unknownObject(ctx, client, what),
		failed: async (error) => await failedCall(ctx, client, error, 'order'),
	});
}

/** GET /api/v1/disbursement/payouts/{id}: status, amount and reference id must match. */
async function verifyPayout(ctx: IWebhookFunctions, event: SmePayEvent): Promise<Verdict> {
	const client = new SmePayClient(ctx, 'smePayDisbursementApi', CLIENT_OPTIONS);
	let payout;
	try {
		payout = await getPayout(client, event.eventId, 0);
	} catch (error) {
		if (readHttpFailure(error).status === 404) {
			return await unknownObject(ctx, client, `payout ${event.eventId}`);
		}
		return await failedCall(ctx, client, error, 'payout');
	}
	if (String(payout.reference_id) !== event.reference) {
		return {
			kind: 'contradicted',
			reason: `SMEPay's payout ${event.eventId} has another reference id than the webhook`,
		};
	}
	return compare(event, FINAL_PAYOUT_STATUSES, PAYOUT_STAGES, {
		source: 'SMEPay payout status',
		payoutId: payout.id,
		referenceId: payout.reference_id,
		status: payout.status,
		amount: payout.amount,
		...(payout.utr_number ? { utrNumber: payout.utr_number } : {}),
	});
}

/**
 * A call about the object the webhook names failed. A refusal that stays until someone acts (400,
 * 401, 403, the credential's keys or IP refused at the token exchange) is an error saying what to
 * fix; anything else (no answer, 5xx, 429, a token endpoint that did not answer) may pass by
 * itself. Both are answered 503: SMEPay's retries confirm the event once it is fixed or passed.
 */
async function failedCall(
	ctx: IWebhookFunctions,
	client: SmePayClient,
	error: unknown,
	what: 'order' | 'payout',
): Promise<Verdict> {
	const said = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
	if (!refusedForGood(client, error)) {
		return { kind: 'notYet', reason: `SMEPay could not be asked about the ${what}: ${said}` };
	}
	// Every refusal the client throws (smePayApiError) says in its description what to do.
	const toDo = (error as { description?: string }).description ?? '';
	return {
		kind: 'refused',
		reason: `SMEPay refused to say whether the ${what} is real, with the ${await credentialNamed(ctx, client)}: ${said}. ${toDo} Until this is fixed no ${what} webhook can start a run: each is answered 503, and SMEPay retries it for about 2½ hours (after 1 m, 5 m, 25 m, 2 h), then gives up. Check events older than that in the SMEPay dashboard.`,
	};
}

function refusedForGood(client: SmePayClient, error: unknown): boolean {
	// The token exchange's own failure says whether another try may get through (no answer, 429, 5xx).
	const exchange = client.tokenRefusedForGood();
	if (exchange !== undefined) return exchange;
	return refusal(readHttpFailure(error).status);
}

/**
 * SMEPay answered "not found". The webhook may be forged, but a real event gets the same answer
 * when the trigger's credential is another account's or environment's: 503, so SMEPay retries
 * for 2½ hours while someone fixes the credential, and an error in n8n's log that says so.
 */
async function unknownObject(
	ctx: IWebhookFunctions,
	client: SmePayClient,
	what: string,
): Promise<Verdict> {
	return {
		kind: 'unknown',
		reason: `SMEPay knows no ${what} for the ${await credentialNamed(ctx, client)}. If this event is real, that credential belongs to another SMEPay account or environment than the one that made it (Test keys see only Test, Live keys only Live): select the right credential in the SMEPay Trigger. SMEPay was answered 503 and retries for about 2½ hours (after 1 m, 5 m, 25 m, 2 h); a forged event gets the same answer and never runs.`,
	};
}

/** `SMEPay API credential "Shop" (environment Live)`: which credential, never a secret. */
async function credentialNamed(ctx: IWebhookFunctions, client: SmePayClient): Promise<string> {
	const type = client.credentialType;
	const name = ctx.getNode().credentials?.[type]?.name ?? '';
	return `${CREDENTIAL_NAMES[type]} credential "${name}" (${await environmentOf(client)})`;
}

function hasCredential(ctx: IWebhookFunctions, type: SmePayCredentialType): boolean {
	return ctx.getNode().credentials?.[type] !== undefined;
}

async function environmentOf(client: SmePayClient): Promise<string> {
	try {
		return describeEnvironment(await client.credentials());
	} catch {
		return 'environment unknown';
	}
}

/** Where a credential's requests go, in the words its Environment field uses (never a secret). */
export function describeEnvironment(credentials: {
	environment?: unknown;
	baseUrl?: unknown;
}): string {
	if (credentials.environment === 'live') return 'environment Live';
	if (credentials.environment === 'test') return 'environment Test';
	return `custom base URL ${new URL(String(credentials.baseUrl)).host}`;
}
