'use strict';
// Property-based attacks on the money model: thousands of generated inputs, each of which must
// parse to exactly what was written or be refused. The oracles below are written independently
// of the node's regular expressions: an amount is well-formed when it is the plain, Western or
// Indian rendering of its own digits.
const fc = require('fast-check');
const { typedAmount } = require('../../nodes/SmePay/validation/typedAmount');
const { parseAmount, fromPaise, formatRupees } = require('../../nodes/SmePay/validation/amount');
const { accountNumber, ifsc } = require('../../nodes/SmePay/validation/beneficiary');
const { referenceId, remarks } = require('../../nodes/SmePay/validation/payoutText');
const {
	paymentMode,
	amountForMode,
	MODE_LIMITS,
	PAYMENT_MODES,
} = require('../../nodes/SmePay/validation/paymentMode');

const RUNS = { numRuns: 500 };
const MAX_PAISE = 999_999_999_999_999; // 13 digits of rupees and 2 of paise

/** Paise, mostly everyday amounts, sometimes the largest. */
const paise = fc.oneof(
	fc.integer({ min: 1, max: 10_000_000 }),
	fc.bigInt({ min: 1n, max: BigInt(MAX_PAISE) }).map(Number),
);

function western(whole) {
	return whole.replace(/\B(?=(\d{3})+$)/g, ',');
}
function indian(whole) {
	if (whole.length <= 3) return whole;
	return `${whole.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',')},${whole.slice(-3)}`;
}
/** The ways a person writes the decimals of an amount: 1500, 1500.5, 1500.50. */
function decimalForms(p) {
	const cents = String(p % 100).padStart(2, '0');
	const forms = [`.${cents}`];
	if (cents.endsWith('0')) forms.push(`.${cents[0]}`);
	if (cents === '00') forms.push('');
	return forms;
}
const written = paise.chain((p) => {
	const whole = String(Math.floor(p / 100));
	return fc.record({
		paise: fc.constant(p),
		text: fc
			.tuple(
				fc.constantFrom(whole, western(whole), indian(whole)),
				fc.constantFrom(...decimalForms(p)),
				fc.constantFrom('', '₹', '₹ ', 'Rs ', 'Rs.', 'INR '),
				fc.constantFrom('', ' ', '\t', '\u00a0'),
			)
			.map(([w, d, currency, space]) => `${space}${currency}${w}${d}${space}`),
	});
});

/** The oracle: the paise an amount string means, or undefined when it is not well-formed. */
function meant(text) {
	const body = text.trim().replace(/^(?:₹|rs\.?|inr)\s*/i, '');
	const match = /^([0-9,]+)(?:\.([0-9]{1,2}))?$/.exec(body);
	if (!match) return undefined;
	const [, whole, decimals = ''] = match;
	const digits = whole.replace(/,/g, '');
	if (digits === '') return undefined;
	const wellFormed =
		whole === digits ||
		(!digits.startsWith('0') && (whole === western(digits) || whole === indian(digits)));
	if (!wellFormed) return undefined;
	const rupees = digits.replace(/^0+(?=\d)/, '');
	if (rupees.length > 13) return undefined;
	const p = Number(rupees) * 100 + Number(decimals.padEnd(2, '0'));
	return p > 0 ? p : undefined;
}

const accepted = (schema, value) => {
	const result = schema.safeParse(value);
	return result.success ? result.data : undefined;
};

