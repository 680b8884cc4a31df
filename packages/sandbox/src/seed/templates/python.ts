import type { RepositoryProfile } from '../profiles';
import { snakeCaseOf } from '../vocabulary';
import type { Dependency, LanguageKit } from './LanguageKit';

function dependenciesFor(profile: RepositoryProfile): Dependency[] {
  const service: Dependency[] = [
    { name: 'fastapi', version: '0.111.0' },
    { name: 'uvicorn', version: '0.30.1' },
    { name: 'pydantic', version: '2.7.3' },
  ];
  const modelling: Dependency[] = [
    { name: 'numpy', version: '1.26.4' },
    { name: 'pandas', version: '2.2.2' },
    { name: 'scikit-learn', version: '1.5.0' },
  ];
  return profile.topics.includes('machine-learning')
    ? [...service, ...modelling]
    : service;
}

export function pythonKit(profile: RepositoryProfile): LanguageKit {
  const packageName = snakeCaseOf(profile.name.replace(/-/g, ' '));
  const dependencies = dependenciesFor(profile);
  const dependencyLine = (dependency: Dependency) =>
    `    "${dependency.name}>=${dependency.version}",`;
  const appFile = `src/${packageName}/app.py`;
  const modelFile = `src/${packageName}/model.py`;
  const testFile = 'tests/test_app.py';
  return {
    manifestPath: 'pyproject.toml',
    dependencies,
    dependencyLine,
    versionLine: version => `version = "${version}"`,
    files: () => ({
      'pyproject.toml': `[project]
name = "${profile.name}"
version = "0.1.0"
requires-python = ">=3.12"
dependencies = [
${dependencies.map(dependencyLine).join('\n')}
]

[project.optional-dependencies]
dev = ["pytest>=8.2.0", "ruff>=0.4.8", "mypy>=1.10.0"]

[tool.ruff]
line-length = 100
`,
      [`src/${packageName}/__init__.py`]: '',
      [appFile]: `from fastapi import FastAPI

app = FastAPI(title="${profile.title}")


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
`,
      [modelFile]: `"""Scoring and feature helpers for ${profile.title}."""
`,
      [testFile]: `from ${packageName}.app import healthz


def test_healthz() -> None:
    assert healthz() == {"status": "ok"}
`,
    }),
    sourcePaths: [modelFile, appFile],
    testPath: testFile,
    symbolOf: phrase => snakeCaseOf(phrase),
    codeEdit: (path, symbol, summary) => ({
      type: 'append',
      path,
      block: `

def ${symbol}(attempt: int) -> bool:
    """${summary}."""
    return attempt < 3
`,
    }),
    testEdit: symbol => ({
      type: 'append',
      path: testFile,
      block: `

def test_${symbol}() -> None:
    from ${packageName}.model import ${symbol}

    assert ${symbol}(0)
`,
    }),
    ciSteps: `      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: '3.12'
      - run: pip install -e '.[dev]'
      - run: ruff check .
      - run: pytest
`,
    dockerfile: `FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml .
COPY src ./src
RUN pip install --no-cache-dir .
USER 1000
CMD ["uvicorn", "${packageName}.app:app", "--host", "0.0.0.0", "--port", "8080"]
`,
    gitignore: '__pycache__/\n*.pyc\n.venv/\n.pytest_cache/\n',
  };
}
