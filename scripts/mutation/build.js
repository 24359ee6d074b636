'use strict';
// Stryker's build step, run inside its sandbox (a copy of the project outside the repository,
// see stryker.config.mjs): link the project's node_modules in first (Stryker links it only after
// the build, and outside the repository nothing else finds tsc, gulp or n8n-workflow's types),
// then the project's own build.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');

const project = process.env.SMEPAY_MUTATION_PROJECT; // set by stryker.config.mjs
if (!project) throw new Error('SMEPAY_MUTATION_PROJECT is not set: run this through Stryker');
const link = path.join(process.cwd(), 'node_modules');
if (!fs.existsSync(link)) fs.symlinkSync(path.join(project, 'node_modules'), link, 'junction');
execSync('npm run build', { stdio: 'inherit' });
