package demo

import (
	"math"
	"time"

	"github.com/luoshi/luoshi/internal/cadence"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/store"
)

// repAudit is the compact state a report's audit entry records.
type repAudit struct {
	Progress   float64             `json:"progress"`
	Status     domain.ReportStatus `json:"status"`
	Period     string              `json:"period"`
	Version    int                 `json:"version,omitempty"`
	Supersedes domain.ID           `json:"supersedes,omitempty"`
	Comment    string              `json:"comment,omitempty"`
}

// writeReports writes every task's weekly reports, week by week across the
// district so the audit log runs in date order, in batches of transactions.
// Only per-task state is held in memory.
func (g *gen) writeReports(d *district, stage string) error {
	first := domain.NewDate(g.year, 1, 1)
	first = first.AddDays(1 - weekdayISO(first))
	var mondays []domain.Date
	for m := first; m <= g.asOf; m = m.AddDays(7) {
		mondays = append(mondays, m)
	}
	total := len(mondays) * len(d.tasks)
	if total == 0 {
		return nil
	}
	pos := 0
	step := func(tx *store.Tx) (bool, error) {
		wi, ti := pos/len(d.tasks), pos%len(d.tasks)
		pos++
		t := d.tasks[ti]
		if date := t.slotDate(mondays[wi], g.asOf); date != 0 {
			if err := g.report(tx, t, date); err != nil {
				return false, err
			}
		}
		return pos < total, nil
	}
	g.progress(stage, 0, total)
	return g.batch(reportBatch, step, func() { g.progress(stage, pos, total) })
}

// report writes one task's report for the week of date: submitted by the
// unit's liaison (on time mostly, sometimes late, now and then missing),
// approved by its head the next working day (or returned once first), and
// rarely corrected afterwards as a second version. Reviews of an earlier
// year's last reports go on into the next year, up to the options' AsOf.
func (g *gen) report(tx *store.Tx, t *task, date domain.Date) error {
	u, asOf := t.unit, g.opt.AsOf
	final := date == t.ref
	if !final && g.chance(u.missRate) {
		return nil
	}
	p := math.Max(t.progress(date), t.last)
	per := cadence.Of(domain.CadenceWeekly, cadence.DefaultWeeklyDueDay, date)
	sub := at(date, g.between(15, 18), g.r.IntN(60))
	lateOdds := 0.05
	if u.trait == traitLagging {
		lateOdds = 0.25
	}
	if late := per.Deadline.AddDays(3); g.chance(lateOdds) && late <= asOf {
		sub = at(late, g.between(9, 11), g.r.IntN(60))
	}
	appr := at(nextWorkday(domain.DateOf(sub)), g.between(9, 11), g.r.IntN(60))
	if domain.DateOf(appr) > asOf {
		appr = time.Time{}
		if !u.slow {
			appr = sub.Add(time.Duration(60+g.r.IntN(120)) * time.Minute)
		}
	}
	when, goal := t.nextNode(date, p)
	rep := domain.Report{TaskID: t.id, UnitID: u.id, Period: per.Key, Date: date, Progress: p, Status: domain.ReportSubmitted,
		Version: 1, Source: domain.SourceWeb, AuthorID: u.lly, SubmittedAt: sub}
	rep.Done, rep.Problems, rep.NextSteps = reportText(g.r, t, p, t.planned(date)-p, when, goal)
	for k := t.done; k < len(t.nodes) && t.nodes[k].pct <= p; k++ {
		rep.MilestoneIDs = append(rep.MilestoneIDs, t.nodes[k].id)
	}
	if err := tx.InsertReport(g.ctx, &rep, g.now); err != nil {
		return err
	}
	g.res.Reports++
	prev := t.last
	t.last = p
	if appr.IsZero() {
		return g.audit(tx, "report.create", "report", rep.ID, date, repAudit{Progress: p, Status: rep.Status, Period: rep.Period})
	}
	if again := at(nextWorkday(domain.DateOf(appr)), g.between(9, 11), g.r.IntN(60)); g.chance(0.03) && domain.DateOf(again) <= asOf {
		if err := g.sendBack(tx, &rep, u.head, appr); err != nil {
			return err
		}
		appr = again
	}
	comment := pick(g.r, approveComments)
	if err := g.approve(tx, &rep, u.head, appr, comment, "report.approve"); err != nil {
		return err
	}
	if err := g.completeNodes(tx, t, rep); err != nil {
		return err
	}
	// A correction after approval: a second version of the same period.
	fix := at(nextWorkday(nextWorkday(domain.DateOf(appr))), g.between(9, 16), g.r.IntN(60))
	fixAppr := at(nextWorkday(domain.DateOf(fix)), g.between(9, 11), g.r.IntN(60))
	if !g.chance(0.01) || domain.DateOf(fixAppr) > asOf {
		return nil
	}
	v2 := rep
	v2.ID, v2.Version, v2.Supersedes, v2.Status = 0, 2, rep.ID, domain.ReportSubmitted
	v2.SubmittedAt, v2.ReviewerID, v2.ReviewedAt, v2.ReviewComment, v2.MilestoneIDs = fix, 0, time.Time{}, "", nil
	v2.Done = "（更正）" + rep.Done
	if len(rep.MilestoneIDs) == 0 && t.kind != profSprint {
		v2.Progress = math.Max(prev, round1(p-g.r.Float64()*2))
	}
	if err := tx.InsertReport(g.ctx, &v2, g.now); err != nil {
		return err
	}
	g.res.Reports++
	return g.approve(tx, &v2, u.head, fixAppr, "同意更正。", "report.revise")
}

