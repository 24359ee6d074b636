'use strict';
// PostgreSQL and Redis for n8n's queue mode, as child processes of this one: Debian's packages
// (installed with apt-get when missing and this runs as root), data in a throwaway folder,
// listening on 127.0.0.1 only, stopped by stop() (or when this process exits).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const { freePort } = require('../n8n/instance');

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;

/** Installs postgresql and redis-server from Debian's packages if either is missing. */
function ensurePackages({ log = console.log } = {}) {
	const missing = [];
	if (!postgresBinDir()) missing.push('postgresql');
	if (!hasCommand('redis-server')) missing.push('redis-server');
	if (!missing.length) return { installed: [], ms: 0 };
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(
			`${missing.join(' and ')} missing; install as root: apt-get update && apt-get install -y ${missing.join(' ')}`,
		);
	}
	const started = Date.now();
	log(`[queue] installing ${missing.join(', ')} with apt-get (once per machine)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
		const result = spawnSync('apt-get', args, { env, encoding: 'utf8' });
		if (result.status !== 0)
			throw new Error(
				`apt-get ${args.join(' ')} failed:\n${tailText(result.stdout + result.stderr)}`,
			);
	}
	if (!postgresBinDir() || !hasCommand('redis-server'))
		throw new Error('apt-get finished but postgres or redis-server is still not there');
	const ms = Date.now() - started;
	log(`[queue] installed ${missing.join(', ')} in ${Math.round(ms / 1000)} s`);
	return { installed: missing, ms };
}

/**
 * Starts both services. Returns { postgres: {host, port, user, password, database}, redis: {host,
 * port}, n8nEnv (the DB_* and QUEUE_BULL_* variables for n8n), psql(sql), stop() }.
 */
async function startServices({ workDir, log = console.log } = {}) {
	ensurePackages({ log });
	const ownDir = !workDir;
	workDir = workDir || fs.mkdtempSync(path.join(os.tmpdir(), 'smepay-queue-'));
	fs.mkdirSync(workDir, { recursive: true });
	fs.chmodSync(workDir, 0o755); // mkdtemp gives 0700; as root, the `postgres` user must get in
	const stops = [];
	if (ownDir) stops.push(async () => fs.rmSync(workDir, { recursive: true, force: true }));
	const stop = async () => {
		while (stops.length) await stops.pop()();
	};
	try {
		const postgres = await startPostgres({ dir: path.join(workDir, 'postgres'), log });
		stops.push(postgres.stop);
		const redis = await startRedis({ dir: path.join(workDir, 'redis'), log });
		stops.push(redis.stop);
		return {
			workDir,
			postgres: postgres.info,
			redis: redis.info,
			psql: postgres.psql,
			n8nEnv: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: postgres.info.host,
				DB_POSTGRESDB_PORT: String(postgres.info.port),
				DB_POSTGRESDB_DATABASE: postgres.info.database,
				DB_POSTGRESDB_USER: postgres.info.user,
				DB_POSTGRESDB_PASSWORD: postgres.info.password,
				QUEUE_BULL_REDIS_HOST: redis.info.host,
				QUEUE_BULL_REDIS_PORT: String(redis.info.port),
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

// initdb refuses to run as root: as root, the cluster belongs to Debian's `postgres` user.
function runAs() {
	if (process.getuid && process.getuid() === 0) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		return { uid, gid };
	}
	return {};
}

async function startPostgres({ dir, log }) {
	const bin = postgresBinDir();
	const owner = runAs();
	const info = {
		host: '127.0.0.1',
		port: await freePort(),
		user: 'n8n',
		password: crypto.randomBytes(12).toString('hex'),
		database: 'n8n',
	};
	fs.mkdirSync(dir, { recursive: true });
	const data = path.join(dir, 'data');
	const pwfile = path.join(dir, 'pwfile');
	fs.writeFileSync(pwfile, info.password, { mode: 0o600 });
	if (owner.uid !== undefined) {
		fs.chownSync(dir, owner.uid, owner.gid);
		fs.chownSync(pwfile, owner.uid, owner.gid);
	}
	const initdb = spawnSync(
		path.join(bin, 'initdb'),
		[
			'-D',
			data,
			'-U',
			info.user,
			`--pwfile=${pwfile}`,
			'--auth=scram-sha-256',
			'-E',
			'UTF8',
			'--no-sync',
		],
		{ ...owner, cwd: dir, encoding: 'utf8' },
	);
	if (initdb.status !== 0)
		throw new Error(`initdb failed:\n${tailText(initdb.stdout + initdb.stderr)}`);

	const logFile = path.join(dir, 'postgres.log');
	const server = spawnService(
		path.join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(info.port),
			'-c',
			`listen_addresses=${info.host}`,
			'-c',
			`unix_socket_directories=${dir}`,
			'-c',
			'fsync=off', // a throwaway test database: speed over durability
			'-c',
			'max_connections=100',
		],
		{ ...owner, cwd: dir, logFile, name: 'postgres', stopSignal: 'SIGINT' },
	);
	const psql = (sql, database = info.database) =>
		execFileSync(
			path.join(bin, 'psql'),
			[
				'-h',
				info.host,
				'-p',
				String(info.port),
				'-U',
				info.user,
				'-d',
				database,
				'-XAtq',
				'-c',
				sql,
			],
			{
				env: { ...process.env, PGPASSWORD: info.password },
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		).trim();
	try {
		await waitFor(`postgres on ${info.port}`, server, () => {
			psql('select 1', 'postgres');
			return true;
		});
		psql(`create database ${info.database}`, 'postgres');
	} catch (error) {
		await server.stop();
		throw new Error(`${error.message}\n--- ${logFile} ---\n${tailFile(logFile)}`);
	}
	log(
		`[queue] postgres ${path.basename(path.dirname(bin))} on ${info.host}:${info.port} (data: ${data})`,
	);
	return { info, psql, stop: server.stop };
}

async function startRedis({ dir, log }) {
	const info = { host: '127.0.0.1', port: await freePort() };
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	const server = spawnService(
		'redis-server',
		[
			'--port',
			String(info.port),
			'--bind',
			info.host,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--dir',
			dir,
		],
		{ cwd: dir, logFile, name: 'redis', stopSignal: 'SIGTERM' },
	);
	await waitFor(`redis on ${info.port}`, server, () => redisPing(info));
	log(`[queue] redis on ${info.host}:${info.port}`);
	return { info, stop: server.stop };
}

/** A long-running child in its own process group, killed with this process if not stopped. */
function spawnService(cmd, args, { uid, gid, cwd, logFile, name, stopSignal }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { cwd, uid, gid, stdio: ['ignore', out, out], detached: true });
	fs.closeSync(out);
	let exited = null;
	const exit = new Promise((resolve) => {
		child.on('exit', (code, signal) => resolve((exited = { code, signal })));
		child.on('error', (error) => resolve((exited = { code: -1, signal: null, error })));
	});
	const killOnExit = () => killGroup(child.pid, 'SIGKILL');
	process.on('exit', killOnExit);
	return {
		name,
		pid: child.pid,
		exited: () => exited,
		async stop() {
			process.off('exit', killOnExit);
			if (exited) return exited;
			killGroup(child.pid, stopSignal);
			const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), STOP_GRACE_MS);
			const result = await exit;
			clearTimeout(timer);
			return result;
		},
	};
}

async function waitFor(what, server, probe) {
	const deadline = Date.now() + START_TIMEOUT_MS;
	for (;;) {
		const exited = server.exited();
		if (exited) throw new Error(`${what} exited during startup (${JSON.stringify(exited)})`);
		try {
			if (await probe()) return;
		} catch {
			// not up yet
		}
		if (Date.now() > deadline) {
			await server.stop();
			throw new Error(`${what} did not come up within ${START_TIMEOUT_MS / 1000} s`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
}

// PING over RESP on a raw socket: no client library needed for a readiness probe.
function redisPing({ host, port }) {
	const net = require('node:net');
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host, port });
		socket.setTimeout(1000, () => socket.destroy(new Error('timeout')));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			socket.end();
			resolve(chunk.toString().startsWith('+PONG'));
		});
		socket.on('error', reject);
	});
}

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : null;
}

function hasCommand(name) {
	return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

function tailText(text, lines = 30) {
	return String(text).trimEnd().split('\n').slice(-lines).join('\n');
}

function tailFile(file, lines = 30) {
	try {
		return tailText(fs.readFileSync(file, 'utf8'), lines);
	} catch {
		return '(no log)';
	}
}

module.exports = { startServices, ensurePackages };
