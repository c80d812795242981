// Shared by the browser bench scripts: the machine line and writing a section of BENCHMARKS.md
// between its `<!-- bench:NAME:start -->` / `end` markers (appended when the section is new).
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** "AMD EPYC, 2 logical cores, 24 GiB, linux x64" */
export function machine() {
  const cpu = os.cpus();
  return `${cpu[0]?.model ?? os.arch()}, ${cpu.length} logical cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.arch()}`;
}

/** Today as YYYY-MM-DD. */
export function today() {
  return new Date().toISOString().slice(0, 10);
}

/** Replaces (or appends) the section `name` of BENCHMARKS.md with `body`. */
export function writeSection(name, body, path = 'BENCHMARKS.md') {
  const old = readFileSync(path, 'utf8');
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${body.trimEnd()}\n${end}`;
  const s = old.indexOf(start);
  const e = old.indexOf(end);
  writeFileSync(path, s >= 0 && e > s ? old.slice(0, s) + block + old.slice(e + end.length) : `${old.trimEnd()}\n\n${block}\n`);
}
