{{- define "lib.extraLabels" -}}
lib: "true"
{{- end -}}
