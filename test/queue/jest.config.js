// The queue-mode suite (`npm run test:queue`): PostgreSQL, Redis, n8n main + 2 workers + 1 webhook
// processor, all real, on loopback. Its own config because it needs minutes, root (or Debian's
// postgresql and redis-server already installed) and a provisioned n8n 2.x; files are `*.queue.js`
// so the main jest config (`test/**/*.test.js`) never picks them up.
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/queue/**/*.queue.js'],
	testTimeout: 300_000,
	maxWorkers: 1,
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
