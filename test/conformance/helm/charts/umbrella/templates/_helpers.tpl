{{- define "umbrella.name" -}}
{{ .Chart.Name }}-{{ .Release.Name }}
{{- end -}}
{{- define "umbrella.labels" -}}
app: {{ include "umbrella.name" . }}
chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
