'use strict';
// Small fetch-based REST client that keeps the `n8n-auth` cookie. A fixed `browser-id` header
// is sent because n8n binds the session cookie to the browser id it was issued with.
function restClient(
	baseUrl,
	{ cookies: initialCookies = {}, browserId = `smepay-harness-${process.pid}` } = {},
) {
	const cookies = new Map(Object.entries(initialCookies));
	async function request(method, url, body, { raw = false } = {}) {
		const headers = { accept: 'application/json', 'browser-id': browserId };
		if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		if (body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(baseUrl + url, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		for (const line of res.headers.getSetCookie ? res.headers.getSetCookie() : []) {
			const [pair] = line.split(';');
			const i = pair.indexOf('=');
			cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
		}
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!res.ok) {
			const message = (json && (json.message || json.error)) || text.slice(0, 300);
			const error = new Error(`${method} ${url} -> ${res.status}: ${message}`);
			error.status = res.status;
			error.body = json || text;
			throw error;
		}
		return raw ? json : json || {};
	}
	return {
		baseUrl,
		cookies,
		browserId,
		session: () => ({ cookies: Object.fromEntries(cookies), browserId }),
		get: (url) => request('GET', url),
		post: (url, body) => request('POST', url, body),
		patch: (url, body) => request('PATCH', url, body),
		delete: (url) => request('DELETE', url),
		getJson: (url) => request('GET', url, undefined, { raw: true }),
	};
}

module.exports = { restClient };