describe('typed amounts', () => {
	test('every well-formed amount, plain or grouped either way, parses to exactly the paise written', () => {
		fc.assert(
			fc.property(written, ({ paise: p, text }) => {
				expect(meant(text)).toBe(p); // the oracle agrees with the generator
				expect(accepted(typedAmount, text)).toEqual(fromPaise(p));
			}),
			RUNS,
		);
	});

	test('parse(format(x)) = x: the ₹ text of messages and the canonical text read back', () => {
		fc.assert(
			fc.property(paise, (p) => {
				expect(accepted(typedAmount, formatRupees(p))?.paise).toBe(p);
				expect(accepted(typedAmount, fromPaise(p).text)?.paise).toBe(p);
				expect(accepted(typedAmount, fromPaise(p).rupees)?.paise).toBe(p);
			}),
			RUNS,
		);
	});

	test('any string of digits, commas, dots, signs, exponents and spaces: the amount it means or a refusal', () => {
		const junk = fc.string({
			unit: fc.constantFrom(...'0123456789', '0', '1', ',', ',', '.', '-', '+', 'e', 'E', ' ', '₹'),
			maxLength: 16,
		});
		fc.assert(
			fc.property(junk, (text) => {
				expect(accepted(typedAmount, text)?.paise).toBe(meant(text));
			}),
			{ numRuns: 1000 },
		);
	});

	test('a stray comma, dot, sign or exponent in a well-formed amount is refused, never another amount', () => {
		const spoiled = fc
			.tuple(written, fc.constantFrom(',', '.', '-', '+', 'e', 'e2', ',,', '.5'), fc.nat())
			.map(([{ paise: p, text }, stray, at]) => {
				const core = text.trim();
				const i = at % (core.length + 1);
				return { p, text: `${core.slice(0, i)}${stray}${core.slice(i)}` };
			});
		fc.assert(
			fc.property(spoiled, ({ text }) => {
				const amount = accepted(typedAmount, text);
				// Only a comma or dot that happens to leave a well-formed amount is read, as written.
				expect(amount?.paise).toBe(meant(text));
				if (/[-+eE]/.test(text.replace(/^(?:₹|rs\.?|inr)/i, ''))) expect(amount).toBeUndefined();
			}),
			{ numRuns: 1000 },
		);
	});

	test('a decimal comma is refused saying so', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 999_999 }),
				fc.stringMatching(/^\d{1,2}$/),
				(whole, cents) => {
					const result = typedAmount.safeParse(`${whole},${cents}`);
					expect(result.success).toBe(false);
					expect(result.error.issues[0].message).toMatch(/looks like it has a decimal comma$/);
				},
			),
			RUNS,
		);
	});

	test('numbers: accepted only when exact, and then the rupees sent are the very number given', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.double(),
					fc.double({ min: 0, max: 1e6 }),
					paise.map((p) => p / 100),
				),
				(n) => {
					const amount = accepted(typedAmount, n);
					const text = String(n);
					const exact = Number.isFinite(n) && n > 0 && n < 1e13 && /^\d+(\.\d{1,2})?$/.test(text);
					if (!exact) expect(amount).toBeUndefined();
					else {
						expect(amount.rupees).toBe(n);
						expect(amount.text).toBe(fromPaise(amount.paise).text);
						expect(Number(amount.text)).toBe(n);
					}
				},
			),
			{ numRuns: 1000 },
		);
	});

	test('nothing but a string or a number is ever an amount', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.anything().filter((v) => typeof v !== 'string' && typeof v !== 'number'),
					// A list or an object holding one good amount is still not one amount.
					written.map(({ text }) => [text]),
					paise.map((p) => [p / 100]),
					written.map(({ text }) => ({ amount: text })),
					fc.boolean(),
				),
				(value) => {
					expect(typedAmount.safeParse(value).success).toBe(false);
				},
			),
			RUNS,
		);
	});
});

describe("SMEPay's own amounts (parseAmount)", () => {
	test('its plain decimal text and its JSON numbers are exact; grouped or spaced text is refused', () => {
		fc.assert(
			fc.property(paise, (p) => {
				const { text, rupees } = fromPaise(p);
				expect(parseAmount(text)?.paise).toBe(p);
				expect(parseAmount(rupees)?.paise).toBe(p);
				if (p >= 100000) expect(parseAmount(formatRupees(p).slice(1))).toBeUndefined();
				expect(parseAmount(` ${text}`)).toBeUndefined();
			}),
			RUNS,
		);
	});

	test('accepts exactly the plain amounts the oracle accepts', () => {
		const junk = fc.string({ unit: fc.constantFrom(...'0123456789.,-e '), maxLength: 16 });
		fc.assert(
			fc.property(junk, (text) => {
				const plain = /^\d+(\.\d{1,2})?$/.test(text) ? meant(text) : undefined;
				expect(parseAmount(text)?.paise).toBe(plain);
			}),
			{ numRuns: 1000 },
		);
	});
});

describe('payment modes and their limits', () => {
	test('an amount passes a mode exactly when it is within the documented limits, to the paisa', () => {
		const near = fc.oneof(
			paise,
			fc.constantFrom(
				99,
				100,
				101,
				49_999_999,
				50_000_000,
				50_000_001,
				19_999_999,
				20_000_000,
				20_000_001,
			),
		);
		fc.assert(
			fc.property(near, fc.constantFrom(...PAYMENT_MODES), (p, mode) => {
				const { minPaise, maxPaise = Infinity } = MODE_LIMITS[mode];
				const ok = amountForMode(mode).safeParse(fromPaise(p)).success;
				expect(ok).toBe(p >= minPaise && p <= maxPaise);
			}),
			RUNS,
		);
	});

	test('any case and surrounding spaces name a mode; anything else is refused', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 6 }), (text) => {
				const mode = accepted(paymentMode, text);
				const expected = text.trim() === '' ? 'IMPS' : text.trim().toUpperCase();
				if (PAYMENT_MODES.includes(expected)) expect(mode).toBe(expected);
				else expect(mode).toBeUndefined();
			}),
			RUNS,
		);
	});
});

