// Package domain holds luoshi's types and the errors every layer shares.
// It does no I/O.
package domain

import (
	"errors"
	"fmt"
)

// Kind classifies an error so that one place (web and api) can map it to an
// HTTP status and decide whether its message may be shown to a user.
type Kind string

const (
	KindInvalid      Kind = "invalid"      // bad input: message is for the user
	KindNotFound     Kind = "not_found"    // no such thing, or not in the caller's scope
	KindConflict     Kind = "conflict"     // duplicate or stale write
	KindUnauthorized Kind = "unauthorized" // not logged in, bad credentials
	KindForbidden    Kind = "forbidden"    // logged in, but not allowed
	KindLocked       Kind = "locked"       // account locked after failed logins
	KindTooLarge     Kind = "too_large"    // upload over the limit
	KindInternal     Kind = "internal"     // everything else: details are logged, never shown
)

// Error is an application error whose Message is safe to show to users
// (already in the user's language, naming the row, field or reason).
type Error struct {
	Kind    Kind
	Message string
	// Field names the offending input field, when there is one.
	Field string
	// Details carries one line per problem when several were found at once
	// (an import that finds several unknown units lists them all).
	Details []string
	// Err is the underlying cause, logged but never shown.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Invalid is shorthand for a KindInvalid error about one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound is shorthand for a KindNotFound error.
func NotFound(format string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Message: fmt.Sprintf(format, args...)}
}

// Forbidden is shorthand for a KindForbidden error.
func Forbidden(format string, args ...any) *Error {
	return &Error{Kind: KindForbidden, Message: fmt.Sprintf(format, args...)}
}

// ErrorKind returns the kind of err; errors that are not *Error are internal.
func ErrorKind(err error) Kind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// ErrorMessage returns the user-safe message of err. Internal errors get a
// generic message: their text never reaches users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != KindInternal {
		return e.Message
	}
	return "系统内部错误，请稍后重试或联系管理员。"
}

// ErrorDetails returns the per-problem lines of err, if any.
func ErrorDetails(err error) []string {
	var e *Error
	if errors.As(err, &e) && e.Kind != KindInternal {
		return e.Details
	}
	return nil
}

// IsNotFound reports whether err is a not-found error.
func IsNotFound(err error) bool { return ErrorKind(err) == KindNotFound }
