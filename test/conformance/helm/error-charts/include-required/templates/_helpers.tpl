{{- define "x.image" -}}
{{ required "a registry is required" .Values.registry }}/app
{{- end -}}
