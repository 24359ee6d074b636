// `n8n-node build` copies the icons but not the codex files (*.node.json) that give each node its
// category and documentation links in the editor; this copies them so dist/ is complete.
const { src, dest } = require('gulp');

function buildAssets() {
	return src(['nodes/**/*.node.json'], { base: '.' }).pipe(dest('dist'));
}

exports['build:assets'] = buildAssets;
