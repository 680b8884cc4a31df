/**
 * Which of `modules` (package names or file paths) loading the module at `modulePath` imports.
 * For the Yarn patches that make an upstream import lazy: each stands in for the module, records
 * that it was asked for, and is withdrawn afterwards so it answers no other test's imports.
 */
export function modulesImportedBy(modulePath: string, modules: string[]) {
  const imported: string[] = [];
  jest.isolateModules(() => {
    for (const name of modules) {
      jest.doMock(name, () => {
        imported.push(name);
        return {};
      });
    }
    require(modulePath);
  });
  for (const name of modules) jest.dontMock(name);
  return imported;
}
