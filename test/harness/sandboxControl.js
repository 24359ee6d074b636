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

module.exports = { sandboxControl };
