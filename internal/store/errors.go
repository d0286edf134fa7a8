package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is returned (wrapped) when a row does not exist. Services turn
// it into a user-facing not-found error in the user's language.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is returned (wrapped) when a unique constraint refuses a row.
var ErrDuplicate = errors.New("duplicate")

func notFound(what string, id any) error {
	return fmt.Errorf("%s %v: %w", what, id, ErrNotFound)
}

// wrap turns driver errors into the package's sentinels where it can.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", op, ErrNotFound)
	}
	msg := err.Error()
	if strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505") {
		return fmt.Errorf("%s: %w: %v", op, ErrDuplicate, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}
