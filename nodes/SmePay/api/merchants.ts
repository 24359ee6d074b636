import type { SmePayClient } from '../transport/SmePayClient';
import { readAnswer } from './answers';
import { createdMerchantSchema, type CreatedMerchant } from './schemas';

/** The partner (TSP) onboarding endpoint, on the SMEPay Partner API credential. */

export interface CreateMerchantInput {
	name: string;
	businessName: string;
	companyName: string;
	email: string;
	mobile: string;
}

/**
 * POST /api/partner/merchants/extended → { message, business_id, kyc_url }. Never retried: it
 * creates a merchant, and a lost answer cannot be looked up afterwards.
 */
export async function createMerchant(
	client: SmePayClient,
	input: CreateMerchantInput,
	itemIndex: number,
): Promise<CreatedMerchant> {
	const answer = await client.request<unknown>({
		method: 'POST',
		path: '/api/partner/merchants/extended',
		body: {
			name: input.name,
			business_name: input.businessName,
			company_name: input.companyName,
			email: input.email,
			mobile: input.mobile,
		},
		retry: 'never',
		action: 'Create Merchant',
		itemIndex,
		noAnswerDescription: `The answer was lost, so the merchant for ${input.email} may have been created. ${CHECK_FIRST}`,
	});
	return readAnswer(createdMerchantSchema, answer, {
		action: 'Create Merchant',
		itemIndex,
		whatToDo: `The merchant for ${input.email} may have been created. ${CHECK_FIRST}`,
	});
}

const CHECK_FIRST =
	'Check the SMEPay partner dashboard before running this item again; SMEPay refuses a second merchant with the same email.';
