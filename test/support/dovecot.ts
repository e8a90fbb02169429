/**
 * A real IMAP server for tests: Debian's Dovecot (package dovecot-imapd), started as the current user with a
 * generated configuration in a temp dir — a passwd-file user, a Maildir the test fills with .eml files, plain
 * text login on 127.0.0.1 at a free port, no SSL. `stop()` ends it and removes the dir.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const DOVECOT_BIN = '/usr/sbin/dovecot';
export const dovecotInstalled = () => fs.existsSync(DOVECOT_BIN) && fs.existsSync('/usr/lib/dovecot/imap');

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  /** Delivers a message to the INBOX (a new file in the Maildir's new/; Dovecot gives it the next UID). */
  deliver(eml: string | Uint8Array): void;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not listen on port ${port} within ${ms} ms`);
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hololoom-dovecot-'));
  const port = await freePort();
  const user = 'sales';
  const password = 'imap-test-password';
  const me = os.userInfo();
  const root = me.uid === 0;
  // The login processes (another user when root) reach their sockets under base_dir.
  fs.chmodSync(dir, 0o755);
  const maildir = path.join(dir, 'mail');
  for (const sub of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
  // Dovecot will not open a mailbox as root: as root, the mail belongs to Debian's `dovecot` user.
  const owner = root ? { uid: Number(execFileSync('id', ['-u', 'dovecot']).toString()), gid: Number(execFileSync('id', ['-g', 'dovecot']).toString()) } : { uid: me.uid, gid: me.gid };
  const chownAll = (p: string) => { if (root) for (const f of [p, ...fs.readdirSync(p, { recursive: true }).map((x) => path.join(p, String(x)))]) fs.chownSync(f, owner.uid, owner.gid); };
  chownAll(maildir);
  fs.writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}:${owner.uid}:${owner.gid}::${dir}::userdb_mail=maildir:${maildir}\n`);
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(conf, [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `instance_name = hololoom-${port}`,
    'protocols = imap',
    `listen = 127.0.0.1`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `log_path = ${dir}/dovecot.log`,
    // Dovecot refuses to run its login processes as root: as root (CI) they run as Debian's own users.
    `default_login_user = ${root ? 'dovenull' : me.username}`,
    `default_internal_user = ${root ? 'dovecot' : me.username}`,
    `default_internal_group = ${root ? 'dovecot' : execFileSync('id', ['-gn']).toString().trim()}`,
    `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}',
    'service imap-login {\n  chroot =\n}',
    `passdb {\n  driver = passwd-file\n  args = ${dir}/passwd\n}`,
    `userdb {\n  driver = passwd-file\n  args = ${dir}/passwd\n}`,
    `mail_location = maildir:${maildir}`,
    'first_valid_uid = 0',
    '',
  ].join('\n'));
  const proc: ChildProcess = spawn(DOVECOT_BIN, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout?.on('data', (d) => (output += d));
  proc.stderr?.on('data', (d) => (output += d));
  try {
    await waitForPort(port, 10_000);
  } catch (e) {
    proc.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const log = fs.existsSync(path.join(dir, 'dovecot.log')) ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : '';
    throw new Error(`${(e as Error).message}\n${output}\n${log}`);
  }
  let n = 0;
  return {
    port,
    user,
    password,
    deliver(eml) {
      const name = `${Date.now()}.M${++n}P${process.pid}.hololoom`;
      fs.writeFileSync(path.join(maildir, 'tmp', name), eml);
      if (root) fs.chownSync(path.join(maildir, 'tmp', name), owner.uid, owner.gid);
      fs.renameSync(path.join(maildir, 'tmp', name), path.join(maildir, 'new', name));
    },
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
