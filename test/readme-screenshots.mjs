// Copies the screenshots the README shows from the last browser-test run (test/artifacts/screenshots/)
// to docs/screenshots/: `node test/run.mjs e2e && node test/readme-screenshots.mjs`.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const readme = readFileSync('README.md', 'utf8');
const wanted = [...readme.matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1]);
const missing = [];
for (const name of new Set(wanted)) {
  const from = path.join('test/artifacts/screenshots', name);
  if (!existsSync(from)) missing.push(name);
  else copyFileSync(from, path.join('docs/screenshots', name));
}
console.log(`copied ${new Set(wanted).size - missing.length} screenshots`);
if (missing.length) {
  console.error(`not produced by the last test run: ${missing.join(', ')}`);
  process.exit(1);
}
