// Command krusty-extract reads the Test functions of kustomize's api/krusty/*_test.go (the directory
// given as its only argument) and prints, as one JSON document, the inputs of every case it can
// follow statically: the files a test writes through its harness and the directory it builds.
//
// It is a small interpreter over the part of Go those tests use: string literals and `+`,
// constants and variables, composite literals (the tables of table-driven tests), `range` over
// them, `t.Run` subtests, closures and the file's own helper functions, fmt.Sprintf and
// filepath.Join. Anything else that touches the harness (plugins, helm, options other than the
// defaults, direct filesystem writes, conditionals around writes) makes the case "not
// extractable", with the reason, rather than silently dropped.
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

type (
	strV     string
	boolV    bool
	intV     int
	listV    []any
	mapV     struct{ keys, vals []any }
	structV  map[string]any
	closureV struct {
		fn  *ast.FuncLit
		env *env
	}
	funcV    struct{ decl *ast.FuncDecl }
	optsV    struct{ nonDefault string }
	testingV struct{}
	fsV      struct{}
	unknownV struct{ reason string }
)

type harnessV struct{ h *harness }

// harness is the state a kusttest harness holds: the files written so far, in write order.
type harness struct {
	order []string
	files map[string]string
}

func (h *harness) write(p, content string) {
	p = clean(p)
	if _, ok := h.files[p]; !ok {
		h.order = append(h.order, p)
	}
	h.files[p] = content
}

// clean maps a path of the harness's in-memory filesystem (rooted at "/") to a relative one.
func clean(p string) string {
	c := strings.TrimPrefix(path.Clean("/"+p), "/")
	if c == "" {
		return "."
	}
	return c
}

type env struct {
	vars   map[string]any
	parent *env
}

func (e *env) lookup(name string) (any, bool) {
	for s := e; s != nil; s = s.parent {
		if v, ok := s.vars[name]; ok {
			return v, true
		}
	}
	return nil, false
}

func (e *env) set(name string, v any) {
	for s := e; s != nil; s = s.parent {
		if _, ok := s.vars[name]; ok {
			s.vars[name] = v
			return
		}
	}
	e.vars[name] = v
}

func child(e *env) *env { return &env{vars: map[string]any{}, parent: e} }

// stuck aborts the (sub)test being followed; the reason is reported.
type stuck struct{ reason string }

// returned carries a helper function's return value up to its call.
type returned struct{ v any }

type file struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

type kase struct {
	Name        string `json:"name"`
	File        string `json:"file"`
	Dir         string `json:"dir"`
	ExpectError bool   `json:"expectError"`
	Files       []file `json:"files"`
}

type skipped struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	Reason string `json:"reason"`
}

type output struct {
	Tests         int       `json:"tests"`
	Cases         []kase    `json:"cases"`
	Unextractable []skipped `json:"unextractable"`
}

