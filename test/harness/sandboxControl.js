'use strict';
// The sandbox's control API (faults, ledger, clock) as one function, shared by the integration
// harness and the e2e suites.

/** control('POST', '/faults', {...}) → the parsed answer; throws on a non-2xx answer. */
function sandboxControl(controlUrl) {
	return async function control(method, path, body) {
		const response = await fetchOnce(`${controlUrl}${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${text}`);
		return text ? JSON.parse(text) : undefined;
	};
}

// A kept-alive socket the sandbox already closed resets before the request is read; one more
// try on a fresh connection is then safe. Any other failure is the test's to see.
async function fetchOnce(url, init) {
	try {
		return await fetch(url, init);
	} catch (error) {
		if (error?.cause?.code !== 'ECONNRESET') throw error;
		return await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
	}
}

/**
 * SMEPay keeps every payout look-up (GET …/payouts/{id}) unanswered, but those of the payout
 * `except`, until the faults are cleared (a `hold` fault; a path between slashes is a regex).
 */
const holdPayoutLookups = (control, except = 'none') =>
	control('POST', '/faults', {
		match: { path: `/^\\/api\\/v1\\/disbursement\\/payouts\\/(?!${except})./` },
		action: 'hold',
		times: 0,
	});

/** How many requests a `hold` fault keeps unanswered now (those whose client left are not counted). */
const heldRequests = async (control) => (await control('GET', '/faults')).held;

module.exports = { sandboxControl, holdPayoutLookups, heldRequests };
