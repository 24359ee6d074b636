import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	accessTokenProperty,
	bearerAuthentication,
	clientKeyProperties,
	clientKeysTestBody,
	environmentProperties,
} from './SmePayCredentialFields';
import { CREDENTIAL_CHECKS } from './common/credentialChecks';
import {
	COLLECTION_PREFIX_EXPRESSION,
	collectionPrefix,
	SMEPAY_BASE_URL_EXPRESSION,
	smePayBaseUrl,
} from './common/environment';
import { exchangeToken } from './SmePayTokenExchange';

export class SmePayApi implements ICredentialType {
	name = 'smePayApi';

	displayName = 'SMEPay API';

	icon: Icon = { light: 'file:../icons/smepay.svg', dark: 'file:../icons/smepay.dark.svg' };

	documentationUrl = 'https://github.com/smepay/n8n-nodes-smepay#credentials';

	properties: INodeProperties[] = [
		...environmentProperties,
		{
			displayName: 'Integration',
			name: 'integration',
			type: 'options',
			options: [
				{
					name: 'Wizard (Checkout Widget)',
					value: 'wizard',
					description: 'SMEPay hosts the payment page; orders give a payment URL to share',
				},
				{
					name: 'Inline DQR (Direct API)',
					value: 'inline',
					description:
						'You show the UPI QR / link yourself; needs your server IP whitelisted for Live',
				},
			],
			default: 'wizard',
			description: 'Which SMEPay collection integration your keys are enabled for',
		},
		...clientKeyProperties('From the SMEPay dashboard: Integrations → View API docs'),
		accessTokenProperty,
	];

	// n8n calls this when the token is empty, and again after an API answers 401 (expired after
	// 600 s); the token is stored with the credential, so one exchange serves every execution.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const accessToken = await exchangeToken(this.helpers, credentials, {
			apiName: 'SMEPay collection API',
			url: `${smePayBaseUrl(credentials)}${collectionPrefix(credentials)}/auth`,
			body: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
			fieldsToCheck: CREDENTIAL_CHECKS.smePayApi,
			answer: 'collection',
			expectedEnvironment:
				credentials.environment === 'custom' ? undefined : (credentials.environment as string),
		});
		return { accessToken };
	}

	authenticate: IAuthenticate = bearerAuthentication;

	test: ICredentialTestRequest = {
		request: {
			baseURL: SMEPAY_BASE_URL_EXPRESSION,
			url: `${COLLECTION_PREFIX_EXPRESSION}/auth`,
			method: 'POST',
			body: clientKeysTestBody,
		},
	};
}
