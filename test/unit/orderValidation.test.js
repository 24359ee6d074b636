'use strict';
// The pure parts of the order operations: Inline DQR's "paid in full" verdict (exact paise), and
// reading the QR PNG out of Initiate's data URL.
const zlib = require('node:zlib');
const {
	paidInFull,
	wizardVerdict,
} = require('../../nodes/SmePay/actions/order/validate.operation');
const { testModeRefusal } = require('../../nodes/SmePay/api/testMode');
const { pngFromDataUrl } = require('../../nodes/SmePay/actions/order/qrImage');
const { parseAmount } = require('../../nodes/SmePay/validation/amount');

describe('paidInFull (Inline validate, from the status answer)', () => {
	test.each([
		// status answer,                               expected, valid
		[{ payment_status: 'SUCCESS', amount: 100.1 }, '100.10', true],
		[{ payment_status: 'SUCCESS', amount: 100.1 }, '100.1', true],
		[{ payment_status: 'SUCCESS', amount: '100.10' }, '100.10', true],
		[{ payment_status: 'SUCCESS', amount: 0.29 }, '0.29', true], // 0.29 * 100 is 28.999… in floats
		[{ payment_status: 'SUCCESS', amount: 1234567.89 }, '1234567.89', true],
		[{ payment_status: 'SUCCESS', amount: 100.1 }, '100.01', false],
		[{ payment_status: 'SUCCESS', amount: 100 }, '100.10', false],
		[{ payment_status: 'SUCCESS', amount: 100.11 }, '100.10', false],
		[{ payment_status: 'SUCCESS' }, '100.10', false], // no amount: not provably paid
		[{ payment_status: 'SUCCESS', amount: 'abc' }, '100.10', false],
		[{ payment_status: 'PENDING', amount: 100.1 }, '100.10', false],
		[{ payment_status: 'FAILED', amount: 100.1 }, '100.10', false],
		[{ payment_status: 'EXPIRED', amount: 100.1 }, '100.10', false],
		[{ payment_status: 'success', amount: 100.1 }, '100.10', false], // only SMEPay's exact word
		[{ amount: 100.1 }, '100.10', false],
	])('%j against %s → valid %s', (status, expected, valid) => {
		const verdict = paidInFull(status, parseAmount(expected));
		expect(verdict.valid).toBe(valid);
		expect(verdict.payment_status).toBe(String(status.payment_status ?? ''));
		expect(verdict.message).toMatch(
			valid ? /paid in full/ : status.payment_status === 'SUCCESS' ? /Amount mismatch/ : /not paid/,
		);
	});

	test('the mismatch message names both amounts', () => {
		expect(
			paidInFull({ payment_status: 'SUCCESS', amount: 100 }, parseAmount('100.10')).message,
		).toBe('Amount mismatch: order amount is 100.00, expected 100.10');
	});
});

describe('a Test-mode payment (TEST_SUCCESS): paid on Test and Custom, never on Live', () => {
	const paid = { payment_status: 'TEST_SUCCESS', amount: 10 };

	test.each(['test', 'custom'])('%s credential: paid in full, testMode: true', (environment) => {
		expect(paidInFull(paid, parseAmount('10.00'), environment)).toEqual({
			valid: true,
			payment_status: 'TEST_SUCCESS',
			testMode: true,
			message: 'Order paid in full (Test mode: no money moves)',
		});
		expect(
			wizardVerdict({ valid: true, payment_status: 'TEST_SUCCESS' }, environment),
		).toMatchObject({
			valid: true,
			testMode: true,
		});
	});

	test('Live credential: not paid, and the message says why and what to check', () => {
		const inline = paidInFull(paid, parseAmount('10.00'), 'live');
		const wizard = wizardVerdict({ valid: true, payment_status: 'TEST_SUCCESS' }, 'live');
		for (const verdict of [inline, wizard]) {
			expect(verdict).toMatchObject({
				valid: false,
				testMode: true,
				payment_status: 'TEST_SUCCESS',
			});
			expect(verdict.message).toMatch(/Test-mode .* Live credential: no money moved/);
		}
	});

	test('Live credential: a plain SUCCESS is paid, testMode: false', () => {
		expect(
			paidInFull({ payment_status: 'SUCCESS', amount: 10 }, parseAmount('10.00'), 'live'),
		).toMatchObject({ valid: true, testMode: false });
		expect(wizardVerdict({ valid: true, payment_status: 'SUCCESS' }, 'live')).toMatchObject({
			valid: true,
			testMode: false,
		});
	});

	test('only SUCCESS counts: TEST_PENDING, TEST_FAILED and a Wizard valid: false are not paid', () => {
		for (const status of ['TEST_PENDING', 'TEST_FAILED', 'TEST_']) {
			expect(
				paidInFull({ payment_status: status, amount: 10 }, parseAmount('10.00'), 'test'),
			).toMatchObject({ valid: false, testMode: true });
		}
		expect(wizardVerdict({ valid: false, payment_status: 'TEST_SUCCESS' }, 'test')).toMatchObject({
			valid: false,
		});
	});

	test('the trigger uses the same rule: a Live credential refuses, Test and Custom take it', () => {
		expect(testModeRefusal('live')).toMatch(/Live credential: no money moved/);
		expect(testModeRefusal('test')).toBeUndefined();
		expect(testModeRefusal('custom')).toBeUndefined();
	});
});

describe('pngFromDataUrl', () => {
	const png = tinyPng();

	test('gives the PNG bytes of a PNG data URL', () => {
		const buffer = pngFromDataUrl(`data:image/png;base64,${png.toString('base64')}`);
		expect(Buffer.isBuffer(buffer)).toBe(true);
		expect(buffer.equals(png)).toBe(true);
	});

	test.each([
		['not a string', 42],
		['missing', undefined],
		['another image type', `data:image/jpeg;base64,${png.toString('base64')}`],
		['a plain URL', 'https://example.com/qr.png'],
		[
			'base64 that is not a PNG',
			`data:image/png;base64,${Buffer.from('GIF89a-not-a-png').toString('base64')}`,
		],
		['empty data', 'data:image/png;base64,'],
	])('refuses %s', (_name, value) => {
		expect(pngFromDataUrl(value)).toBeUndefined();
	});
});

/** A 1×1 greyscale PNG, built here so the test does not depend on the sandbox. */
function tinyPng() {
	const chunk = (type, data) => {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		return Buffer.concat([length, Buffer.from(type, 'ascii'), data, Buffer.alloc(4)]);
	};
	const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', zlib.deflateSync(Buffer.from([0, 255]))),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
