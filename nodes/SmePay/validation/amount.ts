/**
 * Money as exact integer paise. Amounts arrive as strings or numbers from spreadsheets and
 * expressions; they are checked as text so that "100.10" stays 100.10 and 0.1 + 0.2 is refused
 * instead of silently rounded.
 */
export interface Amount {
	/** Canonical text with two decimals, e.g. "100.10": what order endpoints take. */
	text: string;
	/** Integer paise, for comparisons and limits. */
	paise: number;
	/** The same value as a JS number, for endpoints that take a number (payouts). */
	rupees: number;
}

const AMOUNT_PATTERN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Returns the amount, or undefined when the value is not a positive amount with ≤ 2 decimals. */
export function parseAmount(value: unknown): Amount | undefined {
	const text = typeof value === 'number' ? numberText(value) : String(value ?? '').trim();
	const match = AMOUNT_PATTERN.exec(text.replace(/,/g, ''));
	if (!match) return undefined;
	const paise = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
	if (paise <= 0) return undefined;
	return fromPaise(paise);
}

export function fromPaise(paise: number): Amount {
	const rupees = Math.floor(paise / 100);
	const text = `${rupees}.${String(paise % 100).padStart(2, '0')}`;
	return { text, paise, rupees: Number(text) };
}

/** ₹5,00,000 style, for messages. */
export function formatRupees(paise: number): string {
	const { text } = fromPaise(paise);
	const [whole, decimals] = text.split('.');
	const lastThree = whole.slice(-3);
	const rest = whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
	return `₹${rest ? `${rest},` : ''}${lastThree}${decimals === '00' ? '' : `.${decimals}`}`;
}

function numberText(value: number): string {
	// Number → shortest text that round-trips: 100.1 → "100.1", 0.30000000000000004 stays long
	// and is refused by the pattern.
	return Number.isFinite(value) ? String(value) : 'NaN';
}
