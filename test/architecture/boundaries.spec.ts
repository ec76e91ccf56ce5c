import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { ESLint, Linter } from 'eslint';
import { parser as typeScriptParser } from 'typescript-eslint';
import boundaries from '../../tools/eslint-plugin-boundaries';

/**
 * Proves the module boundary lint of DESIGN.md works: each rule fires on the deliberately bad
 * fixture in test/fixtures/boundaries, stays quiet on its allowed imports, and the real src/
 * obeys all four rules. Needs no database.
 *
 * Fixture lines end with `// case: <name>` (must be reported, with the rule listed below) or
 * `// allowed: <why>` (must not be reported), so the fixture can change without line numbers
 * here going stale.
 */
const repoRoot = join(__dirname, '..', '..');
const fixtureRoot = join(repoRoot, 'test', 'fixtures', 'boundaries');

const PUBLIC_API = 'boundaries/module-public-api';
const PLATFORM = 'boundaries/platform-independent';
const CYCLES = 'boundaries/no-module-cycles';
const DOMAIN = 'boundaries/pure-domain';

const forbiddenImports: Array<[caseName: string, ruleId: string]> = [
  ['relative deep import', PUBLIC_API],
  ['alias deep import', PUBLIC_API],
  ['src/ alias deep import', PUBLIC_API],
  ['tsconfig paths deep import', PUBLIC_API],
  ['type-only deep import', PUBLIC_API],
  ['import-equals-require deep import', PUBLIC_API],
  ['export-from deep import', PUBLIC_API],
  ['export-star deep import', PUBLIC_API],
  ['import-type expression deep import', PUBLIC_API],
  ['dynamic import deep', PUBLIC_API],
  ['require deep', PUBLIC_API],
  ['app code deep import', PUBLIC_API],
  ['platform imports a module', PLATFORM],
  ['cycle beta → gamma', CYCLES],
  ['cycle gamma → beta', CYCLES],
  ['deep import of an event file', PUBLIC_API],
  ['event contract imports a module', CYCLES],
  ['domain imports @nestjs/common', DOMAIN],
  ['domain imports typeorm', DOMAIN],
  ['domain imports its own persistence', DOMAIN],
];

type Report = { file: string; line: number; ruleId: string; message: string };
type Marker = { kind: 'case' | 'allowed'; label: string; file: string; line: number };

function typeScriptFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => join(dir, path));
}

const isBoundaryRule = (ruleId: string | null): ruleId is string => ruleId?.startsWith('boundaries/') ?? false;
const toPosix = (path: string) => path.split(sep).join('/');

