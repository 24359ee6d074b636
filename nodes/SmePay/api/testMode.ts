/**
 * SMEPay's Test mode writes a status with a TEST_ prefix (TEST_SUCCESS where Live writes SUCCESS;
 * its WooCommerce plugin treats TEST_SUCCESS as paid). No money moves in Test mode, so what such a
 * status is worth depends on the credential: on Test (and Custom, the local sandbox) it is what
 * Test mode is for; on Live it is never a payment. Validate and the SMEPay Trigger both decide so.
 */

/** Whether SMEPay wrote this status in Test mode. */
export function isTestModeStatus(status: unknown): boolean {
	return typeof status === 'string' && status.startsWith('TEST_');
}

/** Why a Test-mode status does not count for a credential of this Environment, or undefined. */
export function testModeRefusal(environment: unknown): string | undefined {
	if (environment !== 'live') return undefined;
	return "SMEPay shows a Test-mode status (TEST_…) to a Live credential: no money moved, so it does not count as paid. Check the order in the SMEPay dashboard, and that the credential's Environment is the one the order was made in.";
}
