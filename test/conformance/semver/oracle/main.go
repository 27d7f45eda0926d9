// Oracle for engines/semver: Masterminds/semver v3.4 as Helm and Flux call it. Reads one JSON
// request per line on stdin and writes one JSON answer per line:
//
//	{"op":"version","text":T}                  NewVersion, StrictNewVersion and Flux's ParseVersion of T
//	{"op":"check","constraint":C,"versions":V} NewConstraint(C), then Check of each NewVersion(V[i])
//	{"op":"sort","versions":V}                 the parsable V sorted by sort.Stable(Collection)
//	{"op":"tag","constraint":C,"tags":V}       Flux's OCIRepository semver tag pick
//	{"op":"chart","constraint":C,"entries":E}  Flux's chart lookup in a repository index, and Helm's
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"
)

type entry struct {
	Version string `json:"version"`
	Created string `json:"created,omitempty"`
}

type request struct {
	Op         string   `json:"op"`
	Text       string   `json:"text"`
	Constraint string   `json:"constraint"`
	Versions   []string `json:"versions"`
	Tags       []string `json:"tags"`
	Entries    []entry  `json:"entries"`
}

type parsed struct {
	Error    string `json:"error,omitempty"`
	String   string `json:"string,omitempty"`
	Original string `json:"original,omitempty"`
}

func parseResult(v *semver.Version, err error) parsed {
	if err != nil {
		return parsed{Error: err.Error()}
	}
	return parsed{String: v.String(), Original: v.Original()}
}

// fluxParse is fluxcd/pkg/version.ParseVersion: strict after an optional "v", read leniently.
func fluxParse(s string) (*semver.Version, error) {
	if _, err := semver.StrictNewVersion(strings.TrimPrefix(s, "v")); err != nil {
		return nil, err
	}
	return semver.NewVersion(s)
}

func version(r request) any {
	return map[string]parsed{
		"loose":  parseResult(semver.NewVersion(r.Text)),
		"strict": parseResult(semver.StrictNewVersion(r.Text)),
		"flux":   parseResult(fluxParse(r.Text)),
	}
}

func check(r request) any {
	c, err := semver.NewConstraint(r.Constraint)
	if err != nil {
		return map[string]string{"error": err.Error()}
	}
	checks := make([]*bool, len(r.Versions))
	for i, s := range r.Versions {
		if v, err := semver.NewVersion(s); err == nil {
			ok := c.Check(v)
			checks[i] = &ok
		}
	}
	return map[string][]*bool{"checks": checks}
}

func sorted(r request) any {
	var vs semver.Collection
	for _, s := range r.Versions {
		if v, err := semver.NewVersion(s); err == nil {
			vs = append(vs, v)
		}
	}
	sort.Stable(vs)
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Original()
	}
	return map[string][]string{"sorted": out}
}

// tag picks as Flux's OCIRepository does: the highest matching tag, sorted as Flux sorts them.
func tag(r request) any {
	c, err := semver.NewConstraint(r.Constraint)
	if err != nil {
		return map[string]string{"error": err.Error()}
	}
	var matching semver.Collection
	for _, t := range r.Tags {
		if v, err := fluxParse(t); err == nil && c.Check(v) {
			matching = append(matching, v)
		}
	}
	if len(matching) == 0 {
		return map[string]string{"error": "no match found for semver: " + r.Constraint}
	}
	sort.Sort(sort.Reverse(matching))
	return map[string]string{"tag": matching[0].Original()}
}

func created(e entry) time.Time {
	t, _ := time.Parse(time.RFC3339, e.Created)
	return t
}

// fluxChart is the lookup of Flux's HTTP chart repository: exact string first, then the highest
// strictly parsed version the constraint admits ("" and "*": the newest stable), newest created
// first among equal versions.
func fluxChart(r request) (string, error) {
	ver := r.Constraint
	if ver != "" {
		for _, e := range r.Entries {
			if e.Version == ver {
				return e.Version, nil
			}
		}
	}
	if ver == "" {
		ver = "*"
	}
	c, err := semver.NewConstraint(ver)
	if err != nil {
		return "", err
	}
	type match struct {
		v *semver.Version
		e entry
	}
	var matches []match
	for _, e := range r.Entries {
		if v, err := fluxParse(e.Version); err == nil && c.Check(v) {
			matches = append(matches, match{v, e})
		}
	}
	if len(matches) == 0 {
		return "", fmt.Errorf("no match")
	}
	sort.SliceStable(matches, func(i, j int) bool {
		if !matches[i].v.Equal(matches[j].v) {
			return matches[j].v.LessThan(matches[i].v)
		}
		return created(matches[j].e).Before(created(matches[i].e))
	})
	return matches[0].e.Version, nil
}

// helmChart is Helm's IndexFile.Get over entries sorted as Helm sorts an index (newest first).
func helmChart(r request) (string, error) {
	es := append([]entry(nil), r.Entries...)
	sort.SliceStable(es, func(i, j int) bool {
		a, errA := semver.NewVersion(es[i].Version)
		b, errB := semver.NewVersion(es[j].Version)
		if errA != nil || errB != nil {
			return errB != nil && errA == nil
		}
		return b.LessThan(a)
	})
	c, err := semver.NewConstraint("*")
	if r.Constraint != "" {
		c, err = semver.NewConstraint(r.Constraint)
		if err != nil {
			return "", err
		}
		for _, e := range es {
			if e.Version == r.Constraint {
				return e.Version, nil
			}
		}
	}
	for _, e := range es {
		if v, err := semver.NewVersion(e.Version); err == nil && c.Check(v) {
			return e.Version, nil
		}
	}
	return "", fmt.Errorf("no match")
}

func chart(r request) any {
	answer := map[string]string{}
	for name, pick := range map[string]func(request) (string, error){"flux": fluxChart, "helm": helmChart} {
		if v, err := pick(r); err != nil {
			answer[name+"Error"] = err.Error()
		} else {
			answer[name] = v
		}
	}
	return answer
}

func main() {
	ops := map[string]func(request) any{"version": version, "check": check, "sort": sorted, "tag": tag, "chart": chart}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		var r request
		if err := json.Unmarshal(in.Bytes(), &r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		op, ok := ops[r.Op]
		if !ok {
			fmt.Fprintln(os.Stderr, "unknown op", r.Op)
			os.Exit(1)
		}
		_ = enc.Encode(op(r))
	}
}
