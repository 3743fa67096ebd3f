// Package model holds Portal's domain types and domain errors. It imports
// nothing but the standard library.
package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Domain errors. The store maps driver errors to these; services return
// them; httpx picks status codes for them.
var (
	ErrNotFound     = errors.New("not found")
	ErrForbidden    = errors.New("forbidden")
	ErrUnauthorized = errors.New("unauthorized")
	ErrConflict     = errors.New("conflict")
	ErrRateLimited  = errors.New("too many attempts")
)

// ValidationError says which fields of an input are wrong and why. Its
// messages are safe to show to the person who sent the input.
type ValidationError struct {
	Fields map[string]string
}

// Invalid builds a ValidationError for one field.
func Invalid(field, msg string) *ValidationError {
	return &ValidationError{Fields: map[string]string{field: msg}}
}

// Add records a problem with a field.
func (v *ValidationError) Add(field, msg string) {
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	if _, seen := v.Fields[field]; !seen {
		v.Fields[field] = msg
	}
}

// OrNil returns v when it holds any problem, else nil (as a plain error).
func (v *ValidationError) OrNil() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

func (v *ValidationError) Error() string {
	keys := make([]string, 0, len(v.Fields))
	for k := range v.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %s", k, v.Fields[k])
	}
	return strings.Join(parts, "; ")
}

// SafeError carries an internal error and a separate text that may be shown
// to a client. Status, when not zero, is the HTTP status to answer with.
type SafeError struct {
	Err    error
	Public string
	Status int
}

func (e *SafeError) Error() string {
	if e.Err == nil {
		return e.Public
	}
	return e.Err.Error()
}

func (e *SafeError) Unwrap() error { return e.Err }
