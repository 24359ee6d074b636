#!/usr/bin/env node
'use strict';
// Takes the README's screenshots (docs/*.png) in the real n8n editor:
//   a real n8n with the package, the sandbox and the example workflows (test/e2e/stack.js, free
//   loopback ports, a throw-away user folder) → headless Chromium driven by playwright-core →
//   log in, open the pay-run example and its nodes, go through a pay run's approval page in the
//   browser → save cropped PNGs → stop everything.
//
//   node scripts/screenshots.js                      (n8n 2.41.0; needs `npm run build` first)
//   SMEPAY_E2E_STATE=<state.json> node scripts/screenshots.js   (reuse a running test/e2e/stack.js)
//
// Needs Debian's Chromium (`apt-get install chromium`; another binary: $CHROMIUM_PATH) and the
// devDependency playwright-core (which downloads no browser of its own).

const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT } = require('./n8n/provision');
const { startStack } = require('../test/e2e/stack');
const { connectN8n } = require('./n8n/restApi');

const OUT_DIR = path.join(REPO_ROOT, 'docs');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const VIEWPORT = { width: 1440, height: 900 };
const STEP_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 90_000; // the pay run: payouts settle after 3 s in the sandbox
const log = (line) => console.log(`[screenshots] ${line}`);

const exampleName = (file) =>
	JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8')).name;

