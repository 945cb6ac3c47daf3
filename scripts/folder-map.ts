/**
 * The folder map of the product code (lib/, components/, entrypoints/): each folder, its files and
 * lines, the folders it imports, its level (0 imports no other folder; a folder sits one above the
 * highest it imports), folder-level cycles and module-level cycles. Read from dependency-cruiser's
 * graph with the project's own rules (.dependency-cruiser.cjs), so it matches `npm run check:imports`.
 *
 *   npm run folder-map            # Markdown tables
 *   npm run folder-map -- --mermaid   # the folder graph as a Mermaid diagram (docs/architecture.md)
 *   npm run folder-map -- --check     # exits non-zero when folders import each other in a cycle (npm test)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface CruiseModule {
  source: string;
  dependencies: Array<{ resolved: string; coreModule: boolean; couldNotResolve: boolean; circular: boolean }>;
}

const roots = ['lib', 'components', 'entrypoints'];
const json = execFileSync('npx', ['depcruise', ...roots, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
const modules = (JSON.parse(json) as { modules: CruiseModule[] }).modules.filter((module) => roots.some((root) => module.source.startsWith(`${root}/`)));

/** A feature's subfolders belong to it (lib/review/rules/ is lib/review); entrypoints/popup/App.tsx to entrypoints/popup. */
const folderOf = (path: string) => {
  const parts = dirname(path).split('/');
  return parts[0] === 'lib' ? parts.slice(0, 2).join('/') : parts.join('/');
};
const folders = new Map<string, { files: number; lines: number; imports: Set<string> }>();
let moduleCycles = 0;
for (const module of modules) {
  const folder = folderOf(module.source);
  const entry = folders.get(folder) ?? { files: 0, lines: 0, imports: new Set<string>() };
  entry.files++;
  entry.lines += readFileSync(module.source, 'utf8').split('\n').length;
  for (const dependency of module.dependencies) {
    if (dependency.circular) moduleCycles++;
    if (dependency.coreModule || dependency.couldNotResolve || !roots.some((root) => dependency.resolved.startsWith(`${root}/`))) continue;
    const target = folderOf(dependency.resolved);
    if (target !== folder) entry.imports.add(target);
  }
  folders.set(folder, entry);
}

// Folder-level cycles: strongly connected components of more than one folder (Tarjan).
const index = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const components: string[][] = [];
let counter = 0;
const connect = (folder: string) => {
  index.set(folder, counter);
  low.set(folder, counter++);
  stack.push(folder);
  onStack.add(folder);
  for (const next of folders.get(folder)?.imports ?? []) {
    if (!index.has(next)) {
      connect(next);
      low.set(folder, Math.min(low.get(folder)!, low.get(next)!));
    } else if (onStack.has(next)) low.set(folder, Math.min(low.get(folder)!, index.get(next)!));
  }
  if (low.get(folder) === index.get(folder)) {
    const component: string[] = [];
    for (;;) {
      const member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
      if (member === folder) break;
    }
    components.push(component);
  }
};
for (const folder of folders.keys()) if (!index.has(folder)) connect(folder);
const componentOf = new Map(components.flatMap((component, i) => component.map((folder) => [folder, i] as const)));

// Levels over the condensed graph (a cycle's folders share one level).
const level = new Map<number, number>();
const levelOf = (component: number): number => {
  const known = level.get(component);
  if (known !== undefined) return known;
  level.set(component, 0);
  let highest = -1;
  for (const folder of components[component]!) {
    for (const next of folders.get(folder)!.imports) {
      const target = componentOf.get(next)!;
      if (target !== component) highest = Math.max(highest, levelOf(target));
    }
  }
  level.set(component, highest + 1);
  return highest + 1;
};
const rows = [...folders.entries()].map(([folder, entry]) => ({ folder, ...entry, level: levelOf(componentOf.get(folder)!) })).sort((a, b) => b.level - a.level || a.folder.localeCompare(b.folder));
const folderCycles = components.filter((component) => component.length > 1);

if (process.argv.includes('--check')) {
  console.log(`${rows.length} folders on ${Math.max(...rows.map((row) => row.level)) + 1} levels; folder-level cycles: ${folderCycles.length}`);
} else if (process.argv.includes('--mermaid')) {
  const id = (folder: string) => folder.replace(/[^a-z0-9]/gi, '_');
  console.log('flowchart TD');
  for (const row of rows) console.log(`  ${id(row.folder)}["${row.folder}/"]`);
  for (const row of rows) for (const target of [...row.imports].sort()) console.log(`  ${id(row.folder)} --> ${id(target)}`);
} else {
  console.log('| folder | level | files | lines | imports |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.folder}/ | ${row.level} | ${row.files} | ${row.lines} | ${[...row.imports].sort().join(', ')} |`);
  console.log('');
  console.log(`folders: ${rows.length}; levels: ${Math.max(...rows.map((row) => row.level)) + 1}; folder-level cycles: ${folderCycles.length}${folderCycles.length ? ` (${folderCycles.map((cycle) => cycle.join(' ↔ ')).join('; ')})` : ''}; module-level circular imports: ${moduleCycles}`);
}

// Module-level cycles are dependency-cruiser's rule; folders that import each other in a circle (each
// import acyclic on its own) are this check's: a feature folder must sit above or below another, not both.
if (process.argv.includes('--check') && folderCycles.length > 0) {
  console.error(`Folders import each other in a cycle: ${folderCycles.map((cycle) => cycle.join(' ↔ ')).join('; ')}`);
  process.exitCode = 1;
}
