package store

import (
	"fmt"
	"strings"

	"github.com/luoshi/luoshi/internal/domain"
)

// conds builds the WHERE clause of a filtered listing: conditions joined
// by AND, with numbered arguments. Empty lists and zero values add nothing.
type conds struct {
	parts []string
	args  []any
}

// ids adds "col IN (…)" for a non-empty list.
func (c *conds) ids(col string, list []domain.ID) {
	if len(list) == 0 {
		return
	}
	ph, a := idList(list, len(c.args))
	c.args = append(c.args, a...)
	c.parts = append(c.parts, col+" IN ("+ph+")")
}

// texts adds "col IN (…)" for a non-empty list of strings (states, kinds).
func texts[T ~string](c *conds, col string, list []T) {
	if len(list) == 0 {
		return
	}
	ph := make([]string, len(list))
	for i, v := range list {
		c.args = append(c.args, string(v))
		ph[i] = fmt.Sprintf("$%d", len(c.args))
	}
	c.parts = append(c.parts, col+" IN ("+strings.Join(ph, ",")+")")
}

// add adds a condition whose %d verbs are the numbers of vals, in order.
func (c *conds) add(cond string, vals ...any) {
	nums := make([]any, len(vals))
	for i, v := range vals {
		c.args = append(c.args, v)
		nums[i] = len(c.args)
	}
	c.parts = append(c.parts, fmt.Sprintf(cond, nums...))
}

// where is the clause ("1=1" when nothing filters) and its arguments.
func (c *conds) where() (string, []any) {
	if len(c.parts) == 0 {
		return "1=1", nil
	}
	return strings.Join(c.parts, " AND "), c.args
}
