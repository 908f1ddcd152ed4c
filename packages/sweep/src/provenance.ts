/** Where a result was produced: recorded with every finished cell. */
import { readFileSync } from 'node:fs';
import { hostname, platform } from 'node:os';
import type { Provenance } from './records.ts';

let cached: Provenance | undefined;

/** This process's provenance (phasegrid and Node versions, host, platform). */
export function currentProvenance(): Provenance {
  cached ??= {
    phasegridVersion: readPackageVersion(),
    nodeVersion: process.version,
    hostname: hostname(),
    platform: `${platform()}-${process.arch}`,
  };
  return cached;
}

function readPackageVersion(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { version?: string };
  return manifest.version ?? 'unknown';
}
