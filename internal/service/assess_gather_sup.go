// Gathering the supervision record and the examiners' entries.

package service

import (
	"context"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// gatherSupervision counts, per assessed unit, over the scheme's year up
// to its check date:
//   - cases it leads closed in that span, and of them those whose feedback
//     came by the deadline (closed on time);
//   - cases it leads red at the check date: assigned by then, not closed
//     by then, past their deadline with no feedback by it; a case with an
//     approved 容错免责 exemption does not count;
//   - rectification items of the unit past their deadline at the check
//     date and not verified by then.
func (s *Service) gatherSupervision(ctx context.Context, sc domain.Scheme, units map[domain.ID]bool, in *domain.AssessInputs) error {
	if len(units) == 0 {
		return nil
	}
	var ids []domain.ID
	for id := range units {
		ids = append(ids, id)
	}
	r := s.db.Read()
	loc := s.cfg.Location
	yearStart := domain.NewDate(sc.Year, 1, 1)
	check := sc.CheckDate
	cases, err := r.Cases(ctx, store.CaseFilter{UnitIDs: ids, LeadOnly: true})
	if err != nil {
		return err
	}
	exempt, err := r.Exemptions(ctx, store.ExemptionFilter{Kind: domain.FailureCase, States: []domain.ExemptionState{domain.ExemptionApproved}})
	if err != nil {
		return err
	}
	exempted := map[domain.ID]bool{}
	for _, e := range exempt {
		exempted[e.TargetID] = true
	}
	sup := map[domain.ID]domain.AssessSupervision{}
	for _, c := range cases {
		if !units[c.LeadUnitID] || c.State == domain.CaseDraft || c.AssignedAt.IsZero() {
			continue
		}
		x := sup[c.LeadUnitID]
		closedBy := !c.ClosedAt.IsZero() && domain.DateOf(c.ClosedAt.In(loc)) <= check
		if closedBy && domain.DateOf(c.ClosedAt.In(loc)) >= yearStart {
			x.Closed++
			if !c.ReportedLate(loc) {
				x.ClosedOnTime++
			}
		}
		assignedBy := domain.DateOf(c.AssignedAt.In(loc)) <= check
		reportedInTime := !c.ReportedAt.IsZero() && domain.DateOf(c.ReportedAt.In(loc)) <= c.Deadline
		if assignedBy && !closedBy && !c.Deadline.IsZero() && c.Deadline < check && !reportedInTime && !exempted[c.ID] {
			x.Red++
		}
		sup[c.LeadUnitID] = x
	}
	rects, err := r.Rectifications(ctx, store.RectFilter{UnitIDs: ids})
	if err != nil {
		return err
	}
	for _, rc := range rects {
		if rc.Deadline.IsZero() || rc.Deadline >= check || rc.Deadline < yearStart || (!rc.IssuedOn.IsZero() && rc.IssuedOn > check) {
			continue
		}
		if rc.VerifiedOn.IsZero() || rc.VerifiedOn > check {
			x := sup[rc.UnitID]
			x.Unverified++
			sup[rc.UnitID] = x
		}
	}
	for id, x := range sup {
		in.Supervision[id] = x
	}
	return nil
}

// gatherEntries turns the examiners' entries on assessed units into the
// engine's manual scores; entries on rank criteria ranking an entered
// value give the value (the mean of the examiners' values).
func (s *Service) gatherEntries(ctx context.Context, sc domain.Scheme, units map[domain.ID]bool, in *domain.AssessInputs) error {
	entries, err := s.db.Read().AssessEntries(ctx, store.EntryFilter{SchemeID: sc.ID})
	if err != nil {
		return err
	}
	crit, _ := criteriaOf(sc.SchemeBody)
	type acc struct {
		sum float64
		n   int
	}
	ranked := map[string]map[domain.ID]*acc{}
	for _, e := range entries {
		c, ok := crit[e.Code]
		if !ok || !units[e.UnitID] || !takesEntries(c.Criterion) {
			continue
		}
		if c.Method == domain.MethodRank {
			if ranked[e.Code] == nil {
				ranked[e.Code] = map[domain.ID]*acc{}
			}
			a := ranked[e.Code][e.UnitID]
			if a == nil {
				a = &acc{}
				ranked[e.Code][e.UnitID] = a
			}
			a.sum += e.Score
			a.n++
			continue
		}
		if in.Manual[e.Code] == nil {
			in.Manual[e.Code] = map[domain.ID][]domain.ManualScore{}
		}
		in.Manual[e.Code][e.UnitID] = append(in.Manual[e.Code][e.UnitID], domain.ManualScore{ExaminerID: e.ExaminerID, Examiner: e.Examiner,
			Score: e.Score, Reason: e.Reason, At: e.At})
	}
	for code, byUnit := range ranked {
		in.Values[code] = map[domain.ID]float64{}
		for u, a := range byUnit {
			in.Values[code][u] = a.sum / float64(a.n)
		}
	}
	return nil
}
