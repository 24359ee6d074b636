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
	accessTokenForProperty,
	accessTokenProperty,
	bearerAuthentication,
	clientKeyProperties,
	environmentProperties,
} from './SmePayCredentialFields';
import { COLLECTION_TOKEN, exchangeTokenAt, tokenEndpointTest } from './SmePayTokenEndpoints';

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
		accessTokenForProperty,
	];

	// n8n calls this when the token is empty, and again after an API answers 401 (expired after
	// 600 s); the token is stored with the credential, so one exchange serves every execution.
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await exchangeTokenAt(COLLECTION_TOKEN, this.helpers, credentials);
	}

	authenticate: IAuthenticate = bearerAuthentication;

	test: ICredentialTestRequest = tokenEndpointTest(COLLECTION_TOKEN);
}
