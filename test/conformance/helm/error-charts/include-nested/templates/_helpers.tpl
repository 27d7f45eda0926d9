{{- define "h" -}}
{{ .Values.a.b }}
{{- end -}}
{{- define "outer" -}}
{{ include "h" . }}
{{- end -}}
