package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/luoshi/luoshi/internal/apptest"
	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// approved records and approves a report of a task at pct.
func approved(t *testing.T, env *apptest.Env, liaison, head string, task domain.ID, date string, pct float64) {
	t.Helper()
	ctx := context.Background()
	rep, err := env.App.Service.SaveReport(ctx, as(t, env, liaison), task, service.ReportInput{Date: domain.MustDate(date), Progress: pct, Done: "进展", Submit: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Service.ApproveReport(ctx, as(t, env, head), rep.ID, ""); err != nil {
		t.Fatal(err)
	}
}

func names(rows []service.ReviewRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

// On 2023-07-02, 183 of 365 days are gone (50.14%): 区财政局 at 60% passes,
// 区住建局 with nothing reported fails and lists its lagging tasks; each
// caller sees only their own groups.
func TestHalfTimeReviewScope(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc := env.App.Service
		approved(t, env, "czj_lly", "czj_fzr", env.Fix.Tasks["2"], "2023-06-28", 60)
		date := domain.MustDate("2023-07-02")
		rev, err := svc.HalfTimeReview(ctx, as(t, env, "office"), date, service.ReviewFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if rev.TimeProgress != 50.13 || rev.SpanStart != domain.MustDate("2023-01-01") {
			t.Errorf("time progress %v span %v", rev.TimeProgress, rev.SpanStart)
		}
		if got := strings.Join(names(rev.Units), ","); got != "区住建局,区城管局,东湖街道,区财政局" {
			t.Errorf("office units, failing first: %s", got)
		}
		var zjj, czj service.ReviewRow
		for _, r := range rev.Units {
			switch r.Name {
			case "区住建局":
				zjj = r
			case "区财政局":
				czj = r
			}
		}
		if zjj.Pass || zjj.Tasks != 2 || len(zjj.Behind) != 1 || zjj.Behind[0].Number != "1" || zjj.Behind[0].Leaders[0] != "王建新" {
			t.Errorf("区住建局: %+v", zjj)
		}
		if !czj.Pass || czj.Progress != 60 || czj.Gap >= 0 {
			t.Errorf("区财政局: %+v", czj)
		}
		if len(rev.Sectors) != 4 || len(rev.Fronts) != 2 || len(rev.Leaders) != 2 {
			t.Errorf("office groups: %v %v %v", names(rev.Sectors), names(rev.Fronts), names(rev.Leaders))
		}

		unit, err := svc.HalfTimeReview(ctx, as(t, env, "zjj_lly"), date, service.ReviewFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(names(unit.Units), ","); got != "区住建局" || len(unit.Sectors)+len(unit.Fronts)+len(unit.Leaders) != 0 {
			t.Errorf("a unit's liaison sees %s and %d other groups", got, len(unit.Sectors)+len(unit.Fronts)+len(unit.Leaders))
		}
		for _, tk := range unit.LaggingTasks() {
			if tk.LeadUnits[0] != "区住建局" && tk.LeadUnits[0] != "区财政局" {
				t.Errorf("the liaison sees another unit's task: %+v", tk)
			}
		}

		lead, err := svc.HalfTimeReview(ctx, as(t, env, "leader_li"), date, service.ReviewFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(append(append(append(names(lead.Units), names(lead.Sectors)...), names(lead.Fronts)...), names(lead.Leaders)...), ","); got != "区财政局,经济发展口,招商税源战线,李经发" {
			t.Errorf("leader_li sees %s", got)
		}
		if !lead.Total.Pass || lead.Total.Tasks != 1 {
			t.Errorf("leader_li's total: %+v", lead.Total)
		}
	})
}

// A date that is not a date, out of range, or a plan one cannot see is
// refused in Chinese; reading writes nothing, the export writes one audit
// entry.
func TestHalfTimeReviewInputAndAudit(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc := env.App.Service
		for _, s := range []string{"2023-02-30", "明天", "2023/07/01"} {
			_, err := service.ParseReviewDate(ctx, s)
			if domain.ErrorKind(err) != domain.KindInvalid || !strings.Contains(domain.ErrorMessage(err), "不是有效日期") || !strings.Contains(domain.ErrorMessage(err), s) {
				t.Errorf("%q: %v", s, err)
			}
		}
		if d, err := service.ParseReviewDate(ctx, " "); err != nil || !d.IsZero() {
			t.Errorf("empty date: %v %v", d, err)
		}
		office := as(t, env, "office")
		if _, err := svc.HalfTimeReview(ctx, office, domain.MustDate("1999-06-30"), service.ReviewFilter{}); domain.ErrorKind(err) != domain.KindInvalid || !strings.Contains(domain.ErrorMessage(err), "超出范围") {
			t.Errorf("1999: %v", err)
		}
		if _, err := svc.HalfTimeReview(ctx, office, 0, service.ReviewFilter{PlanID: 9999}); domain.ErrorKind(err) != domain.KindInvalid {
			t.Errorf("unknown plan: %v", err)
		}
		if _, err := svc.HalfTimeReview(ctx, as(t, env, domain.LoginSysAdmin), 0, service.ReviewFilter{}); domain.ErrorKind(err) != domain.KindForbidden {
			t.Errorf("sysadmin: %v", err)
		}
		seq, _, _ := env.App.DB.Read().Head(ctx)
		rev, err := svc.HalfTimeReview(ctx, office, 0, service.ReviewFilter{PlanID: env.Fix.Plan.ID})
		if err != nil {
			t.Fatal(err)
		}
		if rev.Date != svc.Today() || rev.Plan != env.Fix.Plan.Name {
			t.Errorf("default date and plan: %v %q", rev.Date, rev.Plan)
		}
		if after, _, _ := env.App.DB.Read().Head(ctx); after != seq {
			t.Error("reading the review wrote the audit log")
		}
		if _, err := svc.ReviewExport(ctx, office, domain.MustDate("2023-06-30"), service.ReviewFilter{}); err != nil {
			t.Fatal(err)
		}
		es, err := env.App.DB.Read().AuditEntries(ctx, store.AuditFilter{Action: "review.export"})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].EntityID != "2023-06-30" || es[0].Actor != "office" || !strings.Contains(es[0].After, `"failing"`) {
			t.Errorf("audit: %+v", es)
		}
	})
}
