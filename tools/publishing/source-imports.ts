/**
 * What a package's shipped sources import: every static, type-only and dynamic import of the
 * non-test `.ts` files under `src/`, found by TypeScript's own pre-parser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** One import: the file that makes it and the specifier as written. */
export interface SourceImport {
  readonly file: string;
  readonly specifier: string;
}

/** The shipped TypeScript files under `folder` (tests excluded), recursively. */
export function shippedSourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...shippedSourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
  }
  return files.sort();
}

/** Every import in the shipped sources of the package at `packageRoot`. */
export function sourceImports(packageRoot: string): SourceImport[] {
  const imports: SourceImport[] = [];
  for (const file of shippedSourceFiles(join(packageRoot, 'src'))) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const imported of info.importedFiles) {
      imports.push({ file: relative(packageRoot, file), specifier: imported.fileName });
    }
  }
  return imports;
}

/** The npm package a bare specifier names (`@scope/name/sub` gives `@scope/name`). */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Whether a specifier is relative, a Node built-in, or names a package. */
export function specifierKind(specifier: string): 'relative' | 'builtin' | 'package' {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return 'relative';
  if (specifier.startsWith('node:')) return 'builtin';
  return 'package';
}
