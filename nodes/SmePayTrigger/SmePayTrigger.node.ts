import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	MAX_LOOKUPS_IN_FLIGHT,
	MAX_LOOKUPS_WAITING,
	MAX_WAITING_PER_ORDER,
	oneAtATime,
	withLookupPlace,
} from './admission';
import { dedupeKeys, deliveryKey, lockKey } from './dedupe';
import { memoryKind, ORDER_LISTS, remember, rememberInRun, seenIn } from './memory';
import { parseWebhookBody, type SmePayEvent } from './payload';
import { LISTED_STATUSES, OTHER_STATUSES, triggerProperties } from './properties';
import { heldBackNote, logNow } from './rareLog';
import { answer, CONTRADICTED_STATUS, emit, ignored, RETRY_LATER_STATUS } from './responses';
import { providedSecret, secretMatches } from './secret';
import { verifyEvent } from './verify';
import { testModeRefusal } from '../SmePay/api/testMode';

export class SmePayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMEPay Trigger',
		name: 'smePayTrigger',
		icon: {
			light: 'file:../../icons/smepayTrigger.svg',
			dark: 'file:../../icons/smepayTrigger.dark.svg',
		},
		group: ['trigger'],
		// Both versions behave the same. n8n evaluates an expression for every request that
		// reaches a webhook node of version 1 (its Webhook node v1 `binaryData` option), which in
		// n8n 2.x means building an expression sandbox per request: version 1 took a third as
		// many webhooks per second (README, Benchmarks). New nodes get version 2; workflows saved
		// with version 1 keep working.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when SMEPay reports a payment or payout, after checking the event with SMEPay',
		defaults: { name: 'SMEPay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Neither credential is tied to the Events field by displayOptions: n8n's editor takes a
		// field that decides between credentials for an "authentication" field and hides it, and
		// the Events choice would vanish from the panel. The Verify notice says which one is used.
		// displayName labels each selector in the panel (n8n's editor otherwise shows "Credential"
		// twice).
		credentials: [
			{
				name: 'smePayApi',
				displayName: 'Credential for payments (SMEPay API)',
				required: false,
			},
			{
				name: 'smePayDisbursementApi',
				displayName: 'Credential for payouts (SMEPay Disbursement API)',
				required: false,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Empty: n8n then sends the node's own answer ({ received, result }); unset, n8n 2.x
				// answers an accepted event with its default 'firstEntryJson' text instead.
				responseData: '',
				path: 'webhook',
			},
		],
		eventTriggerDescription: 'Waiting for SMEPay to call the Test URL',
		activationMessage:
			'Paste the Production URL as Callback URL in Create Order or Send Payout. SMEPay then calls it when the payment or payout changes status.',
		properties: triggerProperties,
	};

	// SMEPay has no API to register a webhook: the URL travels with each order or payout as its
	// callback_url. There is nothing to create or delete on SMEPay's side.
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	/**
	 * Secret → body shape → events/status filter → repeat? → SMEPay agrees? → run. Every check is
	 * quick, and each API call (one, or two for a payment without slug) has a short timeout, so
	 * SMEPay gets its answer fast. Many webhooks at once wait in bounded lines (admission.ts);
	 * one beyond them is answered 503 at once, so SMEPay sends it again later.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const query = this.getQueryData() as IDataObject;
		if (!secretMatches(String(options.secret ?? ''), providedSecret(this.getHeaderData(), query))) {
			return answer(this, 401, { received: false, error: 'Unauthorized' });
		}

		const rawBody = (this.getRequestObject() as { rawBody?: unknown }).rawBody;
		const parsed = parseWebhookBody(
			this.getBodyData(),
			query,
			Buffer.isBuffer(rawBody) ? rawBody.length : undefined,
		);
		if ('invalid' in parsed) {
			return answer(this, 400, {
				received: false,
				error: `Not a SMEPay webhook: ${parsed.invalid}`,
			});
		}
		const { event } = parsed;

		const events = this.getNodeParameter('events', []) as string[];
		const statuses = this.getNodeParameter('statuses', []) as string[];
		if (!events.includes(event.event) || !statusWanted(statuses, event.status)) {
			return answer(this, 200, ignored('filtered'));
		}

		const scope = memoryScope(this.getWorkflow().id, this.getNode().id, this.getMode());
		if (options.dedupe === false) return (await decide(this, event, options, scope)).response;
		const staticData = this.getWorkflowStaticData('node');
		const keys = dedupeKeys(event);
		return await oneAtATime(
			`${scope}|${lockKey(event)}`,
			async () => {
				if (seenIn(ORDER_LISTS, staticData, scope, keys)) {
					return answer(this, 200, ignored('duplicate'));
				}
				const { response, confirmed } = await decide(this, event, options, scope);
				// Remembered only once it starts a run: a 503 leaves it unseen, so SMEPay's retry runs.
				if (response.workflowData === undefined) return response;
				// Only an event SMEPay confirmed names its order. Any other (the Secret proves only that
				// the sender knows the URL) is remembered as this delivery, so that it can neither block
				// nor push out the order's real event.
				const kind = memoryKind(confirmed, event.status);
				if (kind !== 'delivery') {
					remember(kind, staticData, scope, keys);
					return response;
				}
				const delivery = [deliveryKey(event)];
				if (seenIn(['delivery'], staticData, scope, delivery)) {
					return answer(this, 200, ignored('duplicate'));
				}
				remember('delivery', staticData, scope, delivery);
				return response;
			},
			() => turnedAway(this, scope, event, ORDER_LINE_FULL),
		);
	}

	/**
	 * Inside the run the webhook started: passes the event on, and remembers it (and what this
	 * process remembered lately) in the run's static data, which n8n saves when the run ends.
	 * What webhook() remembered is not saved by n8n 2.x once the run started (memory.ts).
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		if (options.dedupe !== false) {
			const scope = memoryScope(this.getWorkflow().id, this.getNode().id, this.getMode());
			const events = items.map((item) => item.json);
			rememberInRun(this.getWorkflowStaticData('node'), scope, events);
		}
		return [items.map((item, index) => ({ ...item, pairedItem: { item: index } }))];
	}
}

/** What one trigger remembers is its own: per workflow, node and mode (test or production). */
function memoryScope(workflowId: string | undefined, nodeId: string, mode: string): string {
	return `${workflowId}/${nodeId}/${mode}`;
}

