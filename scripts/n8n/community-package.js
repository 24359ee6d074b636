'use strict';
// Installs a packed community package (`npm pack` output) into an n8n user folder the way
// n8n's own installer does (Settings > Community nodes; n8n 2.41 CommunityPackagesService
// .downloadPackage): unpack into <userFolder>/.n8n/nodes/node_modules/<name>, drop dev/peer/
// optional dependencies from its package.json, install its runtime dependencies (ours has
// none, so nothing is fetched), and record it in <userFolder>/.n8n/nodes/package.json.
// n8n scans that node_modules for `n8n-nodes-*` at startup, so the node types get the
// package prefix users see (`n8n-nodes-smepay.smePay`), unlike N8N_CUSTOM_EXTENSIONS
// (which loads loose files under the `CUSTOM.` prefix).

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

function nodesDir(userFolder) {
	return path.join(userFolder, '.n8n', 'nodes');
}

function installCommunityPackage({ userFolder, tarball, log = () => {} }) {
	const root = nodesDir(userFolder);
	fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
	const manifestPath = path.join(root, 'package.json');
	const manifest = fs.existsSync(manifestPath)
		? JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };

	const staging = fs.mkdtempSync(path.join(root, '.unpack-'));
	try {
		execFileSync('tar', ['-xzf', path.resolve(tarball), '-C', staging, '--strip-components=1']);
		const pkgPath = path.join(staging, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
			fs.readFileSync(pkgPath, 'utf8'),
		);
		fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
		if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
			// n8n forbids runtime dependencies for verified nodes; handle them anyway, like n8n does.
			execFileSync(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: staging, stdio: 'ignore' },
			);
		}
		// Replace the previous copy in one step: n8n must never see a half-written package.
		const target = path.join(root, 'node_modules', pkg.name);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.rmSync(target, { recursive: true, force: true });
		fs.renameSync(staging, target);
		manifest.dependencies = { ...manifest.dependencies, [pkg.name]: pkg.version };
		fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
		log(
			`[n8n] installed ${pkg.name}@${pkg.version} into ${path.relative(process.cwd(), target) || target}`,
		);
		return { name: pkg.name, version: pkg.version, dir: target };
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
}

// `npm pack` a package folder into outDir and return the tarball's path.
function packPackage({ packageDir, outDir }) {
	fs.mkdirSync(outDir, { recursive: true });
	// --ignore-scripts: packing must not trigger prepack/prepare builds here; the caller builds.
	const out = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', outDir],
		{
			cwd: packageDir,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const [{ filename }] = JSON.parse(out);
	return path.join(outDir, path.basename(filename));
}

module.exports = { installCommunityPackage, packPackage, nodesDir };