type interp struct {
	fset    *token.FileSet
	funcs   map[string]*ast.FuncDecl
	globals map[string]ast.Expr
	cache   map[string]any
	out     output
	dir     string
	file    string
	name    string
	runs    map[string]int
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: krusty-extract DIR (kustomize's api/krusty)")
		os.Exit(2)
	}
	in, err := load(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	in.run()
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(in.out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

type testFn struct {
	file string
	decl *ast.FuncDecl
}

var tests []testFn

func load(dir string) (*interp, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	in := &interp{
		fset: token.NewFileSet(), funcs: map[string]*ast.FuncDecl{},
		globals: map[string]ast.Expr{}, cache: map[string]any{},
		out: output{Cases: []kase{}, Unextractable: []skipped{}}, dir: dir,
	}
	for _, n := range names {
		f, err := parser.ParseFile(in.fset, n, nil, 0)
		if err != nil {
			return nil, err
		}
		// only the package whose tests drive the harness (krusty_test); krusty's internal tests differ
		if f.Name.Name != "krusty_test" {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					continue
				}
				in.funcs[d.Name.Name] = d
				if strings.HasPrefix(d.Name.Name, "Test") && len(d.Type.Params.List) == 1 {
					tests = append(tests, testFn{file: filepath.Base(n), decl: d})
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok {
						for i, id := range vs.Names {
							if i < len(vs.Values) {
								in.globals[id.Name] = vs.Values[i]
							}
						}
					}
				}
			}
		}
	}
	return in, nil
}

func (in *interp) run() {
	for _, t := range tests {
		in.out.Tests++
		in.file = t.file
		in.runs = map[string]int{}
		e := child(nil)
		for _, f := range t.decl.Type.Params.List {
			for _, n := range f.Names {
				e.vars[n.Name] = testingV{}
			}
		}
		in.subtest(t.decl.Name.Name, func() { in.block(t.decl.Body.List, e) })
	}
}

// subtest follows body as the (sub)test `name`; a stuck body is reported and ends only that test.
func (in *interp) subtest(name string, body func()) {
	saved := in.name
	in.name = name
	defer func() { in.name = saved }()
	defer func() {
		if r := recover(); r != nil {
			if _, early := r.(returned); early {
				return
			}
			s, ok := r.(stuck)
			if !ok {
				panic(r)
			}
			in.out.Unextractable = append(in.out.Unextractable, skipped{Name: name, File: in.file, Reason: s.reason})
		}
	}()
	body()
}

func (in *interp) block(list []ast.Stmt, e *env) {
	for _, s := range list {
		in.stmt(s, e)
	}
}

func (in *interp) stmt(s ast.Stmt, e *env) {
	switch s := s.(type) {
	case *ast.ExprStmt:
		in.expr(s.X, e)
	case *ast.AssignStmt:
		in.assign(s, e)
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok {
			return
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok {
				continue
			}
			for i, id := range vs.Names {
				var v any = unknownV{"zero value of " + id.Name}
				if i < len(vs.Values) {
					v = in.expr(vs.Values[i], e)
				}
				e.vars[id.Name] = v
			}
		}
	case *ast.BlockStmt:
		in.block(s.List, child(e))
	case *ast.RangeStmt:
		in.rangeStmt(s, e)
	case *ast.IfStmt:
		inner := child(e)
		if s.Init != nil {
			in.stmt(s.Init, inner)
		}
		// a condition on the test table's own values decides statically
		if cond, ok := in.expr(s.Cond, inner).(boolV); ok {
			if cond {
				in.block(s.Body.List, child(inner))
			} else if s.Else != nil {
				in.stmt(s.Else, inner)
			}
			return
		}
		if in.usesHarness(s.Body, inner) || (s.Else != nil && in.usesHarness(s.Else, inner)) {
			panic(stuck{"writes or builds under a condition"})
		}
	case *ast.ReturnStmt:
		if len(s.Results) == 1 {
			panic(returned{in.expr(s.Results[0], e)})
		}
		panic(returned{nil})
	case *ast.DeferStmt, *ast.EmptyStmt, *ast.IncDecStmt:
	default:
		if in.usesHarness(s, e) {
			panic(stuck{fmt.Sprintf("writes or builds inside a %T", s)})
		}
	}
}

func (in *interp) assign(s *ast.AssignStmt, e *env) {
	if len(s.Lhs) == 2 && len(s.Rhs) == 1 {
		// bytes, _ := os.ReadFile("./testdata/..."): a file of the krusty directory itself
		if c, ok := s.Rhs[0].(*ast.CallExpr); ok && exprText(c.Fun) == "os.ReadFile" && len(c.Args) == 1 {
			if id, ok := s.Lhs[0].(*ast.Ident); ok {
				var v any = unknownV{"os.ReadFile of a computed path"}
				if p, ok := in.expr(c.Args[0], e).(strV); ok {
					if b, err := os.ReadFile(filepath.Join(in.dir, string(p))); err == nil {
						v = strV(b)
					} else {
						v = unknownV{"os.ReadFile: " + err.Error()}
					}
				}
				e.set(id.Name, v)
				return
			}
		}
	}
	if len(s.Lhs) != len(s.Rhs) {
		// v, err := f(): evaluated for its effects; the results are not followed
		for _, r := range s.Rhs {
			in.expr(r, e)
		}
		for _, l := range s.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
				e.vars[id.Name] = unknownV{"result of a multi-value call"}
			}
		}
		return
	}
	for i, l := range s.Lhs {
		v := in.expr(s.Rhs[i], e)
		switch l := l.(type) {
		case *ast.Ident:
			if l.Name == "_" {
				continue
			}
			if s.Tok == token.DEFINE {
				e.vars[l.Name] = v
			} else {
				e.set(l.Name, v)
			}
		default:
			// a field of the options set: the build no longer runs with kubectl's defaults
			if root := rootIdent(l); root != nil {
				if o, ok := e.lookup(root.Name); ok {
					if _, isOpts := o.(optsV); isOpts {
						e.set(root.Name, optsV{nonDefault: "options other than the defaults (" + exprText(l) + ")"})
					}
				}
			}
		}
	}
}