// sendBack returns a submitted report with a reason and has the liaison
// send it again, as the real review does.
func (g *gen) sendBack(tx *store.Tx, rep *domain.Report, head domain.ID, at time.Time) error {
	reason := pick(g.r, returnReasons)
	rep.Status, rep.ReviewerID, rep.ReviewedAt, rep.ReviewComment = domain.ReportReturned, head, at, reason
	if err := tx.UpdateReport(g.ctx, *rep); err != nil {
		return err
	}
	if err := g.audit(tx, "report.return", "report", rep.ID, rep.Date,
		repAudit{Progress: rep.Progress, Status: rep.Status, Period: rep.Period, Comment: reason}); err != nil {
		return err
	}
	rep.Status, rep.ReviewerID, rep.ReviewedAt, rep.ReviewComment = domain.ReportSubmitted, 0, time.Time{}, ""
	rep.SubmittedAt = at.Add(time.Duration(90+g.r.IntN(180)) * time.Minute)
	rep.Done += "已按审核意见补充完善相关数据。"
	return tx.UpdateReport(g.ctx, *rep)
}

// approve approves a report as its unit's head; the approval's audit entry
// carries the sequence the read models follow.
func (g *gen) approve(tx *store.Tx, rep *domain.Report, head domain.ID, at time.Time, comment, action string) error {
	seq := tx.NextSeq()
	if err := tx.ApproveReport(g.ctx, rep.ID, head, at, comment, seq); err != nil {
		return err
	}
	rep.Status, rep.ReviewerID, rep.ReviewedAt, rep.ReviewComment = domain.ReportApproved, head, at, comment
	return g.audit(tx, action, "report", rep.ID, rep.Date, repAudit{Progress: rep.Progress, Status: rep.Status, Period: rep.Period,
		Version: rep.Version, Supersedes: rep.Supersedes, Comment: comment})
}

// completeNodes completes the nodes an approved report declares, on its date.
func (g *gen) completeNodes(tx *store.Tx, t *task, rep domain.Report) error {
	for _, id := range rep.MilestoneIDs {
		if err := tx.CompleteMilestone(g.ctx, id, rep.Date, ""); err != nil {
			return err
		}
		if err := g.audit(tx, "milestone.complete", "milestone", id, rep.Date,
			map[string]any{"completed_on": rep.Date, "report_id": rep.ID}); err != nil {
			return err
		}
		t.done++
	}
	return nil
}

// at is a time of day on d in the deployment's zone.
func at(d domain.Date, hour, minute int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, cst)
}

// nextWorkday is the next Monday-to-Friday after d.
func nextWorkday(d domain.Date) domain.Date {
	d = d.AddDays(1)
	for weekdayISO(d) > 5 {
		d = d.AddDays(1)
	}
	return d
}
