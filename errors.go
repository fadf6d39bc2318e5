// Package hearth holds the domain of a self-hosted community server for
// health: communities, threads, posts and members, the services over them,
// and the one error type that every layer shares. It does no I/O.
package hearth

import (
	"errors"
	"fmt"
)

// Error codes. HTTP and the CLI map each code to a status once.
const (
	EConflict     = "conflict"
	EForbidden    = "forbidden"
	EInternal     = "internal"
	EInvalid      = "invalid"
	ENotFound     = "not_found"
	EUnauthorized = "unauthorized"
	ERateLimited  = "rate_limited"
	ETooLarge     = "too_large"
)

// Error is an error with a code and a message written for the member who
// will read it.
type Error struct {
	Code    string
	Message string
	// Field names the form field at fault, when there is one.
	Field string
}

func (e *Error) Error() string { return fmt.Sprintf("hearth %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an invalid-input error about one form field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an *Error in err's chain, or EInternal.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the member-facing message of err. Internal errors
// get a generic message so that no detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. Your text is safe; please try again in a moment."
}

// ErrorField returns the form field an error is about, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// ErrorMessageForCLI is like ErrorMessage but keeps internal detail, since
// the operator at a terminal is the one who must fix it.
func ErrorMessageForCLI(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
