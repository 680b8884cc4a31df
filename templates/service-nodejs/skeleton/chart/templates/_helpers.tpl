{{/* Kept within the template subset Callboard validates charts with: no range, with or variables. */}}

{{- define "service.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "service.name" . }}
{{- end -}}

{{- define "service.labels" -}}
{{ include "service.selectorLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ .Values.labels.partOf }}
backstage.io/kubernetes-id: {{ include "service.name" . }}
owner: {{ required "labels.owner is required" .Values.labels.owner }}
cost-center: {{ required "labels.costCenter is required" .Values.labels.costCenter }}
{{- end -}}

{{- define "service.image" -}}
{{- if not (hasPrefix .Values.image.approvedRegistry .Values.image.repository) -}}
{{- fail (printf "image.repository %q is not from the approved registry %s" .Values.image.repository .Values.image.approvedRegistry) -}}
{{- end -}}
{{- printf "%s:%s" .Values.image.repository (required "image.tag is required" .Values.image.tag) -}}
{{- end -}}

{{- define "service.databaseEnv" -}}
- name: PGHOST
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.connectionSecret }}
      key: endpoint
- name: PGPORT
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.connectionSecret }}
      key: port
- name: PGUSER
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.connectionSecret }}
      key: username
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.connectionSecret }}
      key: password
- name: PGDATABASE
  value: {{ .Values.database.name | quote }}
{{- end -}}
