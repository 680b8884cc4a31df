import { createMockDirectory } from '@backstage/backend-test-utils';
import { renderHelmChart } from './helmChart';

const chart = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: payments-api\nversion: 0.1.0\n',
  'chart/values.yaml':
    'image:\n  approvedRegistry: registry.tidewater.example/\n  repository: registry.tidewater.example/tidewater/payments-api\n  tag: "0.1.0"\n',
  'chart/templates/_helpers.tpl': [
    '{{- define "image" -}}',
    '{{- if not (hasPrefix .Values.image.approvedRegistry .Values.image.repository) -}}',
    '{{- fail (printf "image.repository %q is not from the approved registry" .Values.image.repository) -}}',
    '{{- end -}}',
    '{{ .Values.image.repository }}:{{ .Values.image.tag }}',
    '{{- end -}}',
  ].join('\n'),
  'chart/templates/configmap.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ .Chart.Name }}',
    '  namespace: {{ .Release.Namespace }}',
    'data:',
    '  image: {{ include "image" . | quote }}',
  ].join('\n'),
  'chart/templates/NOTES.txt': '{{ this is not parsed }}',
};

describe('renderHelmChart', () => {
  const mockDir = createMockDirectory();
  beforeEach(() => mockDir.setContent(chart));

  it('renders each template into objects named by their template file', async () => {
    const result = await renderHelmChart(mockDir.path, 'chart', {
      namespace: 'payments',
    });
    expect(result.issues).toEqual([]);
    expect(result.objects).toEqual([
      {
        source: 'chart/templates/configmap.yaml',
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'payments-api', namespace: 'payments' },
          data: {
            image: 'registry.tidewater.example/tidewater/payments-api:0.1.0',
          },
        },
      },
    ]);
  });

  it('reports the chart failing on an image from another registry', async () => {
    const result = await renderHelmChart(mockDir.path, 'chart', {
      valueOverrides: { image: { repository: 'docker.io/evil/app' } },
    });
    expect(result.objects).toEqual([]);
    expect(result.issues).toEqual([
      {
        file: 'chart/templates/configmap.yaml',
        problem: expect.stringContaining(
          'image.repository "docker.io/evil/app" is not from the approved registry',
        ),
      },
    ]);
  });

  it('reports templates that do not parse and output that is not YAML', async () => {
    mockDir.addContent({
      'chart/templates/broken.yaml': '{{ if .Values.image }}',
      'chart/templates/notyaml.yaml': 'a: [',
    });
    const result = await renderHelmChart(mockDir.path, 'chart');
    expect(result.issues).toEqual([
      {
        file: 'chart/templates/broken.yaml',
        problem: expect.stringContaining("'if' without 'end'"),
      },
      {
        file: 'chart/templates/notyaml.yaml',
        problem: expect.stringMatching(/^rendered output: YAML does not parse/),
      },
    ]);
  });

  it('requires a v2 Chart.yaml', async () => {
    mockDir.addContent({ 'chart/Chart.yaml': 'apiVersion: v1\nname: x\n' });
    const result = await renderHelmChart(mockDir.path, 'chart');
    expect(result.issues).toEqual([
      {
        file: 'chart/Chart.yaml',
        problem: 'must declare apiVersion: v2 and a name',
      },
    ]);
  });
});
