package store

import "github.com/luoshi/luoshi/internal/domain"

// nullID stores 0 as NULL, for optional references.
func nullID(id domain.ID) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullString stores "" as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
