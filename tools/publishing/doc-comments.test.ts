/**
 * Every name a package exports carries a doc comment, so editors show what it is for and the
 * generated declarations document the public API, and the package README lists it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { sourceEntryPoints, workspacePackages } from './workspace-packages.ts';

/** Every name each entry file exports, with whether it has a doc comment. */
function exportedNames(entryFiles: readonly string[]): Array<{ entry: string; name: string;
  isDocumented: boolean }> {
  const program = ts.createProgram([...entryFiles], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@phasegrid/source'],
    allowImportingTsExtensions: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const names: Array<{ entry: string; name: string; isDocumented: boolean }> = [];
  for (const file of entryFiles) {
    const sourceFile = program.getSourceFile(file);
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    if (!moduleSymbol) throw new Error(`cannot read the exports of ${file}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias
        ? checker.getAliasedSymbol(exported)
        : exported;
      names.push({
        entry: file.replace(/^.*\/packages\//, ''),
        name: exported.name,
        isDocumented: symbol.getDocumentationComment(checker).length > 0,
      });
    }
  }
  return names;
}

describe.each(workspacePackages().map((pkg) => [pkg.folder, pkg] as const))(
  '@phasegrid/%s public API',
  (_folder, pkg) => {
    const names = exportedNames([...sourceEntryPoints(pkg).values()]);

    it('documents every exported name', () => {
      const undocumented = names.filter((name) => !name.isDocumented);
      expect(undocumented.map(({ entry, name }) => `${entry} ${name}`)).toEqual([]);
    });

    it('lists every exported name in its README', () => {
      const readme = readFileSync(join(pkg.root, 'README.md'), 'utf8');
      const unlisted = names.filter(({ name }) => !new RegExp(`\`${name}[(\`]`).test(readme));
      expect(unlisted.map(({ entry, name }) => `${entry} ${name}`)).toEqual([]);
    });
  },
);
