// Starts the real weerbaar-server binary for a test: a fresh data folder, port 0, the
// admin invite from `init`, extra allowed origins (and a map tile folder) written to
// weerbaar.toml. Paths come from WEERBAAR_SERVER_BIN and WEERBAAR_CLI_BIN.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SERVER_BIN = process.env.WEERBAAR_SERVER_BIN ?? '';
export const CLI_BIN = process.env.WEERBAAR_CLI_BIN ?? '';
export const HAVE_BINARIES = SERVER_BIN !== '' && CLI_BIN !== '';

export interface RunningServer {
  url: string; // ws://127.0.0.1:PORT/
  port: number;
  adminInvite: string;
  dir: string;
  stop(): Promise<void>;
}

function waitForListening(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + seen)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
  });
}

// With webRoot the server also serves that folder (the built client) on its own origin;
// with mapTilesDir, that folder below /tiles/ (map_tiles_dir).
export async function startServer(allowedOrigins: string[] = [], webRoot?: string, mapTilesDir?: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'weerbaar-web-test-'));
  const data = join(dir, 'data');
  const init = await run(SERVER_BIN, ['init', '--data', data]);
  const invite = /admin invite: (\S+)/.exec(init.stdout)?.[1];
  if (!invite) throw new Error('no admin invite in: ' + init.stdout);
  if (allowedOrigins.length > 0) {
    appendFileSync(join(data, 'weerbaar.toml'), `\nallowed_origins = ${JSON.stringify(allowedOrigins)}\n`);
  }
  if (mapTilesDir) appendFileSync(join(data, 'weerbaar.toml'), `\nmap_tiles_dir = ${JSON.stringify(mapTilesDir)}\n`);
  const args = ['run', '--data', data, '--listen', '127.0.0.1:0', ...(webRoot ? ['--web-root', webRoot] : [])];
  const child = spawn(SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  const port = await waitForListening(child);
  return {
    url: `ws://127.0.0.1:${port}/`,
    port,
    adminInvite: invite,
    dir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve(rmSync(dir, { recursive: true, force: true }));
        child.once('exit', () => resolve(rmSync(dir, { recursive: true, force: true })));
        child.kill('SIGTERM');
      }),
  };
}

// Runs the weerbaar CLI with a profile folder; returns stdout (throws on a non-zero exit).
export async function cli(profile: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(CLI_BIN, ['--profile', profile, ...args], { timeout: 30_000 });
  return stdout.trim();
}

export async function cliJson<T = unknown>(profile: string, ...args: string[]): Promise<T> {
  return JSON.parse(await cli(profile, '--json', ...args)) as T;
}
