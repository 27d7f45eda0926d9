//go:build tools

// Package tools pins the real sops and age-keygen commands that the SOPS conformance tests build
// as their oracle (go build of the listed commands, using this module's go.sum).
package tools

import (
	_ "filippo.io/age/cmd/age-keygen"
	_ "github.com/getsops/sops/v3/cmd/sops"
)
