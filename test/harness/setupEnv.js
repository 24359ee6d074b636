'use strict';
// n8n-core keeps an instance folder (encryption key, binary data); tests get a throwaway one
// instead of ~/.n8n.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'smepay-n8n-'));
}
process.env.N8N_LOG_LEVEL ??= 'silent';
