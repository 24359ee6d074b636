// The package's entry point: n8n loads the classes through package.json's "n8n" block; this
// exports the same built classes for anyone requiring the package directly.
module.exports = {
	SmePay: require('./dist/nodes/SmePay/SmePay.node.js').SmePay,
	SmePayTrigger: require('./dist/nodes/SmePayTrigger/SmePayTrigger.node.js').SmePayTrigger,
	SmePayApi: require('./dist/credentials/SmePayApi.credentials.js').SmePayApi,
	SmePayDisbursementApi: require('./dist/credentials/SmePayDisbursementApi.credentials.js')
		.SmePayDisbursementApi,
	SmePayPartnerApi: require('./dist/credentials/SmePayPartnerApi.credentials.js').SmePayPartnerApi,
};
