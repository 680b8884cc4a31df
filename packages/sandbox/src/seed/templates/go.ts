import type { RepositoryProfile } from '../profiles';
import { camelCaseOf, snakeCaseOf } from '../vocabulary';
import type { Dependency, LanguageKit } from './LanguageKit';

function dependenciesFor(profile: RepositoryProfile): Dependency[] {
  const common: Dependency[] = [
    { name: 'github.com/prometheus/client_golang', version: '1.19.1' },
    { name: 'go.opentelemetry.io/otel', version: '1.27.0' },
    { name: 'github.com/stretchr/testify', version: '1.9.0' },
  ];
  if (profile.kind === 'library') {
    return [{ name: 'golang.org/x/sync', version: '0.7.0' }, ...common];
  }
  return [
    { name: 'github.com/go-chi/chi/v5', version: '5.0.12' },
    { name: 'github.com/jackc/pgx/v5', version: '5.6.0' },
    ...common,
  ];
}

export function goKit(profile: RepositoryProfile): LanguageKit {
  const module = `github.com/${profile.org}/${profile.name}`;
  const packageName = snakeCaseOf(
    profile.name.replace(/-(service|sdk|kit)$/, ''),
  ).replace(/_/g, '');
  const dependencies = dependenciesFor(profile);
  const dependencyLine = (dependency: Dependency) =>
    `\t${dependency.name} v${dependency.version}`;
  const library = profile.kind === 'library';
  const internalDir = library ? packageName : `internal/${packageName}`;
  const handlerFile = `${internalDir}/${library ? packageName : 'handler'}.go`;
  const storeFile = `${internalDir}/${library ? 'options' : 'store'}.go`;
  const testFile = `${internalDir}/${
    library ? packageName : 'handler'
  }_test.go`;
  const files: Record<string, string> = {
    'go.mod': `module ${module}

go 1.22

require (
${dependencies.map(dependencyLine).join('\n')}
)
`,
    [handlerFile]: `package ${packageName}

// Code for ${profile.title}.
`,
    [storeFile]: `package ${packageName}

// Options and defaults.
`,
    [testFile]: `package ${packageName}

import "testing"

func TestPackageBuilds(t *testing.T) {}
`,
    Makefile: `.PHONY: build test lint

build:
\tgo build ./...

test:
\tgo test -race ./...

lint:
\tgolangci-lint run
`,
  };
  if (!library) {
    files[`cmd/${profile.name}/main.go`] = `package main

import (
\t"log"
\t"net/http"
)

func main() {
\tlog.Println("starting ${profile.name} on :8080")
\tlog.Fatal(http.ListenAndServe(":8080", nil))
}
`;
  }
  return {
    manifestPath: 'go.mod',
    dependencies,
    dependencyLine,
    versionLine: () => undefined,
    files: () => files,
    sourcePaths: [handlerFile, storeFile],
    testPath: testFile,
    symbolOf: phrase => camelCaseOf(phrase),
    codeEdit: (path, symbol, summary) => ({
      type: 'append',
      path,
      block: `// ${symbol}: ${summary}.
func ${symbol}(attempt int) bool {
\treturn attempt < 3
}
`,
    }),
    testEdit: symbol => ({
      type: 'append',
      path: testFile,
      block: `func Test${symbol.charAt(0).toUpperCase()}${symbol.slice(
        1,
      )}(t *testing.T) {
\tif !${symbol}(0) {
\t\tt.Fatal("expected the first attempt to be allowed")
\t}
}
`,
    }),
    ciSteps: `      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: '1.22'
      - run: make lint
      - run: make test
      - run: make build
`,
    dockerfile: library
      ? undefined
      : `FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/${profile.name} ./cmd/${profile.name}

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/${profile.name} /${profile.name}
USER nonroot
ENTRYPOINT ["/${profile.name}"]
`,
    gitignore: '/bin/\n/dist/\ncoverage.out\n',
  };
}
