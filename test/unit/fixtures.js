'use strict';
// What the unit tests of the node's checks share: the node the errors name, and catching the
// refusal a check throws.

/** The SMEPay node as n8n hands it to an operation (errors carry it). */
const NODE = {
	id: '1',
	name: 'SMEPay',
	type: 'n8n-nodes-smepay.smePay',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The error fn throws; fails the test when it throws none. */
function refusal(fn) {
	try {
		fn();
	} catch (error) {
		return error;
	}
	throw new Error('expected a refusal');
}

module.exports = { NODE, refusal };
