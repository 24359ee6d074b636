import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IDataObject,
	IHttpRequestHelper,
} from 'n8n-workflow';

import { CREDENTIAL_CHECKS } from './common/credentialChecks';
import {
	COLLECTION_PREFIX_EXPRESSION,
	collectionPrefix,
	PARTNER_BASE_URL_EXPRESSION,
	partnerBaseUrl,
	SMEPAY_BASE_URL_EXPRESSION,
	smePayBaseUrl,
} from './common/environment';
import type { SmePayCredentialType } from './common/credentialChecks';
import { isTokenFor, tokenBinding } from './SmePayTokenBinding';
import { exchangeToken, type TokenExchange } from './SmePayTokenExchange';

/**
 * Where each SMEPay credential gets its token. The same POST is made two ways: by
 * preAuthentication from the credential's values (exchangeToken), and by n8n's "Test credential"
 * from n8n expressions over the same fields.
 */
export interface TokenEndpoint {
	/** The exchange preAuthentication makes. */
	exchange(credentials: ICredentialDataDecryptedObject): TokenExchange;
	/** The same request in n8n expressions, for the credential's `test`. */
	test: { baseURL: string; url: string; body: IDataObject };
}

const clientKeys = (credentials: ICredentialDataDecryptedObject): IDataObject => ({
	client_id: credentials.clientId,
	client_secret: credentials.clientSecret,
});

const clientKeysTestBody: IDataObject = {
	client_id: '={{$credentials.clientId}}',
	client_secret: '={{$credentials.clientSecret}}',
};

/** Wizard and Inline DQR: the token lives 600 s. */
export const COLLECTION_TOKEN: TokenEndpoint = {
	exchange: (credentials) => ({
		apiName: 'SMEPay collection API',
		url: `${smePayBaseUrl(credentials)}${collectionPrefix(credentials)}/auth`,
		body: clientKeys(credentials),
		fieldsToCheck: CREDENTIAL_CHECKS.smePayApi,
		answer: 'collection',
		expectedEnvironment:
			credentials.environment === 'custom' ? undefined : (credentials.environment as string),
	}),
	test: {
		baseURL: SMEPAY_BASE_URL_EXPRESSION,
		url: `${COLLECTION_PREFIX_EXPRESSION}/auth`,
		body: clientKeysTestBody,
	},
};

/** Payouts: the token lives 1 hour. */
export const DISBURSEMENT_TOKEN: TokenEndpoint = {
	exchange: (credentials) => ({
		apiName: 'SMEPay disbursement API',
		url: `${smePayBaseUrl(credentials)}/api/v1/disbursement/auth`,
		body: clientKeys(credentials),
		fieldsToCheck: CREDENTIAL_CHECKS.smePayDisbursementApi,
		answer: 'disbursement',
	}),
	test: {
		baseURL: SMEPAY_BASE_URL_EXPRESSION,
		url: '/api/v1/disbursement/auth',
		body: clientKeysTestBody,
	},
};

/** Merchant onboarding: SMEPay does not document the answer (see TOKEN_ANSWERS.partner). */
export const PARTNER_TOKEN: TokenEndpoint = {
	exchange: (credentials) => ({
		apiName: 'SMEPay partner API',
		url: `${partnerBaseUrl(credentials)}/api/partner/merchants/tsp/auth`,
		body: { partner_code: credentials.partnerCode, email: credentials.email },
		fieldsToCheck: CREDENTIAL_CHECKS.smePayPartnerApi,
		answer: 'partner',
	}),
	test: {
		baseURL: PARTNER_BASE_URL_EXPRESSION,
		url: '/api/partner/merchants/tsp/auth',
		body: {
			partner_code: '={{$credentials.partnerCode}}',
			email: '={{$credentials.email}}',
		},
	},
};

/** Each credential's token endpoint, by its n8n type name. */
export const TOKEN_ENDPOINTS: Record<SmePayCredentialType, TokenEndpoint> = {
	smePayApi: COLLECTION_TOKEN,
	smePayDisbursementApi: DISBURSEMENT_TOKEN,
	smePayPartnerApi: PARTNER_TOKEN,
};

/**
 * What a credential's preAuthentication returns: the exchanged token, which n8n stores in the
 * hidden Access Token field, and what it was issued for (SmePayTokenBinding.ts).
 */
export async function exchangeTokenAt(
	endpoint: TokenEndpoint,
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string; accessTokenFor: string }> {
	const exchange = endpoint.exchange(credentials);
	const accessToken = await exchangeToken(helpers, credentials, exchange);
	return { accessToken, accessTokenFor: tokenBinding(accessToken, exchange) };
}

/** Whether the credential's stored token was issued for its fields as they are now. */
export function hasTokenForItsFields(
	type: SmePayCredentialType,
	credentials: ICredentialDataDecryptedObject,
): boolean {
	return isTokenFor(credentials, TOKEN_ENDPOINTS[type].exchange(credentials));
}

/** A credential's `test`: n8n POSTs the keys to the token endpoint; a 2xx answer passes. */
export function tokenEndpointTest({ test }: TokenEndpoint): ICredentialTestRequest {
	return { request: { baseURL: test.baseURL, url: test.url, method: 'POST', body: test.body } };
}
