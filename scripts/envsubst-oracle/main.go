// Command envsubst-oracle runs Flux's post-build substitution pipeline (the same steps as the
// kustomize-controller: object -> JSON -> YAML text -> envsubst -> YAML -> JSON) on JSON lines
// read from stdin, one case per line, and prints one JSON verdict per line.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"

	"github.com/fluxcd/pkg/envsubst"
	"sigs.k8s.io/yaml"
)

type input struct {
	Name   string            `json:"name"`
	Text   *string           `json:"text,omitempty"`
	Object json.RawMessage   `json:"object,omitempty"`
	Vars   map[string]string `json:"vars"`
	Strict bool              `json:"strict"`
}

type verdict struct {
	Name   string          `json:"name"`
	Output *string         `json:"output,omitempty"`
	Object json.RawMessage `json:"object,omitempty"`
	Error  string          `json:"error,omitempty"`
}

var nameRe = regexp.MustCompile("^[_[:alpha:]][_[:alpha:][:digit:]]*$")

func mapping(vars map[string]string, strict bool) func(string) (string, bool) {
	return func(s string) (string, bool) {
		if strict {
			v, ok := vars[s]
			return v, ok
		}
		return vars[s], true
	}
}

func evalCase(in input) verdict {
	out := verdict{Name: in.Name}
	if in.Text != nil {
		s, err := envsubst.Eval(*in.Text, mapping(in.Vars, in.Strict))
		if err != nil {
			out.Error = err.Error()
			return out
		}
		out.Output = &s
		return out
	}
	for v := range in.Vars {
		if !nameRe.MatchString(v) {
			out.Error = fmt.Sprintf("'%s' var name is invalid", v)
			return out
		}
	}
	y, err := yaml.JSONToYAML(in.Object)
	if err != nil {
		out.Error = "JSONToYAML: " + err.Error()
		return out
	}
	s, err := envsubst.Eval(string(y), mapping(in.Vars, in.Strict))
	if err != nil {
		out.Error = "variable substitution failed: " + err.Error()
		return out
	}
	j, err := yaml.YAMLToJSON([]byte(s))
	if err != nil {
		out.Error = "YAMLToJSON: " + err.Error()
		return out
	}
	out.Object = j
	return out
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	enc := json.NewEncoder(os.Stdout)
	for sc.Scan() {
		var in input
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		_ = enc.Encode(evalCase(in))
	}
}
