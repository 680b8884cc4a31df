import {
  GoTemplateError,
  GoTemplateFailError,
  GoTemplateSubset,
} from './goTemplateSubset';

function render(source: string, data: unknown, partials = ''): string {
  const engine = new GoTemplateSubset();
  engine.addFile('_helpers.tpl', partials);
  engine.addFile('t.yaml', source);
  return engine.render('t.yaml', data);
}

const data = {
  Values: {
    name: 'payments-api',
    replicas: 3,
    enabled: true,
    empty: '',
    resources: { limits: { cpu: '500m' } },
  },
  Release: { Name: 'payments' },
};

describe('GoTemplateSubset', () => {
  it('prints fields and literals', () => {
    expect(
      render(
        'name: {{ .Values.name }} n={{ .Values.replicas }} {{ "s" }} {{ 2 }}',
        data,
      ),
    ).toBe('name: payments-api n=3 s 2');
  });

  it('trims whitespace around {{- and -}} and drops comments', () => {
    expect(render('a:\n  {{- /* note */ -}}\n  b {{- " c" }}', data)).toBe(
      'a:b c',
    );
  });

  it('prints a missing key as nothing, like helm template', () => {
    expect(render('[{{ .Values.missing }}]', data)).toBe('[]');
  });

  it('fails on a field of a missing value', () => {
    expect(() => render('{{ .Values.missing.deeper }}', data)).toThrow(
      't.yaml:1: nil pointer evaluating .Values.missing.deeper',
    );
  });

  it('evaluates if, else if and else with Go truthiness', () => {
    const source =
      '{{ if .Values.empty }}a{{ else if not .Values.enabled }}b{{ else }}c{{ end }}';
    expect(render(source, data)).toBe('c');
    expect(
      render(
        '{{ if and .Values.enabled (eq .Values.replicas 3) }}yes{{ end }}',
        data,
      ),
    ).toBe('yes');
  });

  it('includes defined templates with a context and pipes them', () => {
    const partials =
      '{{- define "labels" -}}\napp: {{ .Values.name }}\nrelease: {{ $.Release.Name }}\n{{- end -}}';
    expect(
      render(
        'labels:\n  {{- include "labels" . | nindent 2 }}',
        data,
        partials,
      ),
    ).toBe('labels:\n  app: payments-api\n  release: payments');
  });

  it('renders maps with toYaml and indents them', () => {
    expect(render('r:{{ toYaml .Values.resources | nindent 2 }}', data)).toBe(
      'r:\n  limits:\n    cpu: 500m',
    );
  });

  it('supports printf, quote, default, hasPrefix, trunc and trimSuffix', () => {
    expect(
      render(
        '{{ printf "%s:%d %q" .Values.name .Values.replicas "x" }} {{ .Values.replicas | quote }} {{ .Values.empty | default "d" }} {{ hasPrefix "pay" .Values.name }} {{ .Values.name | trunc 9 | trimSuffix "-" }}',
        data,
      ),
    ).toBe('payments-api:3 "x" "3" d true payments');
  });

  it('raises the template own fail and required messages', () => {
    expect(() => render('{{ fail "nope" }}', data)).toThrow(
      GoTemplateFailError,
    );
    expect(() =>
      render('{{ required "name is required" .Values.empty }}', data),
    ).toThrow('t.yaml:1: name is required');
  });

  it.each([
    ['range', '{{ range .Values.list }}x{{ end }}'],
    ['with', '{{ with .Values.resources }}x{{ end }}'],
    ['variables', '{{ $x := 1 }}'],
    ['unknown functions', '{{ tpl .Values.name . }}'],
  ])('refuses %s, which are outside the subset', (_, source) => {
    expect(() => render(source, data)).toThrow(GoTemplateError);
    expect(() => render(source, data)).toThrow(
      /outside the supported template subset/,
    );
  });

  it('reports unbalanced blocks with the file and line', () => {
    expect(() => render('a\n{{ if .Values.enabled }}x', data)).toThrow(
      "t.yaml:2: 'if' without 'end'",
    );
    expect(() => render('{{ end }}', data)).toThrow(
      't.yaml:1: unexpected {{ end }}',
    );
    expect(() => render('{{ .Values.name', data)).toThrow(
      't.yaml:1: unclosed action',
    );
  });

  it('refuses to print a map directly', () => {
    expect(() => render('{{ .Values.resources }}', data)).toThrow(
      /pipe it through toYaml/,
    );
  });
});
