import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
/** Folders that are not the project's own text: hidden ones, dependencies, build and test output. */
const NOT_SOURCE = /^(\.|node_modules$|cdk\.out$|test-artifacts$)/;

/** Every Markdown page of the repository: the README, docs/, and the READMEs beside the code. */
function markdownPages(dir = '.'): string[] {
  return readdirSync(join(repo, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir === '.' ? entry.name : `${dir}/${entry.name}`;
    if (!entry.isDirectory()) return entry.name.endsWith('.md') ? [path] : [];
    return NOT_SOURCE.test(entry.name) ? [] : markdownPages(path);
  });
}
const pages = markdownPages();
const read = (page: string) => readFileSync(join(repo, page), 'utf8');

/** The page without its fenced blocks, whose text is shell or a diagram, not links. */
const prose = (text: string) => text.replace(/^( *)```[^\n]*\n[\s\S]*?^\1```$/gm, '');

/** The anchors GitHub gives a page: one per heading (numbered when repeated), and every explicit id. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading = ''] of prose(text).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  for (const [, id = ''] of text.matchAll(/<a id="([^"]+)"/g)) anchors.add(id);
  return anchors;
}

describe('the README, the pages in docs/ and the READMEs beside the code', () => {
  it('link only to files of the repository that exist, and to headings those files have', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = prose(read(page)).replace(/`[^`\n]*`/g, '');
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue; // http(s), mailto: not this repository's to check
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? join(repo, page) : resolve(repo, dirname(page), decodeURIComponent(path));
        if (!file.startsWith(repo) || !existsSync(file)) {
          broken.push(`${page}: ${target} (no such file)`);
        } else if (
          anchor !== undefined &&
          statSync(file).isFile() &&
          !anchorsOf(readFileSync(file, 'utf8')).has(anchor)
        ) {
          broken.push(`${page}: ${target} (no such heading in ${relative(repo, file)})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('name only repository paths that exist (a file or folder moved is a pointer to fix)', () => {
    const missing: string[] = [];
    for (const page of pages) {
      for (const [, path = ''] of prose(read(page)).matchAll(
        /`((?:shared|cli|functions|infra|workflows|bench|test|docs)\/[\w./-]*)`/g,
      )) {
        if (!existsSync(join(repo, path))) missing.push(`${page}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("the README's layout map names every folder of the code, and only folders that exist", () => {
    const readme = read('README.md');
    const map = readme.slice(readme.indexOf('## Where things are')).match(/```\n([\s\S]*?)```/)?.[1] ?? '';
    const named: string[] = [];
    const parents: string[] = [];
    for (const [, indent = '', folder = ''] of map.matchAll(/^((?: {2})?)([\w.-]+\/) /gm)) {
      const depth = indent.length / 2;
      parents.length = depth;
      named.push([...parents, folder.slice(0, -1)].join('/'));
      parents.push(folder.slice(0, -1));
    }
    expect(named.filter((folder) => !existsSync(join(repo, folder)))).toEqual([]);
    const folders = (dir: string) =>
      readdirSync(join(repo, dir), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => (dir === '.' ? entry.name : `${dir}/${entry.name}`));
    const code = [...folders('.').filter((folder) => !NOT_SOURCE.test(folder)), ...folders('shared')];
    expect(code.filter((folder) => !named.includes(folder))).toEqual([]);
  });

  it('every page in docs/ is reached from the README', () => {
    const linked = [...prose(read('README.md')).matchAll(/\]\((docs\/[^)#\s]+)/g)].map(([, path]) => path);
    expect(pages.filter((page) => page.startsWith('docs/') && !linked.includes(page))).toEqual([]);
  });

  it('keep the README short enough to read in one sitting', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(220);
  });
});
