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

// A unit declares two highlights (a third refused), the office returns one
// and accepts the other, evaluation waits for acceptance; other units and
// leaders see what their scope allows; refusals change nothing.
func TestHighlightsWorkflow(t *testing.T) {
	apptest.Each(t, apptest.Options{}, func(t *testing.T, env *apptest.Env) {
		ctx := context.Background()
		svc := env.App.Service
		zjj, office := as(t, env, "zjj_lly"), as(t, env, "office")
		head := func() int64 { s, _, _ := env.App.DB.Read().Head(ctx); return s }
		refused := func(name string, err error, kind domain.Kind, text string) {
			t.Helper()
			if domain.ErrorKind(err) != kind || !strings.Contains(domain.ErrorMessage(err), text) {
				t.Errorf("%s: %v", name, err)
			}
		}
		a, err := svc.CreateHighlight(ctx, zjj, service.HighlightInput{Title: "老旧小区改造“绣花”模式", Content: "32个小区", Ambition: "全市第一",
			TaskIDs: []domain.ID{env.Fix.Tasks["1"]}, Declare: true})
		if err != nil {
			t.Fatal(err)
		}
		if a.State != domain.HighlightDeclared || a.Year != 2023 || a.Unit != "区住建局" || len(a.Tasks) != 1 || a.Can.Edit || a.Can.Decide {
			t.Errorf("declared: %+v", a)
		}
		b, err := svc.CreateHighlight(ctx, zjj, service.HighlightInput{Title: "智慧停车", Content: "2000个泊位", Ambition: "全省前列"})
		if err != nil {
			t.Fatal(err)
		}
		before := head()
		_, err = svc.CreateHighlight(ctx, zjj, service.HighlightInput{Title: "第三项", Content: "c", Ambition: "全市第一"})
		refused("a third", err, domain.KindConflict, "最多申报2项")
		_, err = svc.CreateHighlight(ctx, as(t, env, "czj_lly"), service.HighlightInput{UnitID: env.Fix.Units["区住建局"], Title: "t", Content: "c", Ambition: "全市第一"})
		refused("another unit's", err, domain.KindForbidden, "区住建局")
		_, err = svc.CreateHighlight(ctx, as(t, env, "czj_lly"), service.HighlightInput{Title: "t", Content: "c", Ambition: "宇宙第一"})
		refused("unknown ambition", err, domain.KindInvalid, "宇宙第一")
		_, err = svc.CreateHighlight(ctx, as(t, env, "czj_lly"), service.HighlightInput{Title: "t", Content: "c", Ambition: "全市第一", TaskIDs: []domain.ID{env.Fix.Tasks["3"]}})
		refused("another unit's task", err, domain.KindInvalid, "不是“区财政局”牵头或配合")
		_, err = svc.EvaluateHighlight(ctx, office, a.ID, domain.HighlightEvaluation{Achieved: domain.AchievedMet, Grade: "优秀", Comment: "好"})
		refused("evaluation before acceptance", err, domain.KindConflict, "认定后才能进行年终评价")
		_, err = svc.DecideHighlight(ctx, zjj, a.ID, service.HighlightDecision{Accept: true})
		refused("a liaison decides", err, domain.KindForbidden, "")
		_, err = svc.DecideHighlight(ctx, office, b.ID, service.HighlightDecision{Accept: true})
		refused("deciding a draft", err, domain.KindConflict, "只有已申报的亮点")
		_, err = svc.DecideHighlight(ctx, office, a.ID, service.HighlightDecision{Accept: false})
		refused("returning without a reason", err, domain.KindInvalid, "退回原因")
		if head() != before {
			t.Error("a refusal changed the database")
		}

		if a, err = svc.DecideHighlight(ctx, office, a.ID, service.HighlightDecision{Accept: true, Note: "同意"}); err != nil || a.State != domain.HighlightAccepted || !a.Can.Evaluate {
			t.Fatalf("accept: %+v %v", a, err)
		}
		score := 92.5
		if a, err = svc.EvaluateHighlight(ctx, office, a.ID, domain.HighlightEvaluation{Achieved: domain.AchievedPartly, Score: &score, Comment: "全市第二"}); err != nil ||
			a.Evaluation == nil || *a.Evaluation.Score != 92.5 || a.Evaluation.EvaluatedBy != "吴督查" {
			t.Fatalf("evaluate: %+v %v", a, err)
		}
		if _, err := svc.DeclareHighlight(ctx, zjj, b.ID); err != nil {
			t.Fatal(err)
		}
		if b, err = svc.DecideHighlight(ctx, office, b.ID, service.HighlightDecision{Note: "目标需量化"}); err != nil || b.State != domain.HighlightReturned || b.Can.Edit {
			t.Fatalf("return: %+v %v", b, err)
		}
		if mine, _ := svc.Highlight(ctx, zjj, b.ID); mine == nil || !mine.Can.Edit {
			t.Errorf("the unit may edit a returned highlight: %+v", mine)
		}
		if err := svc.DeleteHighlight(ctx, zjj, b.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateHighlight(ctx, zjj, service.HighlightInput{Title: "第三项", Content: "c", Ambition: "全市前列"}); err != nil {
			t.Errorf("a withdrawn highlight frees its place: %v", err)
		}

		for _, c := range []struct {
			login string
			n     int
		}{{"office", 2}, {"zjj_fzr", 2}, {"czj_lly", 0}, {"leader_wang", 2}, {"leader_li", 0}} {
			hs, err := svc.Highlights(ctx, as(t, env, c.login), 2023)
			if err != nil || len(hs) != c.n {
				t.Errorf("%s reads %d highlights (%v), want %d", c.login, len(hs), err, c.n)
			}
		}
		for _, c := range []struct {
			login string
			n     int
		}{{"office", 2}, {"czj_lly", 0}} {
			hs, err := svc.UnitHighlights(ctx, as(t, env, c.login), 2023, a.UnitID)
			if err != nil || len(hs) != c.n {
				t.Errorf("%s reads %d of the unit's highlights (%v), want %d", c.login, len(hs), err, c.n)
			}
			for _, h := range hs {
				if h.UnitID != a.UnitID {
					t.Errorf("another unit's highlight: %+v", h)
				}
			}
		}
		if hs, err := svc.UnitHighlights(ctx, office, 2023, a.UnitID+1000); err != nil || len(hs) != 0 {
			t.Errorf("a unit without highlights: %v %v", hs, err)
		}
		if _, err := svc.Highlight(ctx, as(t, env, "czj_lly"), a.ID); domain.ErrorKind(err) != domain.KindNotFound {
			t.Errorf("another unit reads it: %v", err)
		}
		es, _ := env.App.DB.Read().AuditEntries(ctx, store.AuditFilter{Entity: "highlight"})
		if len(es) != 8 {
			t.Errorf("audit entries: %d", len(es))
		}
	})
}
