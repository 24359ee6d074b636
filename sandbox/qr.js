// @ts-check
'use strict';
// A real PNG QR code as a data URL. The `qrcode` package encodes the QR matrix; the PNG is written
// here (8-bit greyscale + zlib) because qrcode's own PNG path (pngjs) is ~20× slower when the
// sandbox runs inside jest's VM, which made every Inline initiate take about a second in tests.

const zlib = require('node:zlib');
const QRCode = require('qrcode');

const SCALE = 6; // pixels per module
const MARGIN = 2; // quiet zone, in modules

const CRC_TABLE = new Int32Array(256).map((_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c;
});

/** @param {Buffer} buf */
function crc32(buf) {
	let c = -1;
	for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return (c ^ -1) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

/**
 * @param {string} text
 * @returns {string} data:image/png;base64,...
 */
function qrDataUrl(text) {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const size = modules.size;
	const width = (size + 2 * MARGIN) * SCALE;
	const stride = width + 1; // filter byte + one byte per pixel
	const raw = Buffer.alloc(stride * width, 255);
	for (let y = 0; y < width; y++) {
		raw[y * stride] = 0;
		const my = Math.floor(y / SCALE) - MARGIN;
		if (my < 0 || my >= size) continue;
		for (let mx = 0; mx < size; mx++) {
			if (!modules.get(my, mx)) continue;
			const start = y * stride + 1 + (mx + MARGIN) * SCALE;
			raw.fill(0, start, start + SCALE);
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(width, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 0; // greyscale
	const png = Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
	return `data:image/png;base64,${png.toString('base64')}`;
}

module.exports = { qrDataUrl, QR_SCALE: SCALE, QR_MARGIN: MARGIN };
