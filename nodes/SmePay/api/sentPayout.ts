import {
	readAnswer,
	unexpectedAnswer,
	type AnswerContext,
	type UnexpectedAnswerError,
} from './answers';
import { matchPayout } from './payoutMatch';
import { payoutAnswerSchema, type Payout } from './schemas';

/** A payout as sent to POST /api/v1/disbursement/payouts. */
export interface PayoutRequest {
	reference_id: string;
	amount: number;
	payment_mode: 'IMPS' | 'NEFT' | 'RTGS';
	beneficiary_name: string;
	beneficiary_account: string;
	beneficiary_ifsc: string;
	remarks?: string;
	callback_url?: string;
}

/**
 * What Send Payout can come back with: the new payout, or SMEPay's "I already have this
 * reference" (refused, so nothing more is known; or answered with that earlier payout, whose
 * amount and mode match the row, and whose beneficiary does too except for the fields in
 * `unknown`, which the answer does not show in a form that can be compared).
 */
export type SendPayoutAnswer =
	| { duplicate: false; payout: Payout }
	| { duplicate: true; reference_id: string; payout?: Payout; unknown?: string[] };

/** When a send was made (its first try) and answered, and SMEPay's clock at its answer (Date). */
export interface SendTimes {
	sentAt: number;
	answeredAt: number;
	smePayDate?: number;
}

/**
 * How far SMEPay's clock may be behind this server's, when its answer has no Date header to read
 * its clock from. Generous on purpose: taking an earlier payout (which matches the row in every
 * field compared) for a new one only says "paid now" of a payout that exists once.
 */
const CLOCK_SKEW_MS = 5 * 60_000;

/** SMEPay's Date header counts whole seconds, and so may its created_at. */
const DATE_MARGIN_MS = 2_000;

/**
 * SMEPay's answer to POST /payouts, checked: a payout for this row's Reference ID, amount, mode
 * and beneficiary (the new one), or the payout SMEPay already had under this Reference ID (some
 * SMEPay setups answer a seen reference with the original payout rather than refusing it), held
 * to the same comparison. Anything else is an error.
 */
export function readSentPayout(
	answer: unknown,
	request: PayoutRequest,
	times: SendTimes,
	itemIndex: number,
): SendPayoutAnswer {
	const payoutId = answeredPayoutId(answer);
	const context: AnswerContext = {
		action: 'Send Payout',
		itemIndex,
		whatToDo: checkBeforeResending(payoutId),
	};
	let wrong: unknown;
	try {
		return checkSentPayout(answer, request, times, context);
	} catch (error) {
		wrong = error;
	}
	// SMEPay may hold that payout: its id goes with the error, into the item and the stop error.
	if (payoutId !== undefined) (wrong as UnexpectedAnswerError).context.payoutId = payoutId;
	throw wrong;
}

function checkSentPayout(
	answer: unknown,
	request: PayoutRequest,
	times: SendTimes,
	context: AnswerContext,
): SendPayoutAnswer {
	const { data } = readAnswer(payoutAnswerSchema, answer, context);
	if (data.reference_id !== request.reference_id) {
		throw unexpectedAnswer(
			context,
			`is for another payout: it answered for Reference ID "${data.reference_id}", but this row sent "${request.reference_id}"`,
		);
	}
	// Whether new or earlier, the payout must be this row's: SMEPay answers a Reference ID it
	// already has with the original payout, which may have paid someone else, or may be this very
	// payment sent before the row was corrected (then "not paid" would have it paid twice).
	const { differences, unknown } = matchPayout(data, request);
	const earlier = isEarlierPayout(data, times);
	if (differences.length > 0 && !earlier) {
		// Made for this request: it may be this row's, its beneficiary written otherwise by SMEPay.
		throw unexpectedAnswer(
			{ ...context, whatToDo: madeButDiffers(data.id) },
			`is a payout made for this request that differs from this row: ${differences.join('; ')}`,
		);
	}
	if (differences.length > 0) {
		throw unexpectedAnswer(
			{ ...context, whatToDo: differsFromRow(data.id) },
			`is the payout SMEPay already holds under this Reference ID, and it differs from this row: ${differences.join('; ')}. This row was not sent`,
		);
	}
	if (earlier) {
		return { duplicate: true, reference_id: request.reference_id, payout: data, unknown };
	}
	return { duplicate: false, payout: data };
}

/**
 * Created before this request (its first try) reached SMEPay: an earlier payout. Read on SMEPay's
 * own clock where its answer says what time it is (its Date header, less the time since the first
 * try was sent), else on this server's clock with a generous allowance for skew. The status says
 * nothing about it (SMEPay may answer a new payout already PROCESSING); without a creation time a
 * payout is new.
 */
function isEarlierPayout(payout: Payout, { sentAt, answeredAt, smePayDate }: SendTimes): boolean {
	const createdAt = Date.parse(payout.created_at ?? '');
	if (!Number.isFinite(createdAt)) return false;
	if (smePayDate !== undefined) {
		return createdAt < smePayDate - (answeredAt - sentAt) - DATE_MARGIN_MS;
	}
	return createdAt < sentAt - CLOCK_SKEW_MS;
}

function madeButDiffers(id: string): string {
	return `SMEPay made payout ${id} for this request, so it may have paid this row (SMEPay may write the beneficiary otherwise than it was sent) or another payee: check it with Get Payout or in the SMEPay dashboard before sending this row again. A re-run with the same Reference ID cannot pay it twice; a new Reference ID can.`;
}

function differsFromRow(id: string): string {
	return `Payout ${id} holds this Reference ID: check it with Get Payout or in the SMEPay dashboard. If it is this row's payment, sent before the row was changed, it is already paid: do not send it again. If it is another payment (the same invoice number for another payee), a re-run with this Reference ID cannot pay this row: give it a Reference ID of its own and send it.`;
}

function answeredPayoutId(answer: unknown): string | undefined {
	const id = (answer as { data?: { id?: unknown } } | undefined)?.data?.id;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

function checkBeforeResending(id: string | undefined): string {
	const where =
		id !== undefined
			? `with Get Payout (payout ID ${id}) or in the SMEPay dashboard`
			: 'in the SMEPay dashboard';
	return `SMEPay may have created a payout for this row all the same: check it ${where} before sending the row again. A re-run with the same Reference ID is still safe: SMEPay refuses a Reference ID it already has, so it cannot be paid twice.`;
}
