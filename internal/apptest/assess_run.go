package apptest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
	"github.com/luoshi/luoshi/internal/store"
)

// BigAssessRun publishes a run of 500 units × 100 criteria (two categories of
// 250, four sections of 25 criteria) and returns its ID and the units (benchmarks of publication).
func BigAssessRun(tb testing.TB, env *Env) (domain.ID, []domain.ID) {
	tb.Helper()
	ctx := context.Background()
	units := make([]domain.ID, 500)
	err := env.App.DB.Update(ctx, func(tx *store.Tx) error {
		for i := range units {
			u := domain.Unit{Name: fmt.Sprintf("考核单位%03d", i), Kind: domain.UnitDepartment, Active: true}
			if err := tx.InsertUnit(ctx, &u, time.Now()); err != nil {
				return err
			}
			units[i] = u.ID
		}
		tx.MarkStructural()
		_, err := tx.Audit(ctx, store.Actor{Login: "bench"}, time.Now(), store.Change{Action: "seed", Entity: "test"})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	body := domain.SchemeBody{CheckDate: domain.MustDate("2026-12-31"), Rules: domain.AssessRules{TieBreak: []string{"section:s0", "penalty"},
		Grades: []domain.GradeRule{{Name: "优秀", QuotaPercent: 20, NoVeto: true}, {Name: "良好", QuotaPercent: 50}, {Name: "一般"}},
		Awards: []domain.AwardRule{{Name: "骏马奖", Criteria: []string{"c0", "c1"}}, {Name: "蜗牛奖", Worst: true}}, Talks: domain.TalkRule{BottomN: 3}}}
	for _, cat := range []string{"乡镇街道", "区直部门"} {
		c := domain.AssessCategory{Name: cat}
		for s := 0; s < 4; s++ {
			sec := domain.AssessSection{Key: fmt.Sprintf("s%d", s), Name: fmt.Sprintf("第%d部分", s+1), Max: 25}
			for k := 0; k < 25; k++ {
				sec.Criteria = append(sec.Criteria, domain.Criterion{Code: fmt.Sprintf("c%d", s*25+k), Name: fmt.Sprintf("指标%d", s*25+k),
					Kind: domain.CriterionBase, Max: 1, Method: domain.MethodManual})
			}
			c.Sections = append(c.Sections, sec)
		}
		body.Categories = append(body.Categories, c)
	}
	res := domain.AssessResult{SchemeID: 9}
	for i, id := range units {
		u := domain.UnitResult{UnitID: id, Unit: fmt.Sprintf("考核单位%03d", i), Category: body.Categories[i%2].Name}
		for k := 0; k < 100; k++ {
			u.Criteria = append(u.Criteria, domain.CriterionScore{Code: fmt.Sprintf("c%d", k), Name: fmt.Sprintf("指标%d", k), Kind: domain.CriterionBase,
				Section: fmt.Sprintf("s%d", k/25), Max: 1, Score: float64((i*7+k*13)%100) / 100,
				Formula: domain.Formula{Key: "manual_mean", Expr: "(0.8 + 0.9 + 0.7) ÷ 3 = 0.8", Inputs: []domain.FormulaInput{{Label: "examiner_score", Value: 0.8}}}})
		}
		res.Units = append(res.Units, u)
	}
	domain.RerankAssessment(body, &res)
	id, err := env.App.Service.PublishAssessment(ctx, service.SystemPrincipal("bench"), service.PublishInput{SchemeID: 9, Year: 2026,
		SchemeName: "基准考核", Body: body, Result: res})
	if err != nil {
		tb.Fatal(err)
	}
	return id, units
}
