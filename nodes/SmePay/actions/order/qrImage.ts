const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The PNG inside Initiate's `qr_code` (data:image/png;base64,...), or undefined when the value is
 * not a PNG data URL: then the item keeps the text and gets no file.
 */
export function pngFromDataUrl(value: unknown): Buffer | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/.exec(value);
	if (!match) return undefined;
	const png = Buffer.from(match[1], 'base64');
	const isPng = PNG_SIGNATURE.every((byte, index) => png[index] === byte);
	return isPng ? png : undefined;
}
