// @ts-check
'use strict';
// IP allowlist check, as SMEPay does for Live-mode businesses (Test-mode businesses skip it).

/** @param {string} ip */
function normalizeIp(ip) {
	return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/**
 * @param {{ mode: string, ipAllowlist: string[] }} client
 * @param {string} remoteAddress
 * @returns {{ status: number, body: any } | null} the 403 answer, or null when allowed
 */
function checkIp(client, remoteAddress) {
	if (client.mode !== 'live') return null;
	const ip = normalizeIp(remoteAddress);
	const list = client.ipAllowlist;
	if (list.includes('*') || list.includes(ip) || list.includes(remoteAddress)) return null;
	return {
		status: 403,
		body: { status: false, error: 'ip_not_whitelisted', message: `IP ${ip} is not in the allowed list` },
	};
}

module.exports = { checkIp, normalizeIp };
