package store

import (
	"context"
)

// scanner is what a row offers to a scan function.
type scanner interface{ Scan(...any) error }

// collect runs a query and scans every row with scan; op names the query
// in errors.
func collect[T any](ctx context.Context, q querier, op, query string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, wrap(op, err)
		}
		out = append(out, v)
	}
	return out, wrap(op, rows.Err())
}
