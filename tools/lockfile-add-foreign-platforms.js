#!/usr/bin/env node
// The registry mirror here serves only linux-x64 builds of native packages, so `npm install` leaves other platforms'
// optional binaries out of package-lock.json and `npm ci` then calls the lock out of sync. This adds those entries
// back with their os/cpu, which `npm ci` uses to skip them. Run after every `npm install`.
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const pkgs = lock.packages;

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'sunos', 'win32', 'aix', 'netbsd', 'openharmony', 'wasi'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function guess(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p) || p === 'win32');
  let cpu = parts.find((p) => CPU.includes(p));
  if (!cpu && parts.includes('armv7')) cpu = 'arm';
  if (!cpu && parts.includes('wasm32')) cpu = 'wasm32';
  return { os, cpu };
}

let added = 0;
for (const [loc, meta] of Object.entries(pkgs)) {
  if (!loc.startsWith('node_modules/') || !meta.optionalDependencies) continue;
  for (const [dep, range] of Object.entries(meta.optionalDependencies)) {
    const nested = `${loc}/node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (pkgs[nested] || pkgs[hoisted]) continue;
    const { os, cpu } = guess(dep);
    if (!os && !cpu) continue;
    const entry = { version: String(range).replace(/^[\^~=]/, ''), optional: true };
    if (meta.dev) entry.dev = true;
    if (os) entry.os = [os];
    if (cpu) entry.cpu = [cpu];
    pkgs[hoisted] = entry;
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
fs.writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(`lockfile: added ${added} foreign-platform optional entries`);
