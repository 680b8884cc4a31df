import type { RepositoryProfile } from '../profiles';
import { camelCaseOf, pascalCaseOf } from '../vocabulary';
import type { Dependency, LanguageKit } from './LanguageKit';

const DEPENDENCIES: Dependency[] = [
  { name: 'dompdf/dompdf', version: '2.0.4' },
  { name: 'monolog/monolog', version: '3.6.0' },
  { name: 'guzzlehttp/guzzle', version: '7.8.1' },
];

export function phpKit(profile: RepositoryProfile): LanguageKit {
  const namespace = pascalCaseOf(profile.name.replace(/-/g, ' '));
  const generatorFile = 'src/InvoiceGenerator.php';
  const testFile = 'tests/InvoiceGeneratorTest.php';
  const dependencyLine = (dependency: Dependency) =>
    `        "${dependency.name}": "^${dependency.version}"`;
  return {
    manifestPath: 'composer.json',
    dependencies: DEPENDENCIES,
    dependencyLine,
    versionLine: () => undefined,
    files: () => ({
      'composer.json': `{
    "name": "${profile.org}/${profile.name}",
    "type": "project",
    "require": {
        "php": "^8.1",
${DEPENDENCIES.map(dependencyLine).join(',\n')}
    },
    "require-dev": {
        "phpunit/phpunit": "^10.5"
    },
    "autoload": {
        "psr-4": { "${namespace}\\\\": "src/" }
    }
}
`,
      'public/index.php': `<?php

require __DIR__ . '/../vendor/autoload.php';

(new ${namespace}\\InvoiceGenerator())->handle($_GET['order'] ?? '');
`,
      [generatorFile]: `<?php

namespace ${namespace};

class InvoiceGenerator
{
    public function handle(string $orderId): void
    {
    }
}
`,
      [testFile]: `<?php

use PHPUnit\\Framework\\TestCase;

class InvoiceGeneratorTest extends TestCase
{
}
`,
    }),
    sourcePaths: [generatorFile],
    testPath: testFile,
    symbolOf: phrase => camelCaseOf(phrase),
    codeEdit: (path, symbol, summary) => ({
      type: 'insertBeforeClosingBrace',
      path,
      block: `    /** ${summary}. */\n    public function ${symbol}(int $attempt): bool\n    {\n        return $attempt < 3;\n    }\n`,
    }),
    testEdit: symbol => ({
      type: 'insertBeforeClosingBrace',
      path: testFile,
      block: `    public function test${symbol
        .charAt(0)
        .toUpperCase()}${symbol.slice(
        1,
      )}(): void\n    {\n        $this->assertTrue((new \\${namespace}\\InvoiceGenerator())->${symbol}(0));\n    }\n`,
    }),
    ciSteps: `      - uses: actions/checkout@v4
      - uses: shivammathur/setup-php@v2
        with:
          php-version: '8.1'
      - run: composer install --no-interaction
      - run: vendor/bin/phpunit
`,
    dockerfile: `FROM php:8.1-apache
COPY . /var/www/html/
RUN docker-php-ext-install pdo_pgsql
`,
    gitignore: 'vendor/\n.phpunit.result.cache\n',
  };
}
