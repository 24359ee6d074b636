import { z } from 'zod';

/**
 * SMEPay's answers as its API reference documents them, one schema each. Only what the node
 * relies on is required; every other field SMEPay sends is kept (`passthrough`) and comes out.
 */

export const ORDER_STATUSES = ['CREATED', 'INITIATED', 'PENDING', 'SUCCESS', 'FAILED', 'EXPIRED'];
export const PAYOUT_STATUSES = ['INITIATED', 'PROCESSING', 'SUCCESS', 'FAILED'];

/** The status a Test-mode one stands for: TEST_SUCCESS is SUCCESS. Decide on this, never the raw one. */
export function plainStatus(status: unknown): string {
	return String(status).replace(/^TEST_/, '');
}

/** A status SMEPay documents; Test mode may prefix it with TEST_ (TEST_SUCCESS). */
function statusOf(known: string[]) {
	return z.string().refine(
		(status) => known.includes(plainStatus(status)),
		(status) => ({
			message: `"${status}" is not a status SMEPay documents (${known.join(', ')})`,
		}),
	);
}

const orderStatus = statusOf(ORDER_STATUSES);
const payoutStatus = statusOf(PAYOUT_STATUSES);
const text = z.string().min(1);
/** Rupees, as a number (payouts, status) or a string (order create). */
const amount = z.union([z.number(), z.string()]);

/** POST {wizard|inline}/order/create: Wizard answers `order_slug`, Inline `slug`. */
export const createdOrderSchema = z
	.object({
		slug: text.optional(),
		order_slug: text.optional(),
		order_id: z.union([z.string(), z.number()]).optional(),
		amount: amount.optional(),
		payment_status: orderStatus.optional(),
		payment_url: z.string().optional(),
	})
	.passthrough()
	.refine((order) => order.slug !== undefined || order.order_slug !== undefined, {
		message: 'slug is missing (Wizard answers order_slug, Inline DQR slug)',
	});
export type CreatedOrder = z.infer<typeof createdOrderSchema> & { slug: string };

/** POST /api/external/order/initiate. */
export const initiatedOrderSchema = z
	.object({
		payment_link: text,
		qr_code: z.string().optional(),
		payment_status: orderStatus.optional(),
		transaction_id: z.string().optional(),
		intents: z.record(z.unknown()).optional(),
	})
	.passthrough();
export type InitiatedOrder = z.infer<typeof initiatedOrderSchema>;

/** POST /api/external/qr/status. */
export const orderStatusSchema = z
	.object({
		payment_status: orderStatus,
		order_id: z.union([z.string(), z.number()]).optional(),
		amount: amount.optional(),
	})
	.passthrough();
export type OrderStatus = z.infer<typeof orderStatusSchema>;

/** POST /api/wiz/external/order/validate. */
export const wizardValidationSchema = z
	.object({
		valid: z.boolean(),
		payment_status: orderStatus.optional(),
		message: z.string().optional(),
	})
	.passthrough();
export type WizardValidation = z.infer<typeof wizardValidationSchema>;

/** The payout object, in `data` of POST /payouts and GET /payouts/{id}. */
export const payoutSchema = z
	.object({
		id: text,
		reference_id: text,
		amount,
		status: payoutStatus,
		fee_amount: amount.optional(),
		created_at: z.string().optional(),
		utr_number: z.string().nullish(),
		failure_reason: z.string().nullish(),
	})
	.passthrough();
export type Payout = z.infer<typeof payoutSchema>;

export const payoutAnswerSchema = z.object({ data: payoutSchema }).passthrough();

/** POST /api/partner/merchants/extended. */
export const createdMerchantSchema = z
	.object({
		business_id: text,
		kyc_url: z.string().optional(),
		message: z.string().optional(),
	})
	.passthrough();
export type CreatedMerchant = z.infer<typeof createdMerchantSchema>;