describe('beneficiary details', () => {
	test('an account number string parses to itself digit for digit: leading zeros kept, spaces gone', () => {
		const spaced = fc
			.tuple(fc.stringMatching(/^\d{9,18}$/), fc.array(fc.nat(), { maxLength: 3 }))
			.map(([digits, cuts]) => {
				let text = digits;
				for (const cut of cuts) {
					const i = cut % text.length;
					text = `${text.slice(0, i)} ${text.slice(i)}`;
				}
				return { digits, text };
			});
		fc.assert(
			fc.property(spaced, ({ digits, text }) => {
				expect(accepted(accountNumber, text)).toBe(digits);
				expect(accepted(accountNumber, `0${digits}`.slice(0, 18))).toBe(`0${digits}`.slice(0, 18));
			}),
			RUNS,
		);
	});

	test('any number-typed account number is refused, whatever its value', () => {
		fc.assert(
			fc.property(
				fc.oneof(fc.double(), fc.maxSafeInteger(), fc.integer({ min: 100_000_000 })),
				(n) => {
					const result = accountNumber.safeParse(n);
					expect(result.success).toBe(false);
					expect(result.error.issues[0].message).toBe(
						'arrived as a number, so a leading zero may already be lost',
					);
				},
			),
			RUNS,
		);
	});

	test('any other account text is accepted only as 9 to 18 digits once spaces are removed', () => {
		fc.assert(
			fc.property(
				fc.string({
					unit: fc.constantFrom(...'0123456789', ' ', '-', 'A', '.', 'e', '+', '٣'),
					maxLength: 22,
				}),
				(text) => {
					const digits = text.replace(/\s/g, '');
					expect(accepted(accountNumber, text)).toBe(
						/^\d{9,18}$/.test(digits) ? digits : undefined,
					);
				},
			),
			{ numRuns: 1000 },
		);
	});

	test('IFSC: 4 letters, a zero, 6 letters or digits, in any case; returned in upper case', () => {
		const valid = fc.stringMatching(/^[A-Za-z]{4}0[A-Za-z0-9]{6}$/);
		const any = fc.oneof(
			valid,
			fc.string({ unit: fc.constantFrom(...'ABSN0123ßıi ', 'a'), minLength: 10, maxLength: 12 }),
		);
		fc.assert(
			fc.property(any, (text) => {
				const expected = /^[A-Za-z]{4}0[A-Za-z0-9]{6}$/.test(text.trim())
					? text.trim().toUpperCase()
					: undefined;
				expect(accepted(ifsc, text)).toBe(expected);
			}),
			{ numRuns: 1000 },
		);
		expect(accepted(ifsc, 12345678901)).toBeUndefined();
	});
});

describe('reference ids and remarks', () => {
	test('a Reference ID is the text written, trimmed; a number only while it is an exact whole number', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.double(), fc.maxSafeInteger()), (value) => {
				const id = accepted(referenceId, value);
				if (typeof value === 'string')
					expect(id).toBe(value.trim() === '' ? undefined : value.trim());
				else if (Number.isSafeInteger(value) && value >= 0) expect(id).toBe(String(value));
				else expect(id).toBeUndefined();
			}),
			RUNS,
		);
	});

	// An invisible character (zero-width space, joiner, soft hyphen, a bidi mark, a control) makes
	// another Reference ID that reads the same: a row paid as "INV-1" and re-run as "INV-1\u200b"
	// after a copy-paste is a new key to SMEPay, so it is paid twice. Refused, never sent.
	test('a Reference ID with an invisible, control or unusual space character inside is refused, naming it', () => {
		const invisible = fc.constantFrom(
			'\u200b',
			'\u200c',
			'\u200d',
			'\u2060',
			'\u00ad',
			'\u200e',
			'\u202e',
			'\u2066',
			'\u00a0',
			'\u2009',
			'\u3000',
			'\u2028',
			'\u0000',
			'\u0007',
			'\t',
			'\n',
			'\u007f',
			'\u0085',
		);
		fc.assert(
			fc.property(
				fc.string({ minLength: 1 }),
				invisible,
				fc.string({ minLength: 1 }),
				(a, c, b) => {
					fc.pre(a.trim() !== '' && b.trim() !== '');
					const result = referenceId.safeParse(`${a.trim()}${c}${b.trim()}`);
					expect(result.success).toBe(false);
					expect(result.error.issues[0].message).toMatch(
						/invisible, control or unusual space character/,
					);
				},
			),
			RUNS,
		);
		expect(accepted(referenceId, 'INV-1\u200b')).toBeUndefined();
		expect(accepted(referenceId, ' INV-1 ')).toBe('INV-1');
	});

	test('remarks: up to 50 characters kept as written (trimmed), longer refused, blank is none', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 60 }), (text) => {
				const result = remarks.safeParse(text);
				const trimmed = text.trim();
				if (trimmed.length > 50) expect(result.success).toBe(false);
				else expect(result.data).toBe(trimmed === '' ? undefined : trimmed);
			}),
			RUNS,
		);
	});
});