func rootIdent(x ast.Expr) *ast.Ident {
	for {
		switch y := x.(type) {
		case *ast.Ident:
			return y
		case *ast.SelectorExpr:
			x = y.X
		case *ast.IndexExpr:
			x = y.X
		case *ast.StarExpr:
			x = y.X
		default:
			return nil
		}
	}
}

func exprText(x ast.Expr) string {
	switch y := x.(type) {
	case *ast.Ident:
		return y.Name
	case *ast.SelectorExpr:
		return exprText(y.X) + "." + y.Sel.Name
	}
	return fmt.Sprintf("%T", x)
}

func (in *interp) rangeStmt(s *ast.RangeStmt, e *env) {
	over := in.expr(s.X, e)
	bind := func(k, v any) {
		inner := child(e)
		if id, ok := s.Key.(*ast.Ident); ok && id.Name != "_" {
			inner.vars[id.Name] = k
		}
		if id, ok := s.Value.(*ast.Ident); ok && id.Name != "_" {
			inner.vars[id.Name] = v
		}
		in.block(s.Body.List, inner)
	}
	switch o := over.(type) {
	case listV:
		for i, v := range o {
			bind(intV(i), v)
		}
	case mapV:
		for i := range o.keys {
			bind(o.keys[i], o.vals[i])
		}
	default:
		if in.usesHarness(s.Body, e) {
			panic(stuck{"writes or builds in a loop over a computed value"})
		}
	}
}

// usesHarness tells whether n calls the harness, t.Run, or a helper or closure that might.
func (in *interp) usesHarness(n ast.Node, e *env) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		c, ok := x.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		switch f := c.Fun.(type) {
		case *ast.Ident:
			if _, ok := in.funcs[f.Name]; ok {
				found = true
			} else if v, ok := e.lookup(f.Name); ok {
				_, found = v.(closureV)
			}
		case *ast.SelectorExpr:
			if id, ok := f.X.(*ast.Ident); ok {
				if v, ok := e.lookup(id.Name); ok {
					switch v.(type) {
					case harnessV:
						found = strings.HasPrefix(f.Sel.Name, "Write") || strings.HasPrefix(f.Sel.Name, "Run")
					case testingV:
						found = f.Sel.Name == "Run"
					}
				}
			}
		}
		return !found
	})
	return found
}

func (in *interp) global(name string) (any, bool) {
	if v, ok := in.cache[name]; ok {
		return v, true
	}
	x, ok := in.globals[name]
	if !ok {
		return nil, false
	}
	in.cache[name] = unknownV{"recursive definition of " + name}
	v := in.expr(x, child(nil))
	in.cache[name] = v
	return v, true
}

