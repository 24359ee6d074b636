import type { IDataObject } from 'n8n-workflow';

import type { SmePayClient } from '../transport/SmePayClient';

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
): Promise<IDataObject> {
	return await client.request({
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
		noAnswerDescription: `The answer was lost, so the merchant for ${input.email} may have been created. Check the SMEPay partner dashboard before running this item again; SMEPay refuses a second merchant with the same email.`,
	});
}
