'use strict';
// n8n Form pages driven over HTTP the way n8n's own page script does it in a browser
// (n8n's form-trigger.handlebars): GET a page, POST the fields as multipart form data, then
// follow the execution to its next page: the POST answers { formWaitingUrl }, the page polls
// `<that url>/n8n-execution-status` until it says "form-waiting", then opens that url. Works
// with n8n 2.41.x (signed waiting urls) and 1.123.x.

const POLL_MS = 250;

/** A form page as a browser shows it: its title, the text a person reads, and its fields. */
function parsePage(url, html) {
	const fields = [];
	// Each field is a label (class form-label) followed by its input or choice group, id field-N.
	const labelled =
		/<label class=['"]form-label[^'"]*['"][^>]*>([\s\S]*?)<\/label>[\s\S]*?id=['"](field-\d+)['"]/g;
	for (const [, label, id] of html.matchAll(labelled)) fields.push({ id, label: text(label) });
	// Custom HTML blocks post their content back in a hidden input of the same id.
	const hidden = [
		...html.matchAll(
			/<input type=['"]hidden['"] id=['"](field-\d+)['"] name=['"]field-\d+['"] value="([^"]*)"/g,
		),
	].map(([, id, value]) => ({ id, value: decode(value) }));
	const choices = (id) =>
		[...html.matchAll(new RegExp(`id=['"]option\\d+_${id}['"] value=['"]([^'"]*)['"]`, 'g'))].map(
			([, value]) => decode(value),
		);
	return {
		url,
		html,
		title: text((html.match(/<h1>([\s\S]*?)<\/h1>/) || [])[1] || ''),
		text: text(html.replace(/<input[^>]*>/g, ' ').replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')),
		fields: fields.map((field) => ({ ...field, options: choices(field.id) })),
		hidden,
	};
}

/** GET a form page (a Form Trigger's /form/<path> or a waiting execution's page). */
async function openForm(url) {
	const response = await fetch(url);
	const html = await response.text();
	if (!response.ok)
		throw new Error(`GET ${url} -> ${response.status}: ${text(html).slice(0, 300)}`);
	return parsePage(url, html);
}

/**
 * Fills the page's fields by label ({ Decision: 'Approve' }) and submits it as n8n's page script
 * does (choices as a JSON list under the group's id), then follows to the next page. Returns
 * { page, executionId, waitingUrl }; `page` is undefined when the run ended with no page to show.
 */
async function submitForm(page, values, { timeoutMs = 120_000 } = {}) {
	const body = new FormData();
	for (const { id, value } of page.hidden) body.append(id, value);
	for (const field of page.fields) {
		if (!(field.label in values)) continue;
		const value = values[field.label];
		if (field.options.length) {
			if (!field.options.includes(value))
				throw new Error(`"${field.label}" has no option "${value}" (${field.options.join(', ')})`);
			body.append(field.id, JSON.stringify([value]));
		} else body.append(field.id, String(value));
	}
	const unknown = Object.keys(values).filter(
		(label) => !page.fields.some((f) => f.label === label),
	);
	if (unknown.length) throw new Error(`no field labelled ${unknown.join(', ')} on "${page.title}"`);

	const response = await fetch(page.url, { method: 'POST', body });
	const answer = await response.text();
	if (!response.ok)
		throw new Error(`POST ${page.url} -> ${response.status}: ${answer.slice(0, 300)}`);
	let waitingUrl;
	try {
		waitingUrl = JSON.parse(answer).formWaitingUrl;
	} catch {
		// not JSON: a page of its own
	}
	if (!waitingUrl) return { page: parsePage(page.url, answer), answer };
	const status = await waitForPage(waitingUrl, timeoutMs);
	return {
		executionId: new URL(waitingUrl).pathname.split('/').pop(),
		waitingUrl,
		status,
		page: status === 'form-waiting' ? await openForm(waitingUrl) : undefined,
	};
}

/** Polls the execution's status as the page script does, until a page waits or the run ended. */
async function waitForPage(waitingUrl, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = (await (await fetch(`${waitingUrl}/n8n-execution-status`)).text()).trim();
		if (!['new', 'running', 'waiting'].includes(status)) return status;
		if (Date.now() > deadline)
			throw new Error(`${waitingUrl}: still ${status} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
}

function decode(html) {
	return html
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#x27;|&#39;/g, "'")
		.replace(/&#x3D;/g, '=')
		.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
		.replace(/&amp;/g, '&');
}

/** What a person reads: tags dropped, entities decoded, white space collapsed. */
function text(html) {
	return decode(
		html.replace(/<\/?(b|i|em|strong|code|span|a|u|sub|sup)\b[^>]*>/g, '').replace(/<[^>]+>/g, ' '),
	)
		.replace(/\s+/g, ' ')
		.trim();
}

module.exports = { openForm, submitForm, parsePage };
