'use strict';
// A callback URL carries the SMEPay Trigger's Secret as ?token=… (or any other query value); no
// error may repeat it. Properties over generated URLs with a secret in the query, the fragment or
// the user info, quoted in a sentence the way SMEPay or an HTTP client might quote them.
const fc = require('fast-check');
const { redactUrls, redactUrlsIn } = require('../../credentials/common/redactUrls');
const { InputChecker } = require('../../nodes/SmePay/validation/InputChecker');
const { NODE: node, refusal } = require('./fixtures');

const secret = fc.stringMatching(/^[A-Za-z0-9_~-]{12,40}$/);
const key = fc.constantFrom('token', 'secret', 'slug', 'sig', 'x-smepay-token', 'a');
const base = fc.webUrl({ withQueryParameters: false, withFragments: false });

/** A URL with the secret where a URL can carry one, and the secret itself. */
const urlWithSecret = fc
	.record({
		base,
		secret,
		key,
		before: fc.webQueryParameters(),
		place: fc.constantFrom('query', 'later query', 'fragment', 'user info', 'bare query'),
	})
	.filter(({ base, secret }) => !base.includes(secret))
	.map(({ base, secret, key, before, place }) => {
		const at = base.indexOf('://') + 3;
		const url = {
			query: `${base}?${key}=${secret}`,
			'later query': `${base}?${before}${before ? '&' : ''}${key}=${secret}`,
			fragment: `${base}#${key}=${secret}`,
			'user info': `${base.slice(0, at)}n8n:${secret}@${base.slice(at)}`,
			'bare query': `${base}?${secret}`,
		}[place];
		return { url, secret };
	});

/** How a message may quote the URL. */
const quoted = fc.constantFrom(
	(url) => `The callback url ${url} is not reachable`,
	(url) => `invalid callback_url: "${url}".`,
	(url) => `(${url})`,
	(url) => `callback_url=${url}`,
	(url) => url,
);

test('no secret of a URL survives in the text that quotes it', () => {
	fc.assert(
		fc.property(urlWithSecret, quoted, ({ url, secret }, quote) => {
			expect(redactUrls(quote(url))).not.toContain(secret);
		}),
		{ numRuns: 2000 },
	);
});

test('the URL up to its query is kept, so the message still says which URL', () => {
	fc.assert(
		fc.property(base, secret, (url, value) => {
			// `&` and `;` are cut too (a query typed without its `?`), so a path with them is cut there.
			fc.pre(!url.includes(value) && !/[&;]/.test(url));
			expect(redactUrls(`callback ${url}?token=${value} refused`)).toBe(
				`callback ${url}?… refused`,
			);
			expect(redactUrls(`callback ${url} refused`)).toBe(`callback ${url} refused`);
		}),
	);
});

test('a text with no URL in it is left as it is', () => {
	const word = fc.stringMatching(/^[A-Za-z0-9₹.,:'"()!-]{1,12}$/);
	fc.assert(
		fc.property(fc.array(word, { maxLength: 12 }), (words) => {
			const text = words.join(' ');
			expect(redactUrls(text)).toBe(text);
		}),
	);
	expect(redactUrls('Order #12 is not paid? Check it.')).toBe('Order #12 is not paid? Check it.');
});

test('every string of an answer body is redacted, at any depth; other values stay', () => {
	fc.assert(
		fc.property(urlWithSecret, fc.integer(), ({ url, secret }, n) => {
			const body = { message: `bad ${url}`, n, ok: true, errors: { callback_url: [url] } };
			const redacted = redactUrlsIn(body);
			expect(JSON.stringify(redacted)).not.toContain(secret);
			expect(redacted).toMatchObject({ n, ok: true });
			expect(body.errors.callback_url[0]).toBe(url);
		}),
	);
});

test('a malformed Callback URL is refused with what is wrong, never with the URL', () => {
	const check = new InputChecker(node, 4);
	const malformed = fc.record({ url: urlWithSecret, how: fc.nat(3) }).map(({ url, how }) => ({
		secret: url.secret,
		value: [
			url.url.replace(/^https?/, 'htps'),
			url.url.replace('://', '://x '),
			url.url.replace(/^https?:\/\//, ''),
			` ${url.url} now`,
		][how],
	}));
	fc.assert(
		fc.property(malformed, ({ secret, value }) => {
			const error = refusal(() => check.url('Callback URL', value));
			expect(error.message).toMatch(/^Callback URL (contains a space|does not start with http)/);
			expect(`${error.message} ${error.description}`).not.toContain(secret);
		}),
	);
	fc.assert(
		fc.property(urlWithSecret, ({ url }) => {
			fc.pre(/^https?:\/\//.test(url));
			expect(check.url('Callback URL', url)).toBe(url);
		}),
	);
});