func (in *interp) expr(x ast.Expr, e *env) any {
	switch x := x.(type) {
	case *ast.BasicLit:
		switch x.Kind {
		case token.STRING:
			s, err := strconv.Unquote(x.Value)
			if err != nil {
				return unknownV{"bad string literal"}
			}
			return strV(s)
		case token.INT:
			n, err := strconv.Atoi(x.Value)
			if err != nil {
				return unknownV{"bad int literal"}
			}
			return intV(n)
		}
		return unknownV{"literal " + x.Value}
	case *ast.ParenExpr:
		return in.expr(x.X, e)
	case *ast.UnaryExpr:
		if b, ok := in.expr(x.X, e).(boolV); ok && x.Op == token.NOT {
			return !b
		}
		return unknownV{"operator " + x.Op.String()}
	case *ast.Ident:
		if x.Name == "true" || x.Name == "false" {
			if _, shadowed := e.lookup(x.Name); !shadowed {
				return boolV(x.Name == "true")
			}
		}
		if v, ok := e.lookup(x.Name); ok {
			return v
		}
		if v, ok := in.global(x.Name); ok {
			return v
		}
		if d, ok := in.funcs[x.Name]; ok {
			return funcV{d}
		}
		return unknownV{"identifier " + x.Name}
	case *ast.BinaryExpr:
		l, r := in.expr(x.X, e), in.expr(x.Y, e)
		ls, lok := l.(strV)
		rs, rok := r.(strV)
		if x.Op == token.ADD && lok && rok {
			return ls + rs
		}
		if lb, ok := l.(boolV); ok {
			if rb, ok := r.(boolV); ok {
				switch x.Op {
				case token.LAND:
					return lb && rb
				case token.LOR:
					return lb || rb
				}
			}
		}
		if comparable(l) && comparable(r) {
			switch x.Op {
			case token.EQL:
				return boolV(l == r)
			case token.NEQ:
				return boolV(l != r)
			}
		}
		return unknownV{"operator " + x.Op.String()}
	case *ast.CompositeLit:
		return in.composite(x, e)
	case *ast.FuncLit:
		return closureV{x, e}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && id.Name == "konfig" && x.Sel.Name == "DefaultKustomizationFileName" {
			return strV("kustomization.yaml")
		}
		switch v := in.expr(x.X, e).(type) {
		case structV:
			if f, ok := v[x.Sel.Name]; ok {
				return f
			}
			return unknownV{"zero field " + x.Sel.Name}
		case harnessV:
			if x.Sel.Name == "Harness" {
				return v
			}
		}
		return unknownV{"selector " + exprText(x)}
	case *ast.IndexExpr:
		over, key := in.expr(x.X, e), in.expr(x.Index, e)
		switch o := over.(type) {
		case listV:
			if i, ok := key.(intV); ok && int(i) < len(o) {
				return o[i]
			}
		case mapV:
			for i, k := range o.keys {
				if k == key {
					return o.vals[i]
				}
			}
		}
		return unknownV{"index expression"}
	case *ast.CallExpr:
		return in.call(x, e)
	}
	return unknownV{fmt.Sprintf("expression %T", x)}
}

func comparable(v any) bool {
	switch v.(type) {
	case strV, intV, boolV:
		return true
	}
	return false
}

func (in *interp) composite(x *ast.CompositeLit, e *env) any {
	isStruct := false
	switch t := x.Type.(type) {
	case *ast.MapType:
		m := mapV{}
		for _, el := range x.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return unknownV{"map literal"}
			}
			m.keys = append(m.keys, in.expr(kv.Key, e))
			m.vals = append(m.vals, in.expr(kv.Value, e))
		}
		return m
	case *ast.ArrayType:
		l := listV{}
		for _, el := range x.Elts {
			l = append(l, in.expr(el, e))
		}
		return l
	case nil:
		// an element of a table whose type is elided: a struct when keyed by field names
		isStruct = len(x.Elts) > 0
		for _, el := range x.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				isStruct = false
				break
			}
			if _, ok := kv.Key.(*ast.Ident); !ok {
				isStruct = false
			}
		}
		if !isStruct {
			l := listV{}
			for _, el := range x.Elts {
				l = append(l, in.expr(el, e))
			}
			return l
		}
	default:
		_ = t
		isStruct = true
	}
	s := structV{}
	for _, el := range x.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return unknownV{"positional struct literal"}
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			return unknownV{"struct literal key"}
		}
		s[id.Name] = in.expr(kv.Value, e)
	}
	return s
}

func str(v any, what string) string {
	s, ok := v.(strV)
	if !ok {
		if u, ok := v.(unknownV); ok {
			panic(stuck{what + " is not a static string: " + u.reason})
		}
		panic(stuck{fmt.Sprintf("%s is not a static string (%T)", what, v)})
	}
	return string(s)
}

func (in *interp) args(c *ast.CallExpr, e *env) []any {
	out := make([]any, len(c.Args))
	for i, a := range c.Args {
		out[i] = in.expr(a, e)
	}
	return out
}

