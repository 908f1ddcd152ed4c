/**
 * Each publishable package declares what a registry and its users need (entry points, files,
 * types, engines) and exactly the dependencies its shipped code imports, and never reaches into
 * the app or another package's files.
 */
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageNameOf, sourceImports, specifierKind } from './source-imports.ts';
import { workspacePackages } from './workspace-packages.ts';

const packages = workspacePackages();

describe.each(packages.map((pkg) => [pkg.folder, pkg] as const))(
  '@phasegrid/%s manifest',
  (_folder, pkg) => {
  const { manifest } = pkg;

  it('is publishable: public, ES module, described, licensed, with engines and files', () => {
    expect(manifest.name).toBe(`@phasegrid/${pkg.folder}`);
    expect(manifest.private).toBeUndefined();
    expect(manifest.type).toBe('module');
    expect(manifest.description?.length).toBeGreaterThan(20);
    expect(manifest.license).toBe('MIT');
    expect(manifest.engines?.node).toMatch(/^>=\d+\.\d+/);
    expect(manifest.files).toContain('dist');
    expect(manifest.files).toContain('README.md');
    expect(manifest.files).toContain('LICENSE');
    expect(existsSync(join(pkg.root, 'LICENSE'))).toBe(true);
    expect(existsSync(join(pkg.root, 'README.md'))).toBe(true);
    expect(manifest.types).toBe('./dist/index.d.ts');
    expect(manifest.main).toBe('./dist/index.js');
  });

  it('maps every export to its source, its built module and its declarations', () => {
    const subpaths = Object.entries(manifest.exports ?? {})
      .filter(([key]) => key !== './package.json');
    expect(subpaths.map(([key]) => key)).toContain('.');
    for (const [subpath, target] of subpaths) {
      expect(typeof target, subpath).toBe('object');
      const conditions = target as Record<string, string>;
      // Order matters: the first matching condition wins, so the source one must come first.
      expect(Object.keys(conditions), subpath).toEqual(['@phasegrid/source', 'types', 'default']);
      const source = conditions['@phasegrid/source']!;
      expect(source, subpath).toMatch(/^\.\/src\/.+\.ts$/);
      expect(existsSync(join(pkg.root, source)), `${subpath} -> ${source}`).toBe(true);
      const built = source.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '');
      expect(conditions.types, subpath).toBe(`${built}.d.ts`);
      expect(conditions.default, subpath).toBe(`${built}.js`);
    }
  });

  it('declares exactly the packages its shipped code imports', () => {
    const imported = new Set<string>();
    for (const { file, specifier } of sourceImports(pkg.root)) {
      if (specifierKind(specifier) !== 'package') continue;
      expect(builtinModules, `${file}: write node:${specifier}`).not.toContain(specifier);
      imported.add(packageNameOf(specifier));
    }
    const declared = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    expect([...imported].sort()).toEqual([...declared].sort());
  });

  it('pins its sibling packages to their current versions', () => {
    for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
      const sibling = packages.find((other) => other.manifest.name === name);
      if (sibling) expect(range, name).toBe(sibling.manifest.version);
    }
  });

  it('imports nothing outside its own folder: no app, no sibling files', () => {
    const source = resolve(pkg.root, 'src');
    for (const { file, specifier } of sourceImports(pkg.root)) {
      expect(specifier, file).not.toMatch(/^@phasegrid\/cli\b/);
      if (specifierKind(specifier) !== 'relative') continue;
      const target = resolve(pkg.root, file, '..', specifier);
      expect(target.startsWith(source + sep), `${file} imports ${specifier}`).toBe(true);
    }
  });
  },
);

it('lists the packages in dependency order, so they build and pack one after another', () => {
  packages.forEach((pkg, index) => {
    const earlier = new Set(packages.slice(0, index).map((other) => other.manifest.name));
    for (const name of Object.keys(pkg.manifest.dependencies ?? {})) {
      if (!name.startsWith('@phasegrid/')) continue;
      expect(earlier, `${pkg.folder} needs ${name}`).toContain(name);
    }
  });
});
