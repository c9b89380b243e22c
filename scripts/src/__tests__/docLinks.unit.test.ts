import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import GithubSlugger from "github-slugger";
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { REPO_ROOT } from "../stack/paths.js";

/** The repository's own documents: what a reader follows from the README. */
const DOCUMENTS = ["README.md", "ARCHITECTURE.md", ...tracked("docs/*.md")];

const markdown = new MarkdownIt({ html: true });

/** Files git tracks under a pathspec, relative to the repository's root. */
function tracked(...pathspecs: string[]): string[] {
  return execFileSync("git", ["ls-files", "--", ...pathspecs], { cwd: REPO_ROOT, encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
}

function read(file: string): string {
  return readFileSync(path.join(REPO_ROOT, file), "utf8");
}

/** Every link and image target of a Markdown file, code blocks and code spans left out (markdown-it's reading). */
function linkTargets(text: string): string[] {
  const targets: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === "link_open") targets.push(token.attrGet("href") ?? "");
      if (token.type === "image") targets.push(token.attrGet("src") ?? "");
      if (token.children) walk(token.children);
    }
  };
  walk(markdown.parse(text, {}));
  return targets;
}

/** The anchors GitHub gives a Markdown file's headings. */
function anchorsOf(text: string): Set<string> {
  const slugger = new GithubSlugger();
  const tokens = markdown.parse(text, {});
  const anchors = new Set<string>();
  tokens.forEach((token, index) => {
    if (token.type !== "heading_open") return;
    const inline = tokens[index + 1]!;
    const plain = (inline.children ?? [])
      .map((child) => (child.type === "text" || child.type === "code_inline" ? child.content : ""))
      .join("");
    anchors.add(slugger.slug(plain));
  });
  return anchors;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** What is wrong with one relative link of `file`, or undefined. */
function brokenLink(file: string, target: string): string | undefined {
  const [rawPath, anchor] = target.split("#", 2) as [string, string | undefined];
  const linked =
    rawPath === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(rawPath)));
  if (linked.startsWith("../") || path.posix.isAbsolute(linked)) return `${target}: outside the repository`;
  const absolute = path.join(REPO_ROOT, linked);
  if (!existsSync(absolute)) return `${target}: no such file`;
  if (anchor === undefined || statSync(absolute).isDirectory()) return undefined;
  if (!linked.endsWith(".md")) return `${target}: an anchor into a file that is not Markdown`;
  return anchorsOf(read(linked)).has(anchor) ? undefined : `${target}: no heading #${anchor} in ${linked}`;
}

describe("the repository's documents > links", () => {
  it("reads links and headings as GitHub does (the reading itself works)", () => {
    const sample =
      "# Health, `/ready` and metrics\n\n[a](docs/x.md#y) `[not](a-link)`\n\n```md\n[nor](this)\n```\n\n![pic](p.png)\n";
    expect(linkTargets(sample)).to.deep.equal(["docs/x.md#y", "p.png"]);
    expect([...anchorsOf(sample)]).to.deep.equal(["health-ready-and-metrics"]);
    expect(brokenLink("docs/configuration.md", "../../shared/README.md")).to.match(/outside the repository/);
    expect(brokenLink("README.md", "docs/configuration.md#no-such-heading")).to.match(/no heading/);
  });

  for (const file of DOCUMENTS) {
    it(`${file}: every relative link and #anchor resolves inside the repository`, () => {
      const broken = linkTargets(read(file))
        .filter((target) => !isExternal(target))
        .map((target) => brokenLink(file, target))
        .filter(Boolean);
      expect(broken).to.deep.equal([]);
    });
  }

  it("no Markdown file of the repository links outside it", () => {
    const outside = tracked("*.md").flatMap((file) =>
      linkTargets(read(file))
        .filter((target) => !isExternal(target))
        .map((target) => brokenLink(file, target))
        .filter((problem) => problem?.endsWith("outside the repository"))
        .map((problem) => `${file}: ${problem}`),
    );
    expect(outside).to.deep.equal([]);
  });

  it("no file of the repository names a path that climbs out of it (no ../shared)", () => {
    const climbing = /(?:^|[\s"'`(=:])((?:\.\.\/)+)[\w@.-]/g;
    const outside = tracked(":!*.png", ":!*.jpg", ":!package-lock.json").flatMap((file) => {
      const depth = file.split("/").length - 1;
      return [...read(file).matchAll(climbing)]
        .filter((match) => match[1]!.length / 3 > depth)
        .map((match) => `${file}: ${match[0].trim()}`);
    });
    expect(outside).to.deep.equal([]);
  });
});
