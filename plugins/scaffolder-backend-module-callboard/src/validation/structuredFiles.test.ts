import {
  checkJsonParses,
  isJsonFile,
  isYamlFile,
  parseYamlDocuments,
} from './structuredFiles';

describe('parseYamlDocuments', () => {
  it('returns every non-empty document of a multi-document file', () => {
    const parsed = parseYamlDocuments('a: 1\n---\nb: [2]\n---\n', 'x.yaml');
    expect(parsed).toEqual({ documents: [{ a: 1 }, { b: [2] }], issues: [] });
  });

  it('treats a file with only comments as empty', () => {
    expect(parseYamlDocuments('# nothing\n', 'x.yaml')).toEqual({
      documents: [],
      issues: [],
    });
  });

  it('names the file, the document and the line of a syntax error', () => {
    const parsed = parseYamlDocuments(
      'a: 1\n---\nkey: [unclosed\nother: 2\n',
      'deploy/x.yaml',
    );
    expect(parsed.documents).toEqual([{ a: 1 }]);
    expect(parsed.issues).toEqual([
      {
        file: 'deploy/x.yaml',
        problem: expect.stringMatching(
          /^YAML does not parse \(document 2\) at line \d+: /,
        ),
      },
    ]);
  });

  it('refuses duplicate keys', () => {
    expect(parseYamlDocuments('a: 1\na: 2\n', 'x.yaml').issues).toEqual([
      {
        file: 'x.yaml',
        problem: expect.stringContaining('Map keys must be unique'),
      },
    ]);
  });
});

describe('checkJsonParses', () => {
  it('accepts valid JSON', () => {
    expect(checkJsonParses('{"a": [1]}', 'a.json')).toEqual([]);
  });

  it('names the file of invalid JSON', () => {
    expect(checkJsonParses('{"a": }', 'dash.json')).toEqual([
      {
        file: 'dash.json',
        problem: expect.stringMatching(/^JSON does not parse: /),
      },
    ]);
  });
});

describe('file kinds', () => {
  it.each([
    ['a.yaml', true, false],
    ['b/c.YML', true, false],
    ['d.json', false, true],
    ['Dockerfile', false, false],
  ])('%s is yaml=%s json=%s', (file, yaml, json) => {
    expect(isYamlFile(file)).toBe(yaml);
    expect(isJsonFile(file)).toBe(json);
  });
});