func (in *interp) call(c *ast.CallExpr, e *env) any {
	switch f := c.Fun.(type) {
	case *ast.SelectorExpr:
		if pkg, ok := f.X.(*ast.Ident); ok {
			if _, bound := e.lookup(pkg.Name); !bound {
				if v, ok := in.pkgCall(pkg.Name, f.Sel.Name, c, e); ok {
					return v
				}
			}
		}
		recv := in.expr(f.X, e)
		switch r := recv.(type) {
		case harnessV:
			return in.harnessCall(r.h, f.Sel.Name, c, e)
		case testingV:
			return in.testingCall(f.Sel.Name, c, e)
		case fsV:
			panic(stuck{"uses the harness filesystem directly (" + f.Sel.Name + ")"})
		}
		in.noHarnessArgs(exprText(f), c, e)
		return unknownV{"call of " + exprText(f)}
	case *ast.ArrayType:
		// []byte(s) and the like: the value itself
		if len(c.Args) == 1 {
			return in.expr(c.Args[0], e)
		}
	case *ast.Ident:
		if _, bound := e.lookup(f.Name); !bound && f.Name == "string" && len(c.Args) == 1 {
			return in.expr(c.Args[0], e)
		}
	}
	switch fn := in.expr(c.Fun, e).(type) {
	case funcV:
		return in.apply(fn.decl.Type, fn.decl.Body, child(nil), c, e)
	case closureV:
		return in.apply(fn.fn.Type, fn.fn.Body, child(fn.env), c, e)
	}
	in.noHarnessArgs(fmt.Sprintf("%T", c.Fun), c, e)
	return unknownV{"call"}
}

// noHarnessArgs refuses a call this interpreter cannot follow when the harness is passed to it.
func (in *interp) noHarnessArgs(what string, c *ast.CallExpr, e *env) {
	for _, a := range in.args(c, e) {
		switch a.(type) {
		case harnessV, fsV:
			panic(stuck{"passes the harness to " + what})
		}
	}
}

func (in *interp) apply(t *ast.FuncType, body *ast.BlockStmt, scope *env, c *ast.CallExpr, e *env) (result any) {
	args := in.args(c, e)
	i := 0
	for _, p := range t.Params.List {
		for _, n := range p.Names {
			if i < len(args) {
				scope.vars[n.Name] = args[i]
			}
			i++
		}
	}
	defer func() {
		if r := recover(); r != nil {
			ret, ok := r.(returned)
			if !ok {
				panic(r)
			}
			result = ret.v
		}
	}()
	in.block(body.List, scope)
	return nil
}

func (in *interp) pkgCall(pkg, name string, c *ast.CallExpr, e *env) (any, bool) {
	switch pkg + "." + name {
	case "kusttest_test.MakeHarness", "kusttest_test.MakeEnhancedHarness", "kusttest_test.MakeEnhancedHarnessWithTmpRoot":
		return harnessV{&harness{files: map[string]string{}}}, true
	case "kusttest_test.MakeHarnessWithFs":
		if len(c.Args) == 2 {
			if _, ok := in.expr(c.Args[1], e).(fsV); ok {
				return harnessV{&harness{files: map[string]string{}}}, true
			}
		}
		panic(stuck{"harness over a filesystem other than an empty in-memory one"})
	case "konfig.DefaultKustomizationFileName":
		return strV("kustomization.yaml"), true
	case "filesys.MakeFsInMemory", "filesys.MakeEmptyDirInMemory":
		return fsV{}, true
	case "filesys.MakeFsOnDisk":
		panic(stuck{"on-disk filesystem"})
	case "filepath.Join", "path.Join":
		parts := []string{}
		for i, a := range in.args(c, e) {
			parts = append(parts, str(a, fmt.Sprintf("argument %d of %s", i+1, name)))
		}
		return strV(filepath.Join(parts...)), true
	case "fmt.Sprintf":
		args := in.args(c, e)
		if len(args) == 0 {
			return unknownV{"fmt.Sprintf"}, true
		}
		format, ok := args[0].(strV)
		if !ok {
			return unknownV{"fmt.Sprintf with a computed format"}, true
		}
		vals := []any{}
		for _, a := range args[1:] {
			switch a := a.(type) {
			case strV:
				vals = append(vals, string(a))
			case intV:
				vals = append(vals, int(a))
			default:
				return unknownV{"fmt.Sprintf of a computed value"}, true
			}
		}
		return strV(fmt.Sprintf(string(format), vals...)), true
	}
	return nil, false
}

