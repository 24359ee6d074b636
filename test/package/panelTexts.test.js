'use strict';
// What the editor's panels say about the nodes must be what they do today. The SMEPay Trigger
// verifies payments itself (by the slug named, SMEPay's transaction_id or the Order ID), so no
// notice may still say that payment webhooks name no slug, or send every payment through
// Validate Order before fulfilling: that path is only for a payment SMEPay could not confirm.
const { SmePay } = require('../../dist/nodes/SmePay/SmePay.node');
const { SmePayTrigger } = require('../../dist/nodes/SmePayTrigger/SmePayTrigger.node');

const trigger = new SmePayTrigger().description;
const action = new SmePay().description;

/** Every text a panel shows: [where, text], through options and collections. */
function texts(description) {
	const found = [
		['description', description.description],
		['activationMessage', description.activationMessage ?? ''],
	];
	const visit = (entries, path) => {
		for (const entry of entries ?? []) {
			const where = `${path}/${entry.name ?? entry.value}`;
			if (entry.type === 'notice') found.push([where, entry.displayName]);
			for (const key of ['description', 'hint', 'placeholder']) {
				if (typeof entry[key] === 'string') found.push([`${where}.${key}`, entry[key]]);
			}
			visit(entry.options, where);
			visit(entry.values, where);
		}
	};
	visit(description.properties, '');
	return found;
}

const ALL = [...texts(trigger), ...texts(action)];
/** The one place that is about payments SMEPay could not confirm (verified: false). */
const ABOUT_UNCONFIRMED = /^\/options\/unverifiablePayments/;

test('no text says payment webhooks name no slug, or to keep the slug for a later look-up', () => {
	const stale = ALL.filter(([, text]) =>
		/do(es)? not say which order slug|keep the slug|keep its slug/i.test(text),
	);
	expect(stale).toEqual([]);
});

test('only the option for payments SMEPay cannot confirm sends them through Validate Order', () => {
	const toValidate = ALL.filter(
		([where, text]) => /Validate Order|before fulfil/i.test(text) && !ABOUT_UNCONFIRMED.test(where),
	);
	expect(toValidate).toEqual([]);
});

test('the setup notice says what the trigger does: checks each event with SMEPay, how, and what runs', () => {
	const notice = trigger.properties.find((p) => p.name === 'setupNotice').displayName;
	expect(notice).toMatch(/Production URL/);
	expect(notice).toMatch(/checked with SMEPay/);
	expect(notice).toMatch(/verified: true/);
	expect(notice).toMatch(/transaction_id/);
	expect(notice).toMatch(/ref_id/);
	expect(notice).toMatch(/Payments SMEPay Cannot Confirm/);
});

test('Test mode: the Success status and Validate say testMode, and that a Live credential refuses it', () => {
	const success = trigger.properties
		.find((p) => p.name === 'statuses')
		.options.find((o) => o.value === 'SUCCESS').description;
	expect(success).toMatch(/TEST_SUCCESS.*testMode: true.*Live/);
	const validate = action.properties
		.find((p) => p.name === 'operation' && p.displayOptions.show.resource.includes('order'))
		.options.find((o) => o.value === 'validate').description;
	expect(validate).toMatch(/testMode/);
});

test('Skip Repeated Deliveries says what the memory keeps, and that the claim is the guarantee', () => {
	const { MAX_REMEMBERED_EVENTS } = require('../../dist/nodes/SmePayTrigger/memory');
	const dedupe = trigger.properties
		.find((p) => p.name === 'options')
		.options.find((o) => o.name === 'dedupe').description;
	const count = MAX_REMEMBERED_EVENTS.toLocaleString('en-US');
	expect(dedupe).toContain(`${count} paid events`);
	expect(dedupe).toContain(`${count} other events SMEPay confirmed`);
	expect(dedupe).toContain(`${count} deliveries it could not confirm`);
	expect(dedupe).toMatch(/claim .* in a Data Table/);
});
