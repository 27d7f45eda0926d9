// Command gotemplate-oracle renders batches of Go text/template cases (with the Sprig function
// library as Helm configures it) so the TypeScript engine can be compared with the real thing.
//
// Input: one JSON object per line on stdin: {"name", "template", "data", "options": {"missingkey", "funcs", "delims"}}.
// "data" uses a typed encoding so Go integer kinds survive JSON: {"$int": "5"}, {"$int64": "5"},
// {"$uint8": "5"} ..., {"$strings": ["a"]}, {"$ints": [1]}, {"$stringmap": {"k": "v"}}, {"$bytes": "text"},
// {"$objectchanges": [{"id": {"apiVersion", "kind", "name", "namespace"}, "changes": [{"old", "new", "setter"}]}]}
// (a map with struct keys, shaped as image automation's commit message data);
// everything else decodes as
// encoding/json does (numbers are float64, as in Helm values).
// Output: one JSON object per line: {"name", "output"} or {"name", "error"}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

type testCase struct {
	Name     string          `json:"name"`
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data"`
	Options  struct {
		MissingKey string `json:"missingkey"`
		// Funcs "none" renders without Sprig, to test text/template's own builtins that Sprig shadows (slice).
		Funcs string `json:"funcs"`
		// Delims, when set, are the left and right action delimiters.
		Delims []string `json:"delims"`
	} `json:"options"`
}

type result struct {
	Name   string  `json:"name"`
	Output *string `json:"output,omitempty"`
	Error  *string `json:"error,omitempty"`
}

// The struct-keyed map of image automation's commit message data (`.Changed.Objects`): an
// object identifier embedding kyaml's ResourceIdentifier, mapped to the changes made in it.
type TypeMeta struct {
	APIVersion string
	Kind       string
}

type NameMeta struct {
	Name      string
	Namespace string
}

type ResourceIdentifier struct {
	TypeMeta
	NameMeta
}

type ObjectIdentifier struct {
	ResourceIdentifier
}

type Change struct {
	OldValue string
	NewValue string
	Setter   string
}

func field(m any, key string) string {
	if obj, ok := m.(map[string]any); ok {
		if s, ok := obj[key].(string); ok {
			return s
		}
	}
	return ""
}

func objectChanges(raw any) map[ObjectIdentifier][]Change {
	items, _ := raw.([]any)
	out := make(map[ObjectIdentifier][]Change, len(items))
	for _, item := range items {
		entry, _ := item.(map[string]any)
		id := ObjectIdentifier{ResourceIdentifier{
			TypeMeta{field(entry["id"], "apiVersion"), field(entry["id"], "kind")},
			NameMeta{field(entry["id"], "name"), field(entry["id"], "namespace")},
		}}
		changes, _ := entry["changes"].([]any)
		list := []Change{}
		for _, c := range changes {
			list = append(list, Change{field(c, "old"), field(c, "new"), field(c, "setter")})
		}
		out[id] = list
	}
	return out
}

func decodeTyped(v any) any {
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 1 {
			for k, inner := range t {
				if conv, ok := typedValue(k, inner); ok {
					return conv
				}
			}
		}
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = decodeTyped(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = decodeTyped(e)
		}
		return out
	}
	return v
}

func typedValue(kind string, raw any) (any, bool) {
	if !strings.HasPrefix(kind, "$") {
		return nil, false
	}
	s := fmt.Sprint(raw)
	switch kind {
	case "$strings":
		items, _ := raw.([]any)
		out := make([]string, len(items))
		for i, e := range items {
			out[i] = fmt.Sprint(e)
		}
		return out, true
	case "$bytes":
		return []byte(s), true
	case "$stringmap":
		items, _ := raw.(map[string]any)
		out := make(map[string]string, len(items))
		for k, e := range items {
			out[k] = fmt.Sprint(e)
		}
		return out, true
	case "$objectchanges":
		return objectChanges(raw), true
	case "$ints":
		items, _ := raw.([]any)
		out := make([]int, len(items))
		for i, e := range items {
			out[i] = int(e.(float64))
		}
		return out, true
	case "$float32":
		f, _ := strconv.ParseFloat(s, 32)
		return float32(f), true
	}
	bits := 64
	unsigned := strings.HasPrefix(kind, "$u")
	name := strings.TrimPrefix(strings.TrimPrefix(kind, "$u"), "$")
	name = strings.TrimPrefix(name, "int")
	if name != "" {
		b, err := strconv.Atoi(name)
		if err != nil {
			return nil, false
		}
		bits = b
	}
	if unsigned {
		n, err := strconv.ParseUint(s, 10, bits)
		if err != nil {
			return nil, false
		}
		switch bits {
		case 8:
			return uint8(n), true
		case 16:
			return uint16(n), true
		case 32:
			return uint32(n), true
		}
		if kind == "$uint" {
			return uint(n), true
		}
		return n, true
	}
	n, err := strconv.ParseInt(s, 10, bits)
	if err != nil {
		return nil, false
	}
	switch kind {
	case "$int":
		return int(n), true
	case "$int8":
		return int8(n), true
	case "$int16":
		return int16(n), true
	case "$int32":
		return int32(n), true
	}
	return n, true
}

func render(c testCase, funcs template.FuncMap) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	var data any
	if len(c.Data) > 0 {
		if err := json.Unmarshal(c.Data, &data); err != nil {
			return "", fmt.Errorf("bad case data: %w", err)
		}
	}
	data = decodeTyped(data)
	t := template.New(c.Name)
	if c.Options.Funcs != "none" {
		t = t.Funcs(funcs)
	}
	if len(c.Options.Delims) == 2 {
		t = t.Delims(c.Options.Delims[0], c.Options.Delims[1])
	}
	if c.Options.MissingKey != "" {
		t = t.Option("missingkey=" + c.Options.MissingKey)
	}
	if _, err := t.Parse(c.Template); err != nil {
		return "", err
	}
	var b strings.Builder
	err = t.Execute(&b, data)
	return b.String(), err
}

func main() {
	funcs := sprig.TxtFuncMap()
	// Helm removes these for security; so do we.
	delete(funcs, "env")
	delete(funcs, "expandenv")
	// Helm without --enable-dns never resolves names while rendering.
	funcs["getHostByName"] = func(string) string { return "" }
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		line := in.Bytes()
		if len(line) == 0 {
			continue
		}
		var c testCase
		if err := json.Unmarshal(line, &c); err != nil {
			fmt.Fprintln(os.Stderr, "bad case:", err)
			os.Exit(2)
		}
		out, err := render(c, funcs)
		r := result{Name: c.Name}
		if err != nil {
			msg := err.Error()
			r.Error = &msg
		} else {
			r.Output = &out
		}
		if err := enc.Encode(r); err != nil {
			os.Exit(3)
		}
	}
}
