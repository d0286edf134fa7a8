package store

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
)

// CaseListing lists the cases that pass f, newest first, with their
// co-units and linked tasks, and their marks (the parts given and the
// requests waiting): what an inbox or a listing shows, in two queries
// whatever the number of cases (a unit's inbox is read on every visit).
func (r *Reader) CaseListing(ctx context.Context, f CaseFilter) ([]domain.Case, CaseMarks, error) {
	marks := CaseMarks{Parts: map[domain.ID]map[int][]domain.ID{}, Pending: map[domain.ID]bool{}}
	where, args := f.where()
	cases, err := collect(ctx, r.q, "list cases", "SELECT "+caseCols+" FROM cases WHERE "+where+" ORDER BY id DESC", args, scanCase)
	if err != nil || len(cases) == 0 {
		return cases, marks, err
	}
	index := make(map[domain.ID]int, len(cases))
	for i, c := range cases {
		index[c.ID] = i
	}
	// One pass over everything hanging on the cases: co-units (0) in their
	// order, linked tasks (1), parts given (2) and requests waiting (3). The
	// filter's parameters are numbered, so its condition is repeated
	// without repeating its arguments.
	sel := "case_id IN (SELECT id FROM cases WHERE " + where + ")"
	q := "SELECT case_id, 0, unit_id, sort FROM case_units WHERE role = 'co' AND " + sel +
		" UNION ALL SELECT case_id, 1, task_id, 0 FROM case_tasks WHERE " + sel +
		" UNION ALL SELECT case_id, 2, unit_id, round FROM case_parts WHERE " + sel +
		" UNION ALL SELECT case_id, 3, 0, 0 FROM case_extensions WHERE state = 'pending' AND " + sel +
		" ORDER BY 1, 2, 4, 3"
	type link struct {
		caseID, id domain.ID
		kind, n    int
	}
	links, err := collect(ctx, r.q, "list case links", q, args, func(sc scanner) (link, error) {
		var l link
		err := sc.Scan(&l.caseID, &l.kind, &l.id, &l.n)
		return l, err
	})
	if err != nil {
		return nil, marks, err
	}
	for _, l := range links {
		i, ok := index[l.caseID]
		if !ok {
			continue
		}
		c := &cases[i]
		switch l.kind {
		case 0:
			c.CoUnitIDs = append(c.CoUnitIDs, l.id)
		case 1:
			c.TaskIDs = append(c.TaskIDs, l.id)
		case 2:
			if marks.Parts[l.caseID] == nil {
				marks.Parts[l.caseID] = map[int][]domain.ID{}
			}
			marks.Parts[l.caseID][l.n] = append(marks.Parts[l.caseID][l.n], l.id)
		case 3:
			marks.Pending[l.caseID] = true
		}
	}
	return cases, marks, nil
}