async function main() {
	const { chromium } = loadPlaywright();
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

	const t0 = Date.now();
	const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	const cleanups = [];
	const stopAll = async () => {
		while (cleanups.length)
			await cleanups
				.pop()()
				.catch((e) => log(`stop: ${e.message}`));
	};
	const onSignal = () => stopAll().then(() => process.exit(130));
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	try {
		const state = await stackState(cleanups);
		log(`n8n ${state.version} on ${state.baseUrl} (${since()})`);
		const browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
		});
		cleanups.push(() => browser.close());
		const context = await browser.newContext({ viewport: VIEWPORT });
		await logIn(context, state);
		// Narrow panels at twice the pixels, so they stay sharp at README width.
		const sharp = await browser.newContext({
			viewport: VIEWPORT,
			deviceScaleFactor: 2,
			storageState: await context.storageState(),
		});

		fs.mkdirSync(OUT_DIR, { recursive: true });
		const shots = [
			...(await payRunShots(context, state)),
			await triggerShot(sharp, state),
			await nodeActionsShot(sharp, state),
		];
		for (const file of shots)
			log(`${path.relative(REPO_ROOT, file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
		log(`done (${since()})`);
	} finally {
		await stopAll();
	}
}

function loadPlaywright() {
	try {
		return require('playwright-core');
	} catch (error) {
		if (error.code !== 'MODULE_NOT_FOUND') throw error;
		throw new Error('playwright-core is not installed (it is a devDependency: npm ci)');
	}
}

// A stack of our own (stopped at the end), or the one SMEPAY_E2E_STATE points at (left running).
async function stackState(cleanups) {
	if (process.env.SMEPAY_E2E_STATE)
		return JSON.parse(fs.readFileSync(process.env.SMEPAY_E2E_STATE, 'utf8'));
	const { state, stop } = await startStack({ log });
	cleanups.push(stop);
	return state;
}

async function logIn(context, state) {
	const page = await context.newPage();
	await page.goto(`${state.baseUrl}/signin`);
	await page.fill('#emailOrLdapLoginId', state.owner.email);
	await page.fill('#password', state.owner.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: STEP_TIMEOUT_MS });
	await page.close(); // the session cookie stays in the context
}

async function openWorkflow(context, state, name) {
	const id = state.workflows[name];
	if (!id) throw new Error(`workflow "${name}" was not imported`);
	const page = await context.newPage();
	page.setDefaultTimeout(STEP_TIMEOUT_MS);
	await page.goto(`${state.baseUrl}/workflow/${id}`);
	await page.waitForSelector('[data-test-id="canvas-node"]');
	await page.waitForTimeout(1000); // the canvas fits the view after the nodes render
	return page;
}

// 1. The pay-run example on the canvas; 2. its Send Payouts node (Auto-Map, the approved
// fingerprint and the Batch Limit); 3. the approval page a person sees in a pay run, and
// 4. the batch report after Approve (the workflow is activated for its form, then deactivated).
async function payRunShots(context, state) {
	const name = exampleName('spreadsheet-payouts.json');
	const page = await openWorkflow(context, state, name);
	await dismissToasts(page);
	await page.mouse.move(5, VIEWPORT.height / 2); // no hover toolbar on a node
	const canvas = path.join(OUT_DIR, 'spreadsheet-payouts.png');
	await page.screenshot({
		path: canvas,
		clip: await around(page, '[data-test-id="canvas-node"], [data-test-id="sticky"]'),
	});

	await page.locator('[data-test-id="canvas-node"]', { hasText: 'Send Payouts' }).dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.getByText('Approved Fingerprint').first().waitFor();
	await page.waitForTimeout(500);
	const sendPayout = path.join(OUT_DIR, 'send-payout-node.png');
	await page.screenshot({ path: sendPayout, clip: await ndv.boundingBox() });
	await page.close();

	const api = connectN8n({ baseUrl: state.baseUrl, provisioned: state.provisioned }).resume(
		state.session,
	);
	const id = state.workflows[name];
	await api.activateWorkflow(id);
	try {
		return [canvas, sendPayout, ...(await approvalShots(context, state))];
	} finally {
		await api.deactivateWorkflow(id);
	}
}

// The pay run as its approver goes through it, in the browser: start page → approval page →
// Approve → report.
async function approvalShots(context, state) {
	const page = await context.newPage();
	page.setDefaultTimeout(RUN_TIMEOUT_MS);
	await page.setViewportSize({ width: 900, height: 1000 });
	await page.goto(`${state.baseUrl}/form/smepay-pay-run`);
	await page.fill('#field-0', 'Finance team');
	await page.click('#submit-btn');
	await page.waitForURL(/form-waiting/);
	await page.getByText('Decision', { exact: true }).waitFor();
	await page.waitForTimeout(500);
	const approval = path.join(OUT_DIR, 'pay-run-approval.png');
	await page.screenshot({ path: approval, fullPage: true });

	await page.getByText('Approve', { exact: true }).click();
	await page.click('#submit-btn');
	await page.getByText('Pay run finished').waitFor();
	await page.waitForTimeout(500);
	const report = path.join(OUT_DIR, 'pay-run-report.png');
	await page.screenshot({ path: report, fullPage: true });
	await page.close();
	return [approval, report];
}

// 5. The SMEPay Trigger's parameters column in the fulfilment example: its Production URL,
// filters and options.
async function triggerShot(context, state) {
	const page = await openWorkflow(context, state, exampleName('fulfilment.json'));
	await page.locator('[data-test-id="canvas-trigger-node"]').first().dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.getByText('Webhook URLs').click();
	await page.click('[data-test-id="radio-button-production"]');
	await page.waitForTimeout(500);
	const box = await ndv.boundingBox();
	const tabs = await page.locator('[data-test-id="tab-params"]').boundingBox();
	const run = await page.locator('[data-test-id="node-execute-button"]').first().boundingBox();
	const options = await page.locator('[data-test-id="collection-parameter-add"]').boundingBox();
	const file = path.join(OUT_DIR, 'smepay-trigger.png');
	// From the Parameters tab to the Execute step button, down to the Options.
	const x = tabs.x - 16;
	const y = Math.min(tabs.y, run.y) - 8;
	const bottom = Math.min(box.y + box.height, options.y + options.height + 24);
	await page.screenshot({
		path: file,
		clip: { x, y, width: run.x + run.width + 12 - x, height: bottom - y },
	});
	await page.close();
	return file;
}

// 6. The nodes panel searching "SMEPay": the node's actions, grouped by resource.
async function nodeActionsShot(context, state) {
	const page = await openWorkflow(context, state, exampleName('fulfilment.json'));
	await page.setViewportSize({ width: VIEWPORT.width, height: 1100 }); // room for all the actions
	await page.click('[data-test-id="node-creator-plus-button"]');
	await page.waitForSelector('[data-test-id="node-creator-search-bar"]');
	await page.keyboard.type('SMEPay'); // the search box has the focus
	await page
		.locator('[data-test-id="node-creator-item-name"]', { hasText: 'SMEPay' })
		.first()
		.click();
	const actions = page.locator(
		'[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]',
	);
	await actions.first().waitFor();
	await page.waitForTimeout(500);
	const file = path.join(OUT_DIR, 'node-actions.png');
	const panel = await page.locator('[data-test-id="node-creator"]').boundingBox();
	const last = await actions.last().boundingBox();
	// Down to the last action: a workflow that has its trigger lists no triggers to add.
	await page.screenshot({
		path: file,
		clip: { ...panel, height: last.y + last.height + 16 - panel.y },
	});
	await page.close();
	return file;
}

async function dismissToasts(page) {
	const close = page.locator('.el-notification__closeBtn');
	for (let i = (await close.count()) - 1; i >= 0; i--) await close.nth(i).click();
	await page.waitForTimeout(400); // the toast's fade-out
}

// The box around every element matching selector, plus a margin (more below: node names are
// drawn under the node's box), inside the viewport.
async function around(page, selector, margin = 24, below = 56) {
	const boxes = (
		await Promise.all((await page.locator(selector).all()).map((l) => l.boundingBox()))
	).filter(Boolean);
	const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
	const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
	const right = Math.min(VIEWPORT.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
	const bottom = Math.min(VIEWPORT.height, Math.max(...boxes.map((b) => b.y + b.height)) + below);
	return { x, y, width: right - x, height: bottom - y };
}

if (require.main === module)
	main().catch((error) => {
		console.error(`[screenshots] ${error.stack || error.message}`);
		process.exitCode = 1;
	});
