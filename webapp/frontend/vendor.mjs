// Copies the files the pages load from the installed npm packages (node_modules, pinned by
// package-lock.json) into webapp/static/vendor/, which is generated and git-ignored, so the site
// serves every library from itself (no CDN). Also writes vendor/LICENSES.txt (every installed
// package, with its licence text: the YASGUI bundle includes CodeMirror, jQuery, DataTables …)
// and vendor/manifest.json (name → version, licence, files) for the pages and the tests.
// Run by `make frontend` after `npm ci`; deterministic (same lock file → same output).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "static", "vendor");

// package → the files the pages load (paths inside the package). Keep this list short.
const FILES = {
  "@zazuko/yasgui": ["build/yasgui.min.js", "build/yasgui.min.css"],
  cytoscape: ["dist/cytoscape.min.js"],
  "d3-array": ["dist/d3-array.min.js"],
  "d3-geo": ["dist/d3-geo.min.js"],
  "topojson-client": ["dist/topojson-client.min.js"],
  "world-atlas": ["countries-110m.json"],
  "axe-core": ["axe.min.js"],
};

function pkgJson(dir) {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
}

function licenceText(dir) {
  const name = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  return name ? readFileSync(join(dir, name), "utf8").trim() : null;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = {};
for (const [name, files] of Object.entries(FILES)) {
  const dir = join(modules, name);
  const meta = pkgJson(dir);
  const target = join(out, name.replace(/^@[^/]+\//, ""));
  mkdirSync(target, { recursive: true });
  for (const f of files) {
    const from = join(dir, f);
    if (!existsSync(from)) throw new Error(`${name}@${meta.version} has no ${f}`);
    cpSync(from, join(target, f.split("/").pop()));
  }
  manifest[name] = {
    version: meta.version,
    license: meta.license,
    files: files.map((f) => `${target.slice(out.length + 1)}/${f.split("/").pop()}`),
  };
}

// Every installed package (the bundles carry their dependencies), sorted by name.
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
const installed = Object.keys(lock.packages)
  .filter((p) => p.startsWith("node_modules/"))
  .sort();
const parts = [
  "Licences of the JavaScript served under /static/vendor/ and of every package bundled in it.",
  "Installed from the npm registry at the versions pinned in webapp/frontend/package-lock.json.",
  "",
];
for (const path of installed) {
  const dir = join(here, path);
  if (!existsSync(join(dir, "package.json"))) continue;
  const meta = pkgJson(dir);
  const author = typeof meta.author === "string" ? meta.author : meta.author?.name;
  parts.push("=".repeat(78));
  parts.push(`${meta.name} ${meta.version} — ${meta.license || "no licence field"}`);
  if (author) parts.push(`Author: ${author}`);
  const text = licenceText(dir);
  parts.push(text || `(The package ships no licence file; its package.json declares ${meta.license}.)`);
  parts.push("");
}
writeFileSync(join(out, "LICENSES.txt"), parts.join("\n"));
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`vendor: ${Object.keys(manifest).length} packages → ${out}`);