function statusWanted(statuses: string[], status: string): boolean {
	if (statuses.length === 0) return true;
	return statuses.includes(LISTED_STATUSES.includes(status) ? status : OTHER_STATUSES);
}

/**
 * 503 for a delivery beyond a line (admission.ts): SMEPay sends it again later, when the flood or
 * burst has passed. Logged once a minute per trigger, not once per webhook.
 */
function turnedAway(
	ctx: IWebhookFunctions,
	scope: string,
	event: SmePayEvent,
	why: string,
): IWebhookResponseData {
	const heldBack = logNow(`${scope}|turned away`);
	if (heldBack !== undefined) {
		ctx.logger.warn(
			`SMEPay Trigger answered a ${event.event} webhook 503 without asking SMEPay: ${why}. SMEPay sends it again later. If so many webhooks at once are not SMEPay's, set a Secret in the trigger (options) and add it to the Callback URL${heldBackNote(heldBack)}`,
			{ eventId: event.eventId },
		);
	}
	return answer(ctx, RETRY_LATER_STATUS, { received: false, error: BUSY_ERROR });
}

/** Verifies (when on) and turns SMEPay's verdict into a run or an answer. */
async function decide(
	ctx: IWebhookFunctions,
	event: SmePayEvent,
	options: IDataObject,
	scope: string,
): Promise<{ response: IWebhookResponseData; confirmed: boolean }> {
	const refuse = (code: number, error: string) => ({
		response: answer(ctx, code, { received: false, error }),
		confirmed: false,
	});
	if (!(ctx.getNodeParameter('verify', true) as boolean)) {
		const reason = 'Verify With SMEPay is off in the trigger';
		return { response: emit(event, false, { reason }), confirmed: false };
	}
	const verdict = await withLookupPlace(
		scope,
		async () => await verifyEvent(ctx, event),
		() => undefined,
	);
	if (verdict === undefined) {
		return { response: turnedAway(ctx, scope, event, LOOKUP_LINE_FULL), confirmed: false };
	}
	// The same line for every forged webhook or every retry while a credential is wrong: written
	// once a minute per trigger, event type and kind, with how many were held back. Per event type:
	// payments and payouts are checked with different credentials, each needing its own fix.
	const log = (level: 'warn' | 'error', message: string) => {
		const heldBack = logNow(`${scope}|${event.event}|${verdict.kind}`);
		if (heldBack === undefined) return;
		ctx.logger[level](`${message}${heldBackNote(heldBack)}`, { eventId: event.eventId });
	};
	switch (verdict.kind) {
		case 'confirmed': {
			// A Test-mode event (the webhook or SMEPay's answer says TEST_…) moved no money: it runs,
			// marked testMode, except under a Live credential (api/testMode.ts; Validate agrees).
			const testMode = event.testMode || verdict.verification.testMode === true;
			const refusal = testMode ? testModeRefusal(await environmentOf(ctx, event)) : undefined;
			if (refusal !== undefined) {
				log('warn', `SMEPay Trigger refused a ${event.event} webhook: ${refusal}`);
				return refuse(CONTRADICTED_STATUS, 'SMEPay does not confirm this event');
			}
			return {
				response: emit({ ...event, testMode }, true, verdict.verification),
				confirmed: true,
			};
		}
		case 'unverifiable':
			if (options.unverifiablePayments === 'reject') {
				return refuse(
					CONTRADICTED_STATUS,
					'This payment webhook could not be verified with SMEPay',
				);
			}
			return { response: emit(event, false, { reason: verdict.reason }), confirmed: false };
		case 'contradicted':
			log('warn', `SMEPay Trigger refused a ${event.event} webhook: ${verdict.reason}`);
			// The caller learns nothing about the real order or payout.
			return refuse(CONTRADICTED_STATUS, 'SMEPay does not confirm this event');
		case 'unknown':
		case 'refused':
			// Nothing changes until someone acts: an error, so it is seen before SMEPay gives up.
			log('error', `SMEPay Trigger could not verify a ${event.event} webhook: ${verdict.reason}`);
			return refuse(RETRY_LATER_STATUS, RETRY_LATER_ERROR);
		case 'notYet':
			log(
				'warn',
				`SMEPay Trigger asked SMEPay to retry a ${event.event} webhook: ${verdict.reason}`,
			);
			return refuse(RETRY_LATER_STATUS, RETRY_LATER_ERROR);
	}
}

/** The Environment of the credential that verified the event. */
async function environmentOf(ctx: IWebhookFunctions, event: SmePayEvent): Promise<unknown> {
	const type = event.event === 'payment' ? 'smePayApi' : 'smePayDisbursementApi';
	return (await ctx.getCredentials(type)).environment;
}

const RETRY_LATER_ERROR = 'This event could not be confirmed with SMEPay yet; send it again later';
const BUSY_ERROR = 'Too many webhooks at once for this trigger; send this one again later';
const ORDER_LINE_FULL = `${MAX_WAITING_PER_ORDER} deliveries of its order or payout already wait behind the one being checked`;
const LOOKUP_LINE_FULL = `all ${MAX_LOOKUPS_IN_FLIGHT} SMEPay look-ups this trigger may have in flight are taken, and ${MAX_LOOKUPS_WAITING} webhooks already wait for one`;
