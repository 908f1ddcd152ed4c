/**
 * The publishable packages of the workspace, read from their manifests, for the tests that check
 * they stand alone (manifests, doc comments, packed tarballs).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The publishable packages in dependency order: each depends only on those before it. */
export const PUBLISHED_PACKAGE_FOLDERS = ['core', 'augment', 'train', 'sweep'] as const;

/** The parts of a package.json these checks read. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly type?: string;
  readonly description?: string;
  readonly license?: string;
  readonly main?: string;
  readonly types?: string;
  readonly files?: string[];
  readonly engines?: Record<string, string>;
  readonly exports?: Record<string, string | Record<string, string>>;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

/** One publishable package: where it lives and what its manifest says. */
export interface WorkspacePackage {
  readonly folder: string;
  readonly root: string;
  readonly manifest: PackageManifest;
}

/** Reads the manifests of every publishable package, in dependency order. */
export function workspacePackages(): WorkspacePackage[] {
  return PUBLISHED_PACKAGE_FOLDERS.map((folder) => {
    const root = join(REPOSITORY_ROOT, 'packages', folder);
    const manifestText = readFileSync(join(root, 'package.json'), 'utf8');
    const manifest = JSON.parse(manifestText) as PackageManifest;
    return { folder, root, manifest };
  });
}

/** The TypeScript source behind each export subpath, via the `@phasegrid/source` condition. */
export function sourceEntryPoints(pkg: WorkspacePackage): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [subpath, target] of Object.entries(pkg.manifest.exports ?? {})) {
    if (typeof target === 'string') continue;
    const source = target['@phasegrid/source'];
    if (source) entries.set(subpath, join(pkg.root, source));
  }
  return entries;
}
