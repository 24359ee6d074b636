/** The three SMEPay credentials, by their n8n type name. */
export type SmePayCredentialType = 'smePayApi' | 'smePayDisbursementApi' | 'smePayPartnerApi';

/**
 * What to check in each credential when SMEPay refuses it: said by the credential when its token
 * exchange is refused, and by the node when SMEPay refuses even a renewed token.
 */
export const CREDENTIAL_CHECKS: Record<SmePayCredentialType, string> = {
	smePayApi:
		'the Client ID and Client Secret, and that Environment matches the keys: Test keys work only with Test, Live keys only with Live',
	smePayDisbursementApi:
		'the Client ID and Client Secret (the disbursement keys, not the collection ones), and that Environment matches the keys: Test keys work only with Test, Live keys only with Live',
	smePayPartnerApi: 'the Partner Code and Email, and the Base URL',
};