describe('module boundary lint on the fixture', () => {
  let reports: Report[];
  let markers: Marker[];

  beforeAll(async () => {
    // No rootDir option: the rules must default to ESLint's cwd, the fixture's root.
    const eslint = new ESLint({
      cwd: fixtureRoot,
      overrideConfigFile: true,
      overrideConfig: {
        files: ['**/*.ts'],
        languageOptions: { parser: typeScriptParser as Linter.Parser },
        plugins: { boundaries },
        rules: { [PUBLIC_API]: 'error', [PLATFORM]: 'error', [CYCLES]: 'error', [DOMAIN]: 'error' },
      },
    });
    // lintText rather than lintFiles: ESLint's file search uses a dynamic import(), which Jest's
    // CommonJS sandbox does not support.
    const results = (
      await Promise.all(
        typeScriptFilesUnder(fixtureRoot).map((filePath) =>
          eslint.lintText(readFileSync(filePath, 'utf8'), { filePath }),
        ),
      )
    ).flat();

    const parseErrors = results.flatMap((result) => result.messages.filter((m) => m.fatal));
    expect(parseErrors).toEqual([]);

    reports = results.flatMap((result) =>
      result.messages
        .filter((m) => isBoundaryRule(m.ruleId))
        .map((m) => ({
          file: toPosix(relative(fixtureRoot, result.filePath)),
          line: m.line,
          ruleId: m.ruleId as string,
          message: m.message,
        })),
    );
    markers = results.flatMap((result) => markersIn(result.filePath));
  });

  function markersIn(filePath: string): Marker[] {
    const file = toPosix(relative(fixtureRoot, filePath));
    return readFileSync(filePath, 'utf8')
      .split('\n')
      .flatMap((text, index) => {
        const match = /\/\/ (case|allowed): (.+)$/.exec(text);
        return match ? [{ kind: match[1] as Marker['kind'], label: match[2].trim(), file, line: index + 1 }] : [];
      });
  }

  function reportsAt(marker: { file: string; line: number }): Report[] {
    return reports.filter((r) => r.file === marker.file && r.line === marker.line);
  }

  function caseMarker(caseName: string): Marker {
    const marker = markers.find((m) => m.kind === 'case' && m.label === caseName);
    if (!marker) throw new Error(`no line marked "// case: ${caseName}" in ${fixtureRoot}`);
    return marker;
  }

  it.each(forbiddenImports)('reports the %s (%s)', (caseName, ruleId) => {
    const marker = caseMarker(caseName);
    expect(reportsAt(marker).map((r) => r.ruleId)).toEqual([ruleId]);
  });

  it('has a test case for every line marked as a case in the fixture', () => {
    const named = new Set(forbiddenImports.map(([caseName]) => caseName));
    const unnamed = markers.filter((m) => m.kind === 'case' && !named.has(m.label));
    expect(unnamed).toEqual([]);
  });

  it('reports nothing on the allowed imports', () => {
    const allowed = markers.filter((m) => m.kind === 'allowed');
    expect(allowed.length).toBeGreaterThan(10);
    expect(allowed.flatMap(reportsAt)).toEqual([]);
  });

  it('reports nothing but the marked cases', () => {
    const onCaseLines = (r: Report) => markers.some((m) => m.kind === 'case' && m.file === r.file && m.line === r.line);
    expect(reports.filter((r) => !onCaseLines(r))).toEqual([]);
  });

  it('names the specifier and the public API to use instead', () => {
    const [report] = reportsAt(caseMarker('alias deep import'));
    expect(report.message).toContain("'@modules/beta/persistence/beta.repository'");
    expect(report.message).toContain("import it from '../beta' (src/modules/beta/index.ts) instead");
  });

  it('shows the cycle path', () => {
    expect(reportsAt(caseMarker('cycle beta → gamma'))[0].message).toContain('Module cycle: beta → gamma → beta');
    expect(reportsAt(caseMarker('cycle gamma → beta'))[0].message).toContain('Module cycle: gamma → beta → gamma');
  });

  it('builds a separate module graph for each root', async () => {
    // The fixture's graph (beta ⇄ gamma) is cached by now; the same import under another root
    // must be judged against that root's graph, where beta and gamma do not exist.
    const otherRoot = new ESLint({
      cwd: repoRoot,
      overrideConfigFile: true,
      overrideConfig: {
        files: ['**/*.ts'],
        languageOptions: { parser: typeScriptParser as Linter.Parser },
        plugins: { boundaries },
        rules: { [CYCLES]: ['error', { rootDir: repoRoot }] },
      },
    });
    const [result] = await otherRoot.lintText("import { GammaModule } from '../gamma';\n", {
      filePath: join(repoRoot, 'src', 'modules', 'beta', 'beta.module.ts'),
    });
    expect(result.messages).toEqual([]);
  });
});

/**
 * The real tree, with the real eslint.config.mjs. ESLint loads that ES-module config with a
 * dynamic import(), which Jest's module sandbox does not support, so ESLint runs in a child
 * process, exactly as `npm run lint` runs it.
 */
describe('module boundary lint on the real src/', () => {
  // eslint's package `exports` hide bin/, so go through its package.json.
  const eslintBin = join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
  const runEslint = (args: string[]) =>
    spawnSync(process.execPath, [eslintBin, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

  it('enables all four boundary rules as errors for src/', () => {
    const run = runEslint(['--print-config', 'src/main.ts']);
    expect(run.stderr).toBe('');
    const { rules } = JSON.parse(run.stdout) as { rules: Record<string, unknown[]> };
    for (const ruleId of [PUBLIC_API, PLATFORM, CYCLES, DOMAIN]) expect(rules[ruleId]?.[0]).toBe(2);
  });

  it('finds no boundary violations', () => {
    // Other lint errors (style) fail `npm run lint`, not this test, so the exit code is not checked.
    const run = runEslint(['--format', 'json', 'src/**/*.ts']);
    const results = JSON.parse(run.stdout) as ESLint.LintResult[];
    expect(results.length).toBeGreaterThan(0);

    const violations = results.flatMap((result) =>
      result.messages
        .filter((m) => isBoundaryRule(m.ruleId))
        .map((m) => `${toPosix(relative(repoRoot, result.filePath))}:${m.line} ${m.ruleId}: ${m.message}`),
    );
    expect(violations).toEqual([]);
  });
});