func (in *interp) harnessCall(h *harness, m string, c *ast.CallExpr, e *env) any {
	args := in.args(c, e)
	arg := func(i int, what string) string {
		if i >= len(args) {
			panic(stuck{"th." + m + " without " + what})
		}
		return str(args[i], "the "+what+" of th."+m)
	}
	switch m {
	case "WriteK":
		h.write(path.Join(arg(0, "path"), "kustomization.yaml"),
			"\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"+arg(1, "content"))
	case "WriteC":
		h.write(path.Join(arg(0, "path"), "kustomization.yaml"),
			"\napiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"+arg(1, "content"))
	case "WriteF":
		h.write(arg(0, "path"), arg(1, "content"))
	case "Run", "RunWithErr":
		dir := arg(0, "directory")
		if len(args) < 2 {
			panic(stuck{"th." + m + " without options"})
		}
		o, ok := args[1].(optsV)
		if !ok {
			panic(stuck{"options not followed"})
		}
		if o.nonDefault != "" {
			panic(stuck{o.nonDefault})
		}
		in.emit(h, dir, m == "RunWithErr")
		return unknownV{"result of th." + m}
	case "MakeDefaultOptions", "MakeOptionsPluginsDisabled":
		return optsV{}
	case "MakeOptionsPluginsEnabled":
		return optsV{nonDefault: "plugins enabled (th.MakeOptionsPluginsEnabled)"}
	case "GetRoot":
		return strV("/")
	case "Join":
		parts := []string{"/"}
		for i := range args {
			parts = append(parts, arg(i, "path element"))
		}
		return strV(filepath.Join(parts...))
	case "MkDir":
		return strV(filepath.Join("/", arg(0, "path")))
	case "GetFSys":
		return fsV{}
	case "Reset", "GetT", "AssertActualEqualsExpected", "AssertActualEqualsExpectedNoIdAnnotations",
		"AssertActualEqualsExpectedWithTweak":
	case "WriteLegacyConfigs":
		panic(stuck{"th.WriteLegacyConfigs writes kustomize's compiled-in field specs"})
	case "ErrIfNoHelm":
		panic(stuck{"needs helm (--enable-helm)"})
	case "PrepBuiltin", "BuildGoPlugin", "PrepExecPlugin", "GetPluginConfig":
		panic(stuck{"plugins (th." + m + ")"})
	default:
		panic(stuck{"harness method th." + m})
	}
	return unknownV{"th." + m}
}

func (in *interp) testingCall(m string, c *ast.CallExpr, e *env) any {
	switch m {
	case "Run":
		if len(c.Args) != 2 {
			panic(stuck{"t.Run with computed arguments"})
		}
		args := in.args(c, e)
		name := str(args[0], "the subtest name")
		fn, ok := args[1].(closureV)
		if !ok {
			panic(stuck{"t.Run of a function value"})
		}
		in.subtest(in.name+"/"+strings.ReplaceAll(name, " ", "_"), func() {
			in.apply(fn.fn.Type, fn.fn.Body, child(fn.env), &ast.CallExpr{Args: []ast.Expr{ast.NewIdent("t")}},
				&env{vars: map[string]any{"t": testingV{}}})
		})
	case "Skip", "Skipf", "SkipNow":
		panic(stuck{"skipped in kustomize's own suite"})
	}
	return unknownV{"t." + m}
}

// emit records a case: the harness's files as they are now and the directory built.
func (in *interp) emit(h *harness, dir string, expectError bool) {
	in.runs[in.name]++
	name := in.name
	if n := in.runs[in.name]; n > 1 {
		name = fmt.Sprintf("%s#%d", name, n)
	}
	files := []file{}
	for _, p := range h.order {
		content := h.files[p]
		if path.Base(p) == "kustomization.yaml" && (strings.Contains(content, "://") || strings.Contains(content, "github.com/")) {
			in.out.Unextractable = append(in.out.Unextractable, skipped{Name: name, File: in.file, Reason: "remote resources (needs the network)"})
			return
		}
		files = append(files, file{Path: p, Content: content})
	}
	in.out.Cases = append(in.out.Cases, kase{Name: name, File: in.file, Dir: clean(dir), ExpectError: expectError, Files: files})
}
