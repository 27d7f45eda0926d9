// Oracle for OCIRepository's semver tag selection: reads JSON cases on stdin, answers with the tag
// Flux would pick (Masterminds constraints, tags parsed strictly with an optional "v"), or the
// error text.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/Masterminds/semver/v3"
)

type query struct {
	Tags       []string `json:"tags"`
	Constraint string   `json:"constraint"`
}

type answer struct {
	Tag   string `json:"tag,omitempty"`
	Error string `json:"error,omitempty"`
}

func pick(q query) answer {
	c, err := semver.NewConstraint(q.Constraint)
	if err != nil {
		return answer{Error: "parse"}
	}
	var matching []*semver.Version
	for _, t := range q.Tags {
		if _, err := semver.StrictNewVersion(strings.TrimPrefix(t, "v")); err != nil {
			continue
		}
		v, err := semver.NewVersion(t)
		if err != nil {
			continue
		}
		if c.Check(v) {
			matching = append(matching, v)
		}
	}
	if len(matching) == 0 {
		return answer{Error: fmt.Sprintf("no match found for semver: %s", q.Constraint)}
	}
	sort.Sort(sort.Reverse(semver.Collection(matching)))
	return answer{Tag: matching[0].Original()}
}

func main() {
	var queries []query
	if err := json.NewDecoder(os.Stdin).Decode(&queries); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	answers := make([]answer, len(queries))
	for i, q := range queries {
		answers[i] = pick(q)
	}
	_ = json.NewEncoder(os.Stdout).Encode(answers)
}
